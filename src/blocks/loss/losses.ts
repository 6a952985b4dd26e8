import * as tf from '@tensorflow/tfjs-core';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith, formatIssue, refineNumber, withDefaults } from '../../config/index.js';
import type { Dim, Images, Scalar, Shape, Tensor } from '../../tensor/index.js';
import { checkFloat, checkSameShape } from './check.js';

/**
 * Every loss here can be differentiated with `tf.grads` / `tf.variableGrads` on every
 * backend: they are built from ops with gradients (sub, abs, square, squared difference,
 * mean, mul, addN), and the two BCE forms carry their own closed-form gradient.
 */

/**
 * Content loss, eq. (9): the mean absolute error over all elements (L1), unweighted.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { contentLoss, assertShape } from 'ocr-gan';
 * const x = assertShape('example', 'x', tf.zeros([2, 32, 32, 3]), [2, 32, 32, 3] as const);
 * const xHat = assertShape('example', 'xHat', tf.ones([2, 32, 32, 3]), [2, 32, 32, 3] as const);
 * contentLoss(x, xHat); // Scalar, 1
 * ```
 */
export function contentLoss<B extends Dim, H extends Dim, W extends Dim, C extends Dim>(
  x: Images<B, H, W, C>,
  xHat: Images<NoInfer<B>, NoInfer<H>, NoInfer<W>, NoInfer<C>>,
): Scalar {
  const fn = 'contentLoss';
  checkFloat(fn, 'x', x, 4, '[B, H, W, C]');
  checkFloat(fn, 'xHat', xHat, 4, '[B, H, W, C]');
  checkSameShape(fn, 'x', x, 'xHat', xHat);
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(x, xHat)))) as Scalar;
}

/**
 * Latent loss: the mean squared difference of the discriminator's latent features over all
 * elements (eq. (11) with the real/fake pair; see `docs/fidelity.md` for the forged term).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { latentLoss, assertShape } from 'ocr-gan';
 * const fr = assertShape('example', 'fr', tf.zeros([4, 1, 1, 100]), [4, 1, 1, 100] as const);
 * const ff = assertShape('example', 'ff', tf.fill([4, 1, 1, 100], 2), [4, 1, 1, 100] as const);
 * latentLoss(fr, ff); // Scalar, 4
 * ```
 */
export function latentLoss<S extends Shape>(fReal: Tensor<S>, fFake: Tensor<NoInfer<S>>): Scalar {
  const fn = 'latentLoss';
  checkFloat(fn, 'fReal', fReal, -1, '[B, …]');
  checkFloat(fn, 'fFake', fFake, -1, '[B, …]');
  checkSameShape(fn, 'fReal', fReal, 'fFake', fFake);
  return tf.tidy(() => tf.mean(tf.squaredDifference(fReal, fFake))) as Scalar;
}

/** The label an adversarial loss pushes the discriminator's output towards: 1 real, 0 fake. */
export type AdversarialTarget = 0 | 1;

/**
 * A pluggable adversarial loss: the discriminator's output for a batch (probabilities or
 * logits, whichever the loss expects) and the label every element should have → the mean
 * loss. {@link bceLoss}, {@link bceWithLogitsLoss} and {@link leastSquaresLoss} are three.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { type AdversarialLoss } from 'ocr-gan';
 * // A hinge loss on logits, as a drop-in replacement.
 * const hinge: AdversarialLoss = (logit, target) =>
 *   tf.tidy(() => tf.mean(tf.relu(tf.sub(1, tf.mul(logit, target === 1 ? 1 : -1))))) as never;
 * ```
 */
export type AdversarialLoss = <S extends Shape>(output: Tensor<S>, target: AdversarialTarget) => Scalar;

function checkAdversarial(fn: string, output: tf.Tensor, target: unknown): void {
  checkFloat(fn, 'output', output, -1, '[B, …]');
  if (target !== 0 && target !== 1) {
    throw new RangeError(`${fn}: argument 'target' must be 0 or 1, got ${JSON.stringify(target)}`);
  }
}

/**
 * Per-element BCE on probabilities, `−max(log q, −100)` with q = p (target 1) or 1 − p
 * (target 0), as PyTorch's `BCELoss`. Its gradient is PyTorch's too,
 * `(p − y) / max(p(1 − p), 1e-12)`: finite at p ∈ {0, 1}, where the plain derivative of the
 * clamped log would be 0/0. A custom gradient also keeps the clamp's `where` off the tape,
 * so no backend needs a gradient for it.
 */
function bceElements(prob: tf.Tensor, target: AdversarialTarget): tf.Tensor {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [p, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([p]);
    const q = target === 1 ? p : tf.sub(1, p);
    const positive = tf.greater(q, 0);
    const logq = tf.where(positive, tf.log(tf.where(positive, q, tf.onesLike(q))), tf.fill(q.shape, -100));
    return {
      value: tf.neg(tf.maximum(logq, tf.scalar(-100))),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const x = saved[0] as tf.Tensor;
        return tf.div(tf.mul(dy, tf.sub(x, target)), tf.maximum(tf.mul(x, tf.sub(1, x)), tf.scalar(1e-12)));
      },
    };
  });
  return f(prob);
}

/**
 * Per-element BCE on logits, `softplus(−z)` for target 1 and `softplus(z)` for target 0,
 * written as `max(u, 0) + log(1 + exp(−|u|))` so it never overflows; the gradient is the
 * closed form `σ(z) − y` rather than autodiff through the kinks of `max` and `|·|`.
 */
function bceLogitElements(logit: tf.Tensor, target: AdversarialTarget): tf.Tensor {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [z, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([z]);
    const u = target === 1 ? tf.neg(z) : z;
    return {
      value: tf.add(tf.relu(u), tf.log(tf.add(1, tf.exp(tf.neg(tf.abs(u)))))),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, tf.sub(tf.sigmoid(saved[0] as tf.Tensor), target)),
    };
  });
  return f(logit);
}

/**
 * Binary cross-entropy on **probabilities**, the batch mean of
 * `−(y·log p + (1−y)·log(1−p))`, with each log clamped at −100 as PyTorch's `BCELoss` does
 * (so p ∈ {0, 1} gives 100, not ∞). This is the loss of the paper and the official code.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { bceLoss, assertShape } from 'ocr-gan';
 * const p = assertShape('example', 'p', tf.tensor1d([0.9, 0.8]), [2] as const);
 * bceLoss(p, 1); // −(log 0.9 + log 0.8)/2 ≈ 0.164
 * ```
 */
export function bceLoss<S extends Shape>(prob: Tensor<S>, target: AdversarialTarget): Scalar {
  checkAdversarial('bceLoss', prob, target);
  return tf.tidy(() => tf.mean(bceElements(prob, target))) as Scalar;
}

/**
 * Binary cross-entropy on **logits**, `softplus(−z)` for target 1 and `softplus(z)` for
 * target 0, batch mean: the same loss as {@link bceLoss} of `sigmoid(z)` without its
 * saturation (no clamp is needed).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { bceWithLogitsLoss, assertShape } from 'ocr-gan';
 * const z = assertShape('example', 'z', tf.tensor1d([2, -1]), [2] as const);
 * bceWithLogitsLoss(z, 0); // (softplus(2) + softplus(−1)) / 2
 * ```
 */
export function bceWithLogitsLoss<S extends Shape>(logit: Tensor<S>, target: AdversarialTarget): Scalar {
  checkAdversarial('bceWithLogitsLoss', logit, target);
  return tf.tidy(() => tf.mean(bceLogitElements(logit, target))) as Scalar;
}

/**
 * Least-squares GAN loss, the batch mean of `(output − target)²` (no ½ factor). LSGAN
 * applies it to the discriminator's raw (pre-sigmoid) output.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { leastSquaresLoss, assertShape } from 'ocr-gan';
 * const d = assertShape('example', 'd', tf.tensor1d([0.5, 1.5]), [2] as const);
 * leastSquaresLoss(d, 1); // 0.25
 * ```
 */
export function leastSquaresLoss<S extends Shape>(output: Tensor<S>, target: AdversarialTarget): Scalar {
  checkAdversarial('leastSquaresLoss', output, target);
  return tf.tidy(() => tf.mean(tf.square(tf.sub(output, target)))) as Scalar;
}

/**
 * Adversarial loss, eq. (10), in its pluggable form: `loss(output, target)`, BCE on
 * probabilities by default. For G the target of D(x̂) is 1; for D, real is 1 and
 * reconstructed / forged are 0.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { adversarialLoss, leastSquaresLoss, assertShape } from 'ocr-gan';
 * const p = assertShape('example', 'p', tf.tensor1d([0.3, 0.6]), [2] as const);
 * adversarialLoss(p, 1);                   // BCE
 * adversarialLoss(p, 1, leastSquaresLoss); // LSGAN
 * ```
 */
export function adversarialLoss<S extends Shape>(
  output: Tensor<S>,
  target: AdversarialTarget,
  loss: AdversarialLoss = bceLoss,
): Scalar {
  return loss(output, target);
}

const NonNegative = refineNumber('NonNegativeNumber', (n) => n >= 0, () => 'a finite number ≥ 0');

/**
 * io-ts codec of the generator's loss weights, eq. (12): defaults `con: 50, adv: 1, lat: 1`.
 *
 * @example
 * ```ts
 * import { GeneratorLossWeightsCodec, decodeWith } from 'ocr-gan';
 * decodeWith(GeneratorLossWeightsCodec, { con: 20 }, 'weights'); // Right({ con: 20, adv: 1, lat: 1 })
 * ```
 */
export const GeneratorLossWeightsCodec = withDefaults(
  t.type({ con: NonNegative, adv: NonNegative, lat: NonNegative }, 'GeneratorLossWeights'),
  { con: 50, adv: 1, lat: 1 },
);

/**
 * io-ts codec of the discriminator's loss weights: defaults `real: 1, fake: 1, forged: 1`.
 *
 * @example
 * ```ts
 * import { DiscriminatorLossWeightsCodec, decodeWith } from 'ocr-gan';
 * decodeWith(DiscriminatorLossWeightsCodec, {}, 'weights'); // Right({ real: 1, fake: 1, forged: 1 })
 * ```
 */
export const DiscriminatorLossWeightsCodec = withDefaults(
  t.type({ real: NonNegative, fake: NonNegative, forged: NonNegative }, 'DiscriminatorLossWeights'),
  { real: 1, fake: 1, forged: 1 },
);

function decodeWeights<A>(fn: string, codec: t.Decoder<unknown, A>, input: unknown): A {
  const r = decodeWith(codec, input, 'weights');
  if (isLeft(r)) {
    throw new RangeError(`${fn}: argument 'options.weights' is invalid: ${r.left.issues.map(formatIssue).join('; ')}`);
  }
  return r.right;
}

/** What {@link generatorLoss} needs from one G step. */
export interface GeneratorLossInputs<
  B extends Dim,
  H extends Dim,
  W extends Dim,
  C extends Dim,
  F extends Shape,
  P extends Shape,
> {
  /** The real images. */
  readonly x: Images<B, H, W, C>;
  /** The reconstructions. */
  readonly xHat: Images<NoInfer<B>, NoInfer<H>, NoInfer<W>, NoInfer<C>>;
  /** D's output for `xHat` (probabilities for the default BCE). */
  readonly fakeOutput: Tensor<P>;
  /** D's latent features of `x` and of `xHat`. */
  readonly featReal: Tensor<F>;
  readonly featFake: Tensor<NoInfer<F>>;
}

/** Options of {@link generatorLoss}. */
export interface GeneratorLossOptions {
  readonly weights?: { readonly con?: number; readonly adv?: number; readonly lat?: number };
  readonly adversarial?: AdversarialLoss;
}

/** The total and its **unweighted** parts. */
export interface GeneratorLossParts {
  readonly total: Scalar;
  readonly con: Scalar;
  readonly adv: Scalar;
  readonly lat: Scalar;
}

/**
 * The generator's objective, eq. (12): `w_con·L1(x, x̂) + w_adv·adv(D(x̂), 1) + w_lat·lat`,
 * weights 50 / 1 / 1 by default. Returns the total and the unweighted parts (for logs);
 * dispose all four.
 *
 * @example
 * ```ts
 * import { generatorLoss } from 'ocr-gan';
 * // x, xHat: Images; pFake: D(xHat) probabilities; fReal, fFake: D's latent features
 * const { total, con, adv, lat } = generatorLoss({ x, xHat, fakeOutput: pFake, featReal: fReal, featFake: fFake });
 * ```
 */
export function generatorLoss<
  B extends Dim,
  H extends Dim,
  W extends Dim,
  C extends Dim,
  F extends Shape,
  P extends Shape,
>(inputs: GeneratorLossInputs<B, H, W, C, F, P>, options: GeneratorLossOptions = {}): GeneratorLossParts {
  const w = decodeWeights('generatorLoss', GeneratorLossWeightsCodec, options.weights);
  const adversarial = options.adversarial ?? bceLoss;
  return tf.tidy(() => {
    const con = contentLoss(inputs.x, inputs.xHat);
    const adv = adversarial(inputs.fakeOutput, 1);
    const lat = latentLoss(inputs.featReal, inputs.featFake);
    const total = tf.addN([tf.mul(w.con, con), tf.mul(w.adv, adv), tf.mul(w.lat, lat)]);
    return { total, con, adv, lat };
  }) as unknown as GeneratorLossParts;
}

/** What {@link discriminatorLoss} needs from one D step. */
export interface DiscriminatorLossInputs<P extends Shape> {
  /** D's output for real images (target 1). */
  readonly realOutput: Tensor<P>;
  /** D's output for reconstructions, computed from a stopped-gradient x̂ (target 0). */
  readonly fakeOutput: Tensor<NoInfer<P>>;
  /** D's output for forged anomalies (target 0), when the step uses them. */
  readonly forgedOutput?: Tensor<NoInfer<P>>;
}

/** Options of {@link discriminatorLoss}. */
export interface DiscriminatorLossOptions {
  readonly weights?: { readonly real?: number; readonly fake?: number; readonly forged?: number };
  readonly adversarial?: AdversarialLoss;
}

/** The total and its unweighted parts; `forged` only when forged outputs were given. */
export interface DiscriminatorLossParts {
  readonly total: Scalar;
  readonly real: Scalar;
  readonly fake: Scalar;
  readonly forged?: Scalar;
}

/**
 * The discriminator's objective: `adv(D(x), 1) + adv(D(x̂), 0) + adv(D(x̃), 0)` (weights 1
 * by default), with no latent term. Detaching x̂ is the caller's part: pass D's output
 * for a reconstruction that carries no gradient to G.
 *
 * @example
 * ```ts
 * import { discriminatorLoss } from 'ocr-gan';
 * const { total, real, fake, forged } = discriminatorLoss({ realOutput: pReal, fakeOutput: pFake, forgedOutput: pForged });
 * ```
 */
export function discriminatorLoss<P extends Shape>(
  inputs: DiscriminatorLossInputs<P>,
  options: DiscriminatorLossOptions = {},
): DiscriminatorLossParts {
  const w = decodeWeights('discriminatorLoss', DiscriminatorLossWeightsCodec, options.weights);
  const adversarial = options.adversarial ?? bceLoss;
  return tf.tidy(() => {
    const real = adversarial(inputs.realOutput, 1);
    const fake = adversarial(inputs.fakeOutput, 0);
    const terms = [tf.mul(w.real, real), tf.mul(w.fake, fake)];
    if (inputs.forgedOutput === undefined) return { total: tf.addN(terms), real, fake };
    const forged = adversarial(inputs.forgedOutput, 0);
    terms.push(tf.mul(w.forged, forged));
    return { total: tf.addN(terms), real, fake, forged };
  }) as unknown as DiscriminatorLossParts;
}
