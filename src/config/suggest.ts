/**
 * The candidate closest to `word` by edit distance, if close enough to be a likely typo
 * (at most a third of the word's length, and at least one edit allowed).
 *
 * @example
 * ```ts
 * import { closestMatch } from 'ocr-gan';
 * closestMatch('ngff', ['ngf', 'ndf', 'bands']); // 'ngf'
 * closestMatch('zzz', ['ngf']);                  // undefined
 * ```
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0.5 : editDistance(word, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** Levenshtein distance, one row at a time (config keys are short). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost));
    }
    prev = row;
  }
  return prev[b.length] as number;
}
