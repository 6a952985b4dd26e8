import { describe, expect, it } from 'vitest';
import { decodeOcrGanConfig } from '../train/config.js';

describe('unknown keys', () => {
  it.each([
    ['constructor', { constructor: 1 }],
    ['toString', { toString: 3 }],
    ['__proto__', JSON.parse('{"__proto__": {"x": 1}}')],
  ])('refuses a key named after an Object.prototype member (%s)', (key, input) => {
    const r = decodeOcrGanConfig(input);
    expect(r._tag).toBe('Left');
    if (r._tag === 'Left') expect(r.left.issues.map((i) => i.path)).toContain(key);
  });

  it('refuses an unknown key inside a union member', () => {
    const r = decodeOcrGanConfig({ threshold: { policy: 'max', quantil: 0.99 } });
    expect(r._tag).toBe('Left');
  });

  it('reports an unknown key inside an intersection at its own path', () => {
    const r = decodeOcrGanConfig({ augmentation: { cutout: { enabled: true, lenght: 3 } } });
    expect(r._tag).toBe('Left');
    if (r._tag === 'Left') {
      expect(r.left.issues.map((i) => i.path)).toContain('augmentation.cutout.lenght');
      expect(r.left.message).toMatch(/did you mean "length"/);
    }
  });
});
