import * as tf from '@tensorflow/tfjs-core';
import { binaryGradients } from './binary.js';
import { convGradients } from './conv.js';
import { matMulGradients } from './matmul.js';
import { reductionGradients } from './reductions.js';
import { shapeGradients } from './shape.js';
import { unaryGradients } from './unary.js';

/**
 * Every gradient ocr-gan supplies, one plain config per kernel.
 *
 * @example
 * ```ts
 * import { gradientConfigs } from 'ocr-gan';
 * console.log(gradientConfigs.map((g) => g.kernelName));
 * ```
 */
export const gradientConfigs: readonly tf.GradConfig[] = [
  ...binaryGradients,
  ...unaryGradients,
  ...reductionGradients,
  ...shapeGradients,
  ...matMulGradients,
  ...convGradients,
];

/**
 * Registers a gradient for every kernel the OCR-GAN blocks differentiate through, wherever
 * tfjs-core has none (it registers none on import, in Node or in a bundle). Existing registrations are
 * left alone, so calling it again, or after tfjs registered its own, changes nothing.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { registerMissingGradients } from 'ocr-gan';
 * registerMissingGradients();
 * tf.getGradient('Conv2D'); // defined
 * ```
 */
export function registerMissingGradients(): void {
  for (const config of gradientConfigs) {
    if (tf.getGradient(config.kernelName) === undefined) tf.registerGradient(config);
  }
}
