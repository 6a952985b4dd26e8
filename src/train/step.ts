import * as tf from '@tensorflow/tfjs-core';
import { applyDiscriminator, type DiscriminatorParams, initDiscriminator } from '../blocks/discriminator/index.js';
import { applySkipGenerator, type SkipGeneratorParams } from '../blocks/generator/index.js';
import { type AdversarialLoss, bceLoss, discriminatorLoss, generatorLoss } from '../blocks/loss/index.js';
import { disposeTree, flattenTree, mapTree, type ParamTree, unflattenTree } from '../nn/tree.js';
import { foldIn, type Key } from '../random/key.js';
import { assertFloat, assertShape } from '../tensor/assert_shape.js';
import { stopGradient } from '../tensor/ops/stop_gradient.js';
import type { Dim, Images, Scalar } from '../tensor/shape.js';
import { type AdamState, adamInit, adamStep, disposeAdamState } from './adam.js';
import { bandsOf, discriminatorConfig, disposeOcrGan, type OcrGanModel } from './model.js';

/** A model and everything its training carries: Adam moments, step count, random key. */
export interface TrainState {
  readonly model: OcrGanModel;
  readonly adamG: AdamState;
  readonly adamD: AdamState;
  /** Steps taken. */
  readonly step: number;
  /** The key the run's randomness derives from (shuffles, augmentation, D resets). */
  readonly key: Key;
}

/** One step's losses; G's parts are unweighted, as in the fixtures. */
export interface StepLosses {
  readonly gTotal: Scalar;
  readonly gCon: Scalar;
  readonly gAdv: Scalar;
  readonly gLat: Scalar;
  readonly dTotal: Scalar;
  readonly dReal: Scalar;
  readonly dFake: Scalar;
  /** 0 when the step had no forged images. */
  readonly dForged: Scalar;
}

/** Options of {@link trainStep}. */
export interface TrainStepOptions {
  /** The adversarial loss for both networks; default BCE on D's probabilities. */
  readonly adversarial?: AdversarialLoss;
}

/**
 * Starts training a model: zero Adam moments for both networks.
 *
 * @example
 * ```ts
 * import { initOcrGan, initTrainState, defaultOcrGanConfig, prngKey } from 'ocr-gan';
 * const config = { ...defaultOcrGanConfig, imageSize: 32, ngf: 4, ndf: 4 };
 * const state = initTrainState(initOcrGan(prngKey(1), config), prngKey(2));
 * ```
 */
export function initTrainState(model: OcrGanModel, key: Key): TrainState {
  return {
    model,
    adamG: adamInit(flattenTree(model.generator.params as ParamTree)),
    adamD: adamInit(flattenTree(model.discriminator.params as ParamTree)),
    step: 0,
    key,
  };
}

/** Disposes a train state: the model and both optimisers. */
export function disposeTrainState(state: TrainState): void {
  disposeOcrGan(state.model);
  disposeAdamState(state.adamG);
  disposeAdamState(state.adamD);
}

/**
 * One OCR-GAN iteration, pure: G's update with `w_con·L1(x, x̂) + w_adv·adv(D(x̂), 1) +
 * w_lat·MSE(f(x), f(x̂))`, then D's with `adv(D(x), 1) + adv(D(x̂), 0) + adv(D(forged), 0)`,
 * x̂ detached for D. Both gradients come from one forward and one backward pass: D's
 * parameters are cut from the tape where G's loss meets them, and x̂ where D's loss does, so
 * each loss reaches only its own network. That costs 3 generator and 11 discriminator
 * forward-equivalents per step, against the official code's 5 and 17.
 *
 * D's running statistics are updated once per batch it sees (real, reconstructed, forged);
 * G's once. Without `forged` (augmentation switched off) D's loss has no forged term.
 * Returns the new state and the losses; the caller disposes the old state (see
 * {@link disposeTrainState}) and the losses.
 */
export function trainStep<B extends Dim, H extends Dim, W extends Dim, C extends Dim>(
  state: TrainState,
  x: Images<B, H, W, C>,
  forged: Images<NoInfer<B>, NoInfer<H>, NoInfer<W>, NoInfer<C>> | undefined,
  options: TrainStepOptions = {},
): { state: TrainState; losses: StepLosses } {
  const { model } = state;
  const { config } = model;
  const fn = 'trainStep';
  const size = config.imageSize;
  assertShape(fn, 'x', x, [null, size, size, config.channels]);
  assertFloat(fn, 'x', x);
  if (forged !== undefined) {
    assertShape(fn, 'forged', forged, [x.shape[0] as number, size, size, config.channels]);
    assertFloat(fn, 'forged', forged);
  }
  const adversarial = options.adversarial ?? bceLoss;
  const bands = bandsOf(config, x);
  try {
    return applyStep(state, x, forged, bands, adversarial);
  } finally {
    tf.dispose([...bands]);
  }
}

function applyStep(
  state: TrainState,
  x: tf.Tensor,
  forged: tf.Tensor | undefined,
  bands: readonly tf.Tensor[],
  adversarial: AdversarialLoss,
): { state: TrainState; losses: StepLosses } {
  const { model } = state;
  const { config } = model;
  const gParams = model.generator.params as ParamTree;
  const dParams = model.discriminator.params as ParamTree;
  const gFlat = flattenTree(gParams);
  const dFlat = flattenTree(dParams);
  const xs = [...gFlat.values(), ...dFlat.values()];
  let kept: { gState: unknown; dState: unknown; losses: StepLosses } | undefined;
  const { value, grads } = tf.engine().gradients(
    () => {
      const g = applySkipGenerator(model.generator.params, model.generator.state, bands as never, { training: true });
      const dReal = applyDiscriminator(model.discriminator.params, model.discriminator.state, x as never, { training: true });
      const frozenD = mapTree(dParams, (t) => stopGradient(t as never)) as DiscriminatorParams;
      const dFakeForG = applyDiscriminator(frozenD, dReal.state, g.output as never, { training: true });
      const dFake = applyDiscriminator(model.discriminator.params, dReal.state, stopGradient(g.output) as never, { training: true });
      const dForged =
        forged === undefined
          ? undefined
          : applyDiscriminator(model.discriminator.params, dFake.state, forged as never, { training: true });
      const dState = dForged?.state ?? dFake.state;
      const gl = generatorLoss(
        {
          x: x as never,
          xHat: g.output as never,
          fakeOutput: dFakeForG.prob,
          featReal: stopGradient(dReal.features),
          featFake: dFakeForG.features as never,
        },
        {
          weights: { con: config.lossWeights.content, adv: config.lossWeights.adversarial, lat: config.lossWeights.latent },
          adversarial,
        },
      );
      const dl = discriminatorLoss(
        { realOutput: dReal.prob, fakeOutput: dFake.prob as never, ...(dForged ? { forgedOutput: dForged.prob as never } : {}) },
        { adversarial },
      );
      const losses: StepLosses = {
        gTotal: gl.total,
        gCon: gl.con,
        gAdv: gl.adv,
        gLat: gl.lat,
        dTotal: dl.total,
        dReal: dl.real,
        dFake: dl.fake,
        dForged: dl.forged ?? (tf.scalar(0) as Scalar),
      };
      kept = { gState: g.state, dState, losses };
      const keepAll = [
        ...flattenTree(g.state as never).values(),
        ...flattenTree(dState as never).values(),
        ...Object.values(losses),
      ];
      for (const t of keepAll) tf.keep(t);
      disposeTree(frozenD as never);
      return tf.add(gl.total, dl.total) as tf.Scalar;
    },
    xs,
    undefined,
    true,
  );
  value.dispose();
  if (kept === undefined) throw new Error('trainStep: the forward pass produced no result');
  const gNames = [...gFlat.keys()];
  const dNames = [...dFlat.keys()];
  const gGrads = new Map<string, tf.Tensor>();
  const dGrads = new Map<string, tf.Tensor>();
  xs.forEach((p, i) => {
    const g = grads[i] ?? tf.zerosLike(p);
    if (i < gNames.length) gGrads.set(gNames[i] as string, g);
    else dGrads.set(dNames[i - gNames.length] as string, g);
  });
  const optimiser = { learningRate: config.learningRate, beta1: config.beta1, beta2: config.beta2, epsilon: config.epsilon };
  const g = adamStep(gFlat, gGrads, state.adamG, optimiser);
  const d = adamStep(dFlat, dGrads, state.adamD, optimiser);
  tf.dispose([...gGrads.values(), ...dGrads.values()]);
  return {
    state: {
      model: {
        config,
        generator: { params: unflattenTree(gParams, g.params) as SkipGeneratorParams, state: kept.gState as never },
        discriminator: { params: unflattenTree(dParams, d.params) as DiscriminatorParams, state: kept.dState as never },
      },
      adamG: g.state,
      adamD: d.state,
      step: state.step + 1,
      key: state.key,
    },
    losses: kept.losses,
  };
}

/**
 * Re-draws D's parameters when its loss has collapsed (D wins outright and stops teaching
 * G), as GANomaly and the official OCR-GAN code do; running statistics and Adam moments are
 * kept, as there. Returns the state unchanged (same object) when no reset is needed.
 */
export function resetCollapsedDiscriminator(state: TrainState, dLoss: number): TrainState {
  const { config } = state.model;
  if (!(dLoss < config.discriminatorResetBelow)) return state;
  const fresh = initDiscriminator(foldIn(foldIn(state.key, 0xd15c), state.step), discriminatorConfig(config));
  disposeTree(state.model.discriminator.params as never);
  disposeTree(fresh.state as never);
  return {
    ...state,
    model: {
      ...state.model,
      discriminator: { params: fresh.params as never, state: state.model.discriminator.state },
    },
  };
}
