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
  it('escapes text from the PlotSpec', async () => {
    const svg = await renderPlotSvg({ ...linPlot, title: 'a <b> & "c"' });
    expect(svg).toContain('a &lt;b&gt; &amp;');
    expect(svg).not.toContain('<b>');
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
