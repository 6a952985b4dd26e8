import type * as tf from '@tensorflow/tfjs-core';

/** A tfjs IO handler that keeps the last saved artifacts in memory, for tests. */
export function memoryHandler(): tf.io.IOHandler & { stored?: tf.io.ModelArtifacts } {
  const h: tf.io.IOHandler & { stored?: tf.io.ModelArtifacts } = {
    save: async (a) => {
      h.stored = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
    load: async () => {
      if (!h.stored) throw new Error('memoryHandler: nothing saved yet');
      return h.stored;
    },
  };
  return h;
}
