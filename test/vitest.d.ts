import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The backend every test in this project runs on. */
    backend: 'cpu' | 'wasm' | 'webgl';
    /** Absolute path of the golden fixtures (`../shared/fixtures`). */
    fixturesDir: string;
    /** Absolute path of the shared image sets (`../shared/data`). */
    dataDir: string;
  }
}
