/**
 * Registers a gradient for every kernel the OCR-GAN blocks differentiate through, wherever
 * tfjs-core has none (its Node bundle registers none at all). Existing registrations are
 * left alone.
 */
export function registerMissingGradients(): void {
  // filled in by the gradient set
}
