/**
 * ocr-gan: unsupervised visual anomaly detection with OCR-GAN on TensorFlow.js.
 *
 * This entry point works in browsers, bundlers and Node. Node-only pieces (the `file://`
 * checkpoint handler, image folders) are in `ocr-gan/node`.
 * @packageDocumentation
 */
export * from './tensor/index.js';
export * from './backend/index.js';
export * from './random/index.js';
export * from './config/index.js';
export * from './metrics/index.js';
export * from './io/safetensors.js';
export * from './io/safetensors_tensors.js';
export * from './io/checkpoint.js';
export * from './train/adam.js';
export * from './train/augment.js';
export { syntheticDefects, SyntheticOptions } from './data/synthetic.js';
export type { SyntheticDataset, ImageSet, LabelledImageSet } from './data/synthetic.js';
export type { DefectKind } from './data/defects.js';
export type { TextureKind } from './data/textures.js';
export * from './nn/index.js';
export * from './blocks/frequency/index.js';
export * from './blocks/channel_select/index.js';
export * from './blocks/generator/index.js';
export * from './blocks/discriminator/index.js';
export * from './blocks/loss/index.js';
export * from './train/config.js';
export * from './train/images.js';
export * from './train/model.js';
export * from './train/step.js';
export * from './train/fit.js';
export * from './train/score.js';
export * from './train/checkpoint.js';
export * from './io/images.js';
export * from './io/images.browser.js';
export * from './report/colormap.js';
export * from './report/html.js';
