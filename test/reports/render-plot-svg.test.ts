/**
 * Plot rendering: PlotSpec → Vega-Lite (styles, log scales, error bars/bands) → SVG that is self-contained and
 * byte-identical for the same input (even after other plots advanced Vega's internal id counter).
 */
import { describe, expect, it } from 'vitest';
import { DASH_BY_KIND, plotToVegaLite } from '../../reports/plot-to-vega-lite.js';
import { renameIds, renderPlotSvg } from '../../reports/render-plot-svg.js';
import type { PlotSpec } from '../../reports/results-schema.js';
import { fakeResults } from './fake-results.js';

const [logPlot] = fakeResults().claims[0].plots!;
const [linPlot] = fakeResults().claims[1].plots!;

/** Like Fig. 8a at the quick tier: 2 points of ours (±2 SE) next to a 20-point published curve, a long y label. */
const ps = Array.from({ length: 20 }, (_, i) => 0.02 * (i + 1));
const fig8Like: PlotSpec = {
  id: 'fig8-like',
  title: 'CLIP risk vs flip probability',
  xLabel: 'flip probability p',
  yLabel: 'CLIP risk (K = 4, sum of both directions)',
  series: [
    { name: "Mis-spec. BP (ours, authors' kernels)", kind: 'ours', points: [{ x: 0.02, y: 0.396, lo: 0.371, hi: 0.421 }, { x: 0.4, y: 1.799, lo: 1.71, hi: 1.889 }] },
    { name: 'Mis-spec. BP (published)', kind: 'published', points: ps.map((p) => ({ x: p, y: 0.4 + 8 * p ** 2 })) },
    { name: 'Shallow TF (published)', kind: 'published', points: ps.map((p) => ({ x: p, y: 0.42 + 10 * p ** 2 })) },
  ],
};

type Layer = { transform?: { filter: unknown }[]; mark: { type: string; strokeWidth?: number; thickness?: number }; encoding: Record<string, { scale?: { domain?: number[] } }> };

describe('plotToVegaLite', () => {
  it('uses log scales only when asked', () => {
    const json = JSON.stringify(plotToVegaLite(logPlot));
    expect(json).toContain('"type":"log"');
    expect(JSON.stringify(plotToVegaLite(linPlot))).not.toContain('"type":"log"');
  });
  it('dashes published series and keeps ours solid', () => {
    const spec = plotToVegaLite(logPlot) as { layer: { encoding: { strokeDash?: { scale: { domain: string[]; range: number[][] } } } }[] };
    const dash = spec.layer.find((l) => l.encoding.strokeDash)!.encoding.strokeDash!.scale;
    expect(dash.domain).toEqual(['ours', 'paper Fig. 2', 'bound C/√n']);
    expect(dash.range).toEqual([[...DASH_BY_KIND.ours], [...DASH_BY_KIND.published], [...DASH_BY_KIND.bound]]);
  });
  it('draws a sparse measured series as points only, never as a line (the rule of plot-style.ts)', () => {
    const spec = plotToVegaLite(fig8Like) as { layer: Layer[] };
    const lineLayer = spec.layer.find((l) => l.mark.type === 'line')!;
    expect(JSON.stringify(lineLayer.transform)).not.toContain('ours, authors');
    expect(JSON.stringify(lineLayer.transform)).toContain('Mis-spec. BP (published)');
    const pointLayers = spec.layer.filter((l) => l.mark.type === 'point');
    expect(pointLayers.some((l) => JSON.stringify(l.transform).includes('ours, authors'))).toBe(true);
  });
  it('sets axis domains that contain every point and error bar end, with room to spare', () => {
    const spec = plotToVegaLite(fig8Like) as { layer: Layer[] };
    for (const l of spec.layer) {
      const [ylo, yhi] = l.encoding.y.scale!.domain!;
      const [xlo, xhi] = l.encoding.x.scale!.domain!;
      for (const s of fig8Like.series) {
        for (const p of s.points) {
          for (const y of [p.y, p.lo ?? p.y, p.hi ?? p.y]) expect(y > ylo && y < yhi).toBe(true);
          expect(p.x > xlo && p.x < xhi).toBe(true);
        }
      }
    }
  });
  it('draws error bars with a visible stroke and caps at both ends', () => {
    const spec = plotToVegaLite(fig8Like) as { layer: Layer[] };
    const rule = spec.layer.find((l) => l.mark.type === 'rule')!;
    expect(rule.mark.strokeWidth).toBeGreaterThanOrEqual(2);
    expect(spec.layer.filter((l) => l.mark.type === 'tick').map((l) => Object.keys(l.encoding).includes('y') && (l.encoding.y as { field?: string }).field)).toEqual(['lo', 'hi']);
  });
  it('carries lo/hi into the data for error bars and bands', () => {
    const spec = plotToVegaLite(logPlot) as { data: { values: { series: string; lo?: number }[] } };
    expect(spec.data.values.filter((v) => v.lo !== undefined).map((v) => v.series)).toEqual(Array(5).fill('ours'));
  });
});

describe('renderPlotSvg', () => {
  it('is byte-identical for the same PlotSpec, also after rendering other plots', async () => {
    const a = await renderPlotSvg(logPlot);
    await renderPlotSvg(linPlot);
    const b = await renderPlotSvg(JSON.parse(JSON.stringify(logPlot)) as PlotSpec);
    expect(b).toBe(a);
  });
  it('draws a self-contained SVG: dashed published line, log ticks, prefixed ids only, no external references', async () => {
    const svg = await renderPlotSvg(logPlot, 'px');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(`stroke-dasharray="${DASH_BY_KIND.published.join(',')}"`);
    expect(svg).toContain('>10,000<'); // log x axis tick label
    const ids = [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^px-\d+$/);
    for (const ref of svg.matchAll(/url\(([^)]*)\)/g)) expect(ref[1]).toMatch(/^#px-\d+$/);
    // Namespace declarations are names, not fetches; nothing else may point outside the SVG.
    const external = svg.replace(/\sxmlns(:\w+)?="[^"]*"/g, '').match(/https?:|@import|<image|<foreignObject|href="(?!#)/);
    expect(external?.[0]).toBeUndefined();
  });
  it('shows every legend label in full and leaves no empty band above the plot (long y label)', async () => {
    const svg = await renderPlotSvg(fig8Like, 'f8');
    const legend = svg.slice(svg.indexOf('role-legend'));
    const labels = [...legend.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
    expect(labels).toEqual(fig8Like.series.map((s) => s.name));
    expect(svg).not.toContain('…');
    // The plot frame starts right below the top padding (8 px) plus at most half a tick label.
    const [, dy] = /<g fill="none" stroke-miterlimit="4" transform="translate\((\d+),(\d+)\)"/.exec(svg)!.slice(1).map(Number);
    expect(dy).toBeLessThanOrEqual(16);
    // The planted twin: the same long y label on one line makes Vega reserve a band above the plot.
    const vl = plotToVegaLite(fig8Like) as { layer: { encoding: { y: { title: unknown } } }[] };
    for (const l of vl.layer) l.encoding.y.title = fig8Like.yLabel;
    const vega = await import('vega');
    const { compile } = await import('vega-lite');
    const view = new vega.View(vega.parse(compile(vl as unknown as Parameters<typeof compile>[0]).spec), { renderer: 'none' });
    const twin = await view.toSVG();
    view.finalize();
    const twinDy = Number(/<g fill="none" stroke-miterlimit="4" transform="translate\(\d+,(\d+)\)"/.exec(twin)![1]);
    expect(twinDy).toBeGreaterThan(40);
  });
  it('escapes text from the PlotSpec (axis titles, legend labels)', async () => {
    const svg = await renderPlotSvg({ ...linPlot, title: 'T <u> & $& $1', xLabel: 'a <b> & "c"', series: [{ ...linPlot.series[0], name: 'x <i> & y' }] });
    expect(svg).toMatch(/^<svg[^>]*><title>T &lt;u&gt; &amp; \$&amp; \$1<\/title>/);
    expect(svg).toContain('a &lt;b&gt; &amp;');
    expect(svg).toContain('x &lt;i&gt; &amp; y');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('<i>');
    expect(svg).not.toContain('<u>');
  });
  it('refuses an id prefix that is not a valid id', async () => {
    await expect(renderPlotSvg(logPlot, '1 bad')).rejects.toThrow('renderPlotSvg: idPrefix');
  });
});

describe('renameIds', () => {
  it('renames ids and their references in order of appearance', () => {
    const svg = '<svg><clipPath id="clip7"/><g clip-path="url(#clip7)"/><clipPath id="clip9"/><use href="#clip9"/></svg>';
    expect(renameIds(svg, 'p')).toBe('<svg><clipPath id="p-1"/><g clip-path="url(#p-1)"/><clipPath id="p-2"/><use href="#p-2"/></svg>');
  });
});
