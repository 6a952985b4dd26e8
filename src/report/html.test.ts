import { describe, expect, it } from 'vitest';
import { heatColour, heatMap, overlay } from './colormap.js';
import { histogramSvg, renderReport, rocSvg } from './html.js';

describe('report rendering', () => {
  const scores = [0.1, 0.2, 0.3, 0.35, 0.8, 0.9];
  const labels = [0, 0, 0, 1, 1, 1];

  it('draws the ROC curve through every operating point', () => {
    const svg = rocSvg(scores, labels, 300);
    const pts = /points="([^"]+)"/.exec(svg)?.[1]?.split(' ') ?? [];
    // (0,0) plus one point per distinct score.
    expect(pts.length).toBe(7);
    expect(pts[0]).toBe('40.0,260.0');
    expect(pts[pts.length - 1]).toBe('290.0,10.0');
  });

  it('histograms count each class on shared bins', () => {
    const svg = histogramSvg(scores, labels, { bins: 2, threshold: 0.5 });
    expect(svg).toContain('normal (3)');
    expect(svg).toContain('anomalous (3)');
    expect((svg.match(/class="bar"/g) ?? []).length).toBe(3);
    expect(svg).toContain('stroke-dasharray="5 3"');
  });

  it('puts far outliers into the last bin instead of stretching the axis', () => {
    const many = [...Array.from({ length: 99 }, (_, i) => 0.01 + i * 0.0001), 5.5];
    const svg = histogramSvg(many, many.map((_, i) => (i % 2 ? 1 : 0)), { bins: 10 });
    expect(svg).toContain('last bin includes 1 score up to 5.500');
    expect(svg).not.toContain('>5.500</text><text');
    expect((svg.match(/class="bar"/g) ?? []).length).toBeGreaterThan(10);
  });

  it('renders one self-contained page, escaping text', () => {
    const html = renderReport({
      title: 'set <a>',
      facts: { data: 'x & y' },
      metrics: { imageAuroc: 0.8889, imageAupr: 0.9, f1Max: 0.857, f1Threshold: 0.35, pixelAuroc: 0.75 },
      scores,
      labels,
      tiles: [{ caption: 'a.png', label: 1, score: 0.9, input: 'data:image/png;base64,AA', reconstruction: 'data:image/png;base64,AB', map: 'data:image/png;base64,AC' }],
    });
    expect(html).toContain('<title>set &lt;a&gt;</title>');
    expect(html).toContain('x &amp; y');
    expect(html).toContain('0.889');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('colours and overlays', () => {
    expect(heatColour(0)).toEqual([0, 0, 64]);
    expect(heatColour(2)).toEqual([224, 32, 0]);
    const heat = heatMap([0, 4], 2, 1, 4);
    expect(Array.from(heat.data.subarray(3))).toEqual([224, 32, 0]);
    expect(Array.from(overlay({ width: 2, height: 1, channels: 1, data: new Uint8Array([100, 100]) }, heat, 0.5).data)).toEqual([50, 50, 82, 162, 66, 50]);
  });
});
