/** The backends ocr-gan trains and infers on. */
export type BackendName = 'cpu' | 'wasm' | 'webgl';
/** A backend, or `auto` to let {@link initBackend} pick the fastest trainer here. */
export type BackendChoice = BackendName | 'auto';

export const backendNames: readonly BackendName[] = ['cpu', 'wasm', 'webgl'];

/** Whether this code runs under Node (as opposed to a browser, worker or bundle). */
export const isNode: boolean =
  typeof process !== 'undefined' && typeof process.versions === 'object' && !!process.versions.node;
