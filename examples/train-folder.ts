/**
 * The whole OCR-GAN loop assembled from the blocks (not from `fit`): frequency bands, the
 * two-branch generator with channel selection, the discriminator, the three losses, Adam,
 * forged anomalies, then scoring and evaluation on the folder's test split.
 *
 *   npx tsx examples/train-folder.ts --data path/to/mvtec-style/class [--size 64] [--epochs 15] [--out DIR]
 *
 * Without --data it trains on the built-in synthetic defect set.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as ocr from '../src/index.js';
import { fileHandler, loadImageFolderSplit } from '../src/node.js';

type Tree = ocr.ParamTree;

export async function main(argv: string[]): Promise<{ imageAuroc: number }> {
  const { values: a } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' }, out: { type: 'string' }, size: { type: 'string', default: '32' },
      epochs: { type: 'string', default: '10' }, width: { type: 'string', default: '16' }, channels: { type: 'string', default: '3' },
    },
  });
  await ocr.initBackend({ backend: 'wasm' });
  const size = Number(a.size);
  const channels = Number(a.channels) as 1 | 3;
  const { train, test } = a.data
    ? await loadImageFolderSplit(a.data, { size, channels })
    : ocr.syntheticDefects({ seed: 1, size, channels, trainCount: 256, testNormalCount: 50, testDefectCount: 50 });
  const config = ocr.decodeOrThrow(ocr.OcrGanConfigInput, { imageSize: size, channels, ngf: Number(a.width), ndf: Number(a.width), batchSize: 16 }, 'config');

  // A model is its parameters: draw both networks from explicit keys.
  const [gKey, dKey, runKey] = ocr.splitKey(ocr.prngKey(config.seed), 3) as [ocr.Key, ocr.Key, ocr.Key];
  let g = ocr.skipGenerator.init(gKey, { isize: size, ngf: config.ngf, bands: 2, channels });
  let d = ocr.discriminator.init(dKey, { isize: size, ndf: config.ndf, nz: config.nz, channels });
  let adamG = ocr.adamInit(ocr.flattenTree(g.params as Tree));
  let adamD = ocr.adamInit(ocr.flattenTree(d.params as Tree));
  const adam = { learningRate: config.learningRate, beta1: config.beta1, beta2: config.beta2, epsilon: config.epsilon };

  const n = train.shape[0];
  const steps = Math.floor(n / config.batchSize);
  for (let epoch = 0; epoch < Number(a.epochs); epoch++) {
    const order = ocr.permutation(ocr.foldIn(runKey, epoch), n);
    for (let s = 0; s < steps; s++) {
      const x = ocr.batchOf(train, order.subarray(s * config.batchSize, (s + 1) * config.batchSize));
      const forged = ocr.forgeAnomalies(ocr.foldIn(ocr.foldIn(runKey, epoch), s + 1), x);
      const bands = ocr.frequencyDecouple(x, { bands: 2 });
      const gFlat = ocr.flattenTree(g.params as Tree);
      const dFlat = ocr.flattenTree(d.params as Tree);
      const xs = [...gFlat.values(), ...dFlat.values()];
      let next: { gState: unknown; dState: unknown } | undefined;
      // One tape for both losses: D's weights are cut where G's loss meets them, x̂ where D's does.
      const { value, grads } = tf.engine().gradients(() => {
        const gen = ocr.skipGenerator.apply(g.params, g.state, bands, { training: true });
        const real = ocr.discriminator.apply(d.params, d.state, x, { training: true });
        const frozenD = ocr.mapTree(d.params as Tree, (t) => ocr.stopGradient(t as never)) as typeof d.params;
        const fakeForG = ocr.discriminator.apply(frozenD, real.state, gen.output, { training: true });
        const fake = ocr.discriminator.apply(d.params, real.state, ocr.stopGradient(gen.output), { training: true });
        const forgedOut = ocr.discriminator.apply(d.params, fake.state, forged, { training: true });
        const lossG = ocr.generatorLoss({ x, xHat: gen.output, fakeOutput: fakeForG.prob, featReal: ocr.stopGradient(real.features), featFake: fakeForG.features });
        const lossD = ocr.discriminatorLoss({ realOutput: real.prob, fakeOutput: fake.prob, forgedOutput: forgedOut.prob });
        next = { gState: gen.state, dState: forgedOut.state };
        for (const t of [...ocr.flattenTree(gen.state as Tree).values(), ...ocr.flattenTree(forgedOut.state as Tree).values()]) tf.keep(t);
        return tf.add(lossG.total, lossD.total) as tf.Scalar;
      }, xs, undefined, true);
      const gradsOf = (flat: Map<string, tf.Tensor>, offset: number) =>
        new Map([...flat.keys()].map((k, i) => [k, grads[offset + i] ?? tf.zerosLike(xs[offset + i]!)] as const));
      const gradG = gradsOf(gFlat, 0);
      const gradD = gradsOf(dFlat, gFlat.size);
      const stepG = ocr.adamStep(gFlat, gradG, adamG, adam);
      const stepD = ocr.adamStep(dFlat, gradD, adamD, adam);
      if (s === steps - 1) console.log(`epoch ${epoch + 1}: G + D loss ${((await value.data())[0] as number).toFixed(3)}`);
      tf.dispose([x, forged, value, ...bands, ...gradG.values(), ...gradD.values()]);
      ocr.disposeTree(g.params as Tree); ocr.disposeTree(g.state as Tree); ocr.disposeTree(d.params as Tree); ocr.disposeTree(d.state as Tree);
      ocr.disposeAdamState(adamG); ocr.disposeAdamState(adamD);
      g = { params: ocr.unflattenTree(g.params as Tree, stepG.params) as typeof g.params, state: next!.gState as typeof g.state };
      d = { params: ocr.unflattenTree(d.params as Tree, stepD.params) as typeof d.params, state: next!.dState as typeof d.state };
      adamG = stepG.state;
      adamD = stepD.state;
    }
  }

  // Score: reconstruction + latent error per image; the test split is used only here.
  const model: ocr.OcrGanModel = { config, generator: g as never, discriminator: d as never };
  const { scores } = await ocr.rawScores(model, test, { maps: false });
  const imageAuroc = ocr.auroc(scores, test.labels);
  console.log(`image AUROC ${imageAuroc.toFixed(3)} on ${test.shape[0]} test images`);
  if (a.out) {
    const state: ocr.TrainState = { model, adamG, adamD, step: Number(a.epochs) * steps, key: runKey };
    await ocr.saveTraining(fileHandler(a.out), state, Number(a.epochs), await ocr.calibrate(model, train));
    console.log(`saved to ${a.out}`);
  }
  ocr.disposeOcrGan(model); ocr.disposeAdamState(adamG); ocr.disposeAdamState(adamD);
  return { imageAuroc };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
