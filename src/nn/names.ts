/**
 * Maps a dotted parameter or state name of this library to the PyTorch-style name of the
 * golden fixtures and of converted PyTorch checkpoints: only the batch-norm state leaves
 * differ (`runningMean` → `running_mean`, `runningVar` → `running_var`); every other
 * segment is already identical.
 *
 * @example
 * ```ts
 * import { torchStyleName } from 'ocr-gan';
 * torchStyleName('b1.l2.down.bn.runningVar'); // 'b1.l2.down.bn.running_var'
 * ```
 */
export function torchStyleName(name: string): string {
  return name
    .split('.')
    .map((s) => (s === 'runningMean' ? 'running_mean' : s === 'runningVar' ? 'running_var' : s))
    .join('.');
}
