import { describe, expect, it } from 'vitest';
import { syntheticDefects } from '../../src/data/synthetic.js';
import { defaultOcrGanConfig, type OcrGanConfig } from '../../src/train/config.js';
import { fit } from '../../src/train/fit.js';
import { evaluate } from '../../src/train/score.js';
import { disposeTrainState } from '../../src/train/step.js';

// A real training run on the embedded synthetic defect set: the model must learn to tell
// defects from normal texture, with the model chosen without looking at the test split
// (the last epoch) and the threshold fitted on the normal validation split.
describe('OCR-GAN learns on the synthetic defect set (wasm)', () => {
  it('reaches image AUROC ≥ 0.9 within a few minutes', async () => {
    const data = syntheticDefects({ seed: 7, size: 32, channels: 3, trainCount: 320, testNormalCount: 100, testDefectCount: 100 });
    const config: OcrGanConfig = { ...defaultOcrGanConfig, imageSize: 32, ngf: 16, ndf: 16, batchSize: 16, epochs: 12, seed: 7 };
    const t0 = performance.now();
    const result = await fit(config, data.train);
    const seconds = (performance.now() - t0) / 1000;
    const ev = await evaluate(result.state.model, data.test, result.calibration);
    console.info(
      `learning: ${seconds.toFixed(0)} s, image AUROC ${ev.imageAuroc.toFixed(3)}, AUPR ${ev.imageAupr.toFixed(3)}, ` +
        `F1-max ${ev.f1Max.toFixed(3)}, pixel AUROC ${ev.pixelAuroc?.toFixed(3)}`,
    );
    expect(ev.imageAuroc).toBeGreaterThanOrEqual(0.9);
    expect(ev.pixelAuroc).toBeGreaterThanOrEqual(0.9);
    disposeTrainState(result.state);
  }, 600_000);
});
