import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callWasmKernel, release } from './compose.js';

type Shape4 = [number, number, number, number];

/**
 * `Conv2DBackpropFilter` for the `wasm` backend (tfjs-backend-wasm has none), NHWC, dilation 1.
 *
 * dW[a,b,ci,co] = Σ_{n,i,j} x[n, s·i + a − padTop, s·j + b − padLeft, ci] · dy[n,i,j,co] is itself
 * a convolution once the batch becomes the channel axis: with xt = x transposed to
 * [Ci, H, W, B] and dyt = dy transposed to [Ho, Wo, B, Co], dW (as [Ci, k, k, Co]) is
 * `conv2d(xt, dyt)` with dilation = stride. That runs on XNNPACK, where the stock paths
 * (im2col, Conv3DBackpropFilterV2) run 40× slower or, for strides above 1, wrong.
 *
 * @example
 * ```ts
 * tf.registerKernel(conv2DBackpropFilterWasmConfig);
 * const dw = tf.conv2DBackpropFilter(x, dy, [4, 4, 3, 64], 2, 'same');
 * ```
 */
export const conv2DBackpropFilterWasmConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilterWasm as unknown as tf.KernelFunc,
};

function conv2DBackpropFilterWasm(args: {
  inputs: tf.Conv2DBackpropFilterInputs;
  backend: BackendWasm;
  attrs: tf.Conv2DBackpropFilterAttrs;
}): tf.TensorInfo {
  const { backend, inputs, attrs } = args;
  const x = inputs.x as tf.TensorInfo;
  const dy = inputs.dy as tf.TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  if (dataFormat !== 'NHWC') {
    throw new Error(`Conv2DBackpropFilter (wasm): dataFormat must be 'NHWC', got '${dataFormat}'`);
  }
  const convInfo = tf.backend_util.computeConv2DInfo(
    x.shape as Shape4,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = convInfo;
  const [, inHeight, inWidth, inChannels] = x.shape as Shape4;
  const [, outHeight, outWidth, outChannels] = dy.shape as Shape4;
  if (outHeight !== convInfo.outHeight || outWidth !== convInfo.outWidth || outChannels !== convInfo.outChannels) {
    throw new Error(
      `Conv2DBackpropFilter (wasm): dy has shape [${dy.shape}] but x [${x.shape}] with filter ` +
        `[${filterShape}] gives [${convInfo.outShape}]`,
    );
  }
  const padTop = convInfo.padInfo.top;
  const padLeft = convInfo.padInfo.left;
  // Rows past the last one any output reads contribute nothing; a negative pad would crop
  // them, which the conv cannot do, so pad at 0 and drop the surplus output rows instead.
  const padBottom = Math.max(0, kh + (outHeight - 1) * sh - inHeight - padTop);
  const padRight = Math.max(0, kw + (outWidth - 1) * sw - inWidth - padLeft);

  const xt = callWasmKernel('Transpose', backend, { x }, { perm: [3, 1, 2, 0] });
  const dyt = callWasmKernel('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] });
  const dwt = callWasmKernel(
    'Conv2D',
    backend,
    { x: xt, filter: dyt },
    {
      strides: [1, 1],
      pad: [
        [0, 0],
        [padTop, padBottom],
        [padLeft, padRight],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: [sh, sw],
      dimRoundingMode: null,
    } as unknown as tf.NamedAttrMap,
  );
  release(backend, xt, dyt);
  let cropped = dwt;
  const [, gotHeight, gotWidth] = dwt.shape as Shape4;
  if (gotHeight !== kh || gotWidth !== kw) {
    cropped = callWasmKernel('Slice', backend, { x: dwt }, { begin: [0, 0, 0, 0], size: [inChannels, kh, kw, outChannels] });
    release(backend, dwt);
  }
  const dw = callWasmKernel('Transpose', backend, { x: cropped }, { perm: [1, 2, 0, 3] });
  release(backend, cropped);
  return dw;
}
