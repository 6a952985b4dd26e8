/** Messages between the training page and its worker. */

export type BackendChoice = 'auto' | 'webgl' | 'wasm';

export interface TrainRequest {
  readonly type: 'train';
  readonly size: 16 | 32;
  readonly ngf: number;
  readonly epochs: number;
  readonly trainCount: number;
  readonly seed: number;
}

export type ToWorker =
  | {
      readonly type: 'init';
      readonly backend: BackendChoice;
      /** One Int32 the page sets to 1 to stop; only on a cross-origin-isolated page. */
      readonly stopFlag?: SharedArrayBuffer;
    }
  | TrainRequest
  | { readonly type: 'stop' }
  | { readonly type: 'save' }
  | { readonly type: 'load' };

export interface ScoredImage {
  /** H·W·C bytes. */
  readonly image: Uint8Array;
  /** H·W per-pixel error. */
  readonly map: Float32Array;
  /** H·W ground-truth defect mask. */
  readonly mask: Uint8Array;
  readonly truth: 0 | 1;
  readonly defect: string | null;
  readonly normalised: number;
  readonly label: 0 | 1;
}

export interface Losses {
  readonly gTotal: number;
  readonly gCon: number;
  readonly gAdv: number;
  readonly gLat: number;
  readonly dTotal: number;
}

export type FromWorker =
  | { readonly type: 'ready'; readonly backend: string; readonly threads: number; readonly isolated: boolean; readonly probe?: Record<string, number> }
  | {
      readonly type: 'progress';
      readonly epoch: number;
      readonly epochs: number;
      readonly step: number;
      readonly stepsPerEpoch: number;
      readonly losses: Losses;
      readonly imagesPerSecond: number;
      readonly etaSeconds: number;
    }
  | { readonly type: 'status'; readonly text: string }
  | {
      readonly type: 'trained';
      readonly seconds: number;
      readonly epochs: number;
      readonly aborted: boolean;
    }
  | {
      readonly type: 'evaluated';
      readonly imageAuroc: number;
      readonly pixelAuroc: number | undefined;
      readonly size: number;
      readonly channels: number;
      readonly scored: readonly ScoredImage[];
    }
  | { readonly type: 'saved'; readonly url: string; readonly epoch: number }
  | { readonly type: 'loaded'; readonly url: string; readonly epoch: number; readonly size: number; readonly ngf: number }
  | { readonly type: 'error'; readonly message: string };
