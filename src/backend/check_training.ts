import * as tf from '@tensorflow/tfjs-core';

/**
 * Forward kernels the OCR-GAN blocks and losses run (kernel names as tfjs registers them:
 * `Multiply`, not `Mul`; `Concat`, not `ConcatV2`).
 */
export const forwardKernels = [
  'Conv2D', 'Conv2DBackpropInput', 'Add', 'AddN', 'Sub', 'Multiply', 'RealDiv', 'Neg', 'Square',
  'SquaredDifference', 'Sqrt', 'Rsqrt', 'Exp', 'Log', 'Abs', 'Tanh', 'Sigmoid', 'Relu', 'LeakyRelu',
  'Maximum', 'Minimum', 'ClipByValue', 'Sum', 'Mean', 'Max', 'Reshape', 'Concat', 'Transpose',
  'Slice', 'PadV2', 'MirrorPad', 'BatchMatMul', 'Cast', 'Identity', 'Pack', 'Unpack', 'Tile',
  'Fill',
  // the blur of the frequency decomposition, on data only (never differentiated)
  'DepthwiseConv2dNative',
] as const;

/**
 * Kernels the backward pass runs in addition to the forward ones: those the gradients of
 * `registerMissingGradients` call, and those tfjs's own gradients call, which are the ones
 * in use when an application imports `@tensorflow/tfjs-core/dist/register_all_gradients`
 * before `initBackend` (tfjs-core registers no gradient on import by itself).
 */
export const backwardKernels = [
  'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'Conv2D',
  // masks of relu, leakyRelu, abs, maximum/minimum and clipByValue
  'Step', 'Sign', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'LogicalAnd', 'Select',
  'ZerosLike',
  // slicing and padding that undo concat, slice, pad and mirrorPad
  'Reverse', 'SplitV',
  // tfjs's rsqrt gradient
  'Pow',
] as const;

/** Kernels whose gradient training needs. */
export const differentiatedKernels = [
  'Conv2D', 'Conv2DBackpropInput', 'Add', 'AddN', 'Sub', 'Multiply', 'RealDiv', 'Neg', 'Square',
  'SquaredDifference', 'Sqrt', 'Rsqrt', 'Exp', 'Log', 'Abs', 'Tanh', 'Sigmoid', 'Relu',
  'LeakyRelu', 'Maximum', 'Minimum', 'ClipByValue', 'Sum', 'Mean', 'Reshape', 'Concat',
  'Transpose', 'Slice', 'PadV2', 'MirrorPad', 'BatchMatMul', 'Cast', 'Identity', 'Pack', 'Unpack',
  'Tile',
] as const;

/** Thrown by {@link checkCanTrain}, listing everything that is missing at once. */
export class BackendCannotTrainError extends Error {
  override readonly name = 'BackendCannotTrainError';
  constructor(
    readonly backend: string,
    readonly missingKernels: readonly string[],
    readonly missingGradients: readonly string[],
  ) {
    const parts: string[] = [];
    if (missingKernels.length > 0) parts.push(`kernels not registered: ${missingKernels.join(', ')}`);
    if (missingGradients.length > 0) parts.push(`gradients not registered: ${missingGradients.join(', ')}`);
    super(
      `backend '${backend}' cannot train OCR-GAN: ${parts.join('; ')}. ` +
        `Call initBackend({ backend: '${backend}' }), which registers what ocr-gan supplies.`,
    );
  }
}

/** What a backend lacks for training: kernels and gradients, each list sorted. */
export function missingForTraining(backend: string): { kernels: string[]; gradients: string[] } {
  const kernels = [...new Set([...forwardKernels, ...backwardKernels])]
    .filter((k) => tf.getKernel(k, backend) === undefined)
    .sort();
  const gradients = differentiatedKernels.filter((k) => tf.getGradient(k) === undefined).sort();
  return { kernels, gradients };
}

/**
 * Checks that a backend has every kernel and gradient OCR-GAN training needs, and throws one
 * error that lists all that is missing.
 *
 * @example
 * ```ts
 * import { initBackend, checkCanTrain } from 'ocr-gan';
 * await initBackend({ backend: 'cpu' });
 * checkCanTrain('cpu'); // throws BackendCannotTrainError if anything is missing
 * ```
 */
export function checkCanTrain(backend: string = tf.getBackend()): void {
  const { kernels, gradients } = missingForTraining(backend);
  if (kernels.length > 0 || gradients.length > 0) {
    throw new BackendCannotTrainError(backend, kernels, gradients);
  }
}
