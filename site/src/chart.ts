/** A small live line chart in SVG: one polyline per series, a log-scale y axis. */

const NS = 'http://www.w3.org/2000/svg';
const W = 560;
const H = 200;
const PAD = { left: 44, right: 8, top: 8, bottom: 20 };

export interface Series {
  readonly name: string;
  readonly colour: string;
}

export class LossChart {
  private readonly svg: SVGSVGElement;
  private readonly values: number[][];
  private readonly lines: SVGPolylineElement[];
  private readonly axis: SVGGElement;
  private pending = false;

  constructor(
    host: HTMLElement,
    private readonly series: readonly Series[],
  ) {
    this.svg = document.createElementNS(NS, 'svg');
    this.svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    this.svg.setAttribute('class', 'chart');
    this.svg.setAttribute('role', 'img');
    this.svg.setAttribute('aria-label', 'training losses per step, log scale');
    this.axis = document.createElementNS(NS, 'g');
    this.svg.append(this.axis);
    this.values = series.map(() => []);
    this.lines = series.map((s) => {
      const line = document.createElementNS(NS, 'polyline');
      line.setAttribute('fill', 'none');
      line.setAttribute('stroke', s.colour);
      line.setAttribute('stroke-width', '1.5');
      this.svg.append(line);
      return line;
    });
    const legend = document.createElement('div');
    legend.className = 'legend';
    for (const s of series) {
      const item = document.createElement('span');
      item.innerHTML = `<i style="background:${s.colour}"></i>`;
      item.append(s.name);
      legend.append(item);
    }
    host.replaceChildren(this.svg, legend);
  }

  clear(): void {
    for (const v of this.values) v.length = 0;
    this.redraw();
  }

  push(point: readonly number[]): void {
    point.forEach((v, i) => this.values[i]?.push(v));
    // Progress can arrive faster than frames; draw at most once per frame.
    if (!this.pending) {
      this.pending = true;
      requestAnimationFrame(() => {
        this.pending = false;
        this.redraw();
      });
    }
  }

  get length(): number {
    return this.values[0]?.length ?? 0;
  }

  private redraw(): void {
    const n = Math.max(1, ...this.values.map((v) => v.length));
    const finite = this.values.flat().filter((v) => Number.isFinite(v) && v > 0);
    const lo = Math.log10(finite.length ? Math.min(...finite) : 0.1);
    const hi = Math.log10(finite.length ? Math.max(...finite) : 10);
    const yMin = Math.floor(lo);
    const yMax = Math.max(Math.ceil(hi), yMin + 1);
    const x = (i: number) => PAD.left + (i / Math.max(n - 1, 1)) * (W - PAD.left - PAD.right);
    const y = (v: number) => PAD.top + ((yMax - Math.log10(v)) / (yMax - yMin)) * (H - PAD.top - PAD.bottom);
    this.values.forEach((vals, s) => {
      const pts = vals.map((v, i) => (v > 0 && Number.isFinite(v) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : '')).filter(Boolean);
      this.lines[s]?.setAttribute('points', pts.join(' '));
    });
    const parts: string[] = [];
    for (let e = yMin; e <= yMax; e++) {
      const yy = y(10 ** e).toFixed(1);
      parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${yy}" y2="${yy}" class="grid"/>`);
      parts.push(`<text x="${PAD.left - 4}" y="${yy}" class="tick" text-anchor="end" dominant-baseline="middle">${10 ** e >= 1 ? 10 ** e : (10 ** e).toPrecision(1)}</text>`);
    }
    parts.push(`<text x="${W - PAD.right}" y="${H - 4}" class="tick" text-anchor="end">step ${this.length}</text>`);
    this.axis.innerHTML = parts.join('');
  }
}
