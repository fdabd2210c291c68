/**
 * Renders a PlotSpec to a self-contained SVG string, headlessly in Node (Vega's scenegraph, no canvas, no DOM).
 * Output is byte-identical for the same PlotSpec and id prefix: Vega numbers its clip paths with a process-wide
 * counter, so every `id` in the SVG is renamed to `<prefix>-<n>` in order of appearance.
 */
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { escapeXml } from './escape.js';
import { plotToVegaLite } from './plot-to-vega-lite.js';
import type { PlotSpec } from './results-schema.js';

/**
 * Renders `plot` to SVG. `idPrefix` makes element ids unique when several SVGs are inlined in one HTML page
 * (default `plot-<plot.id>`); it must match `[A-Za-z][A-Za-z0-9_-]*`.
 */
export async function renderPlotSvg(plot: PlotSpec, idPrefix = `plot-${plot.id}`): Promise<string> {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(idPrefix)) throw new Error(`renderPlotSvg: idPrefix: expected [A-Za-z][A-Za-z0-9_-]*, got ${JSON.stringify(idPrefix)}`);
  const vlSpec = plotToVegaLite(plot);
  // vega-lite's compile() takes its own TopLevelSpec type; our builder returns plain JSON of that shape.
  const vgSpec = compile(vlSpec as unknown as Parameters<typeof compile>[0]).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    // The title is printed by the page around the SVG; inside, it is the SVG's accessible name (and tooltip).
    const svg = (await view.toSVG()).replace(/^(<svg[^>]*>)/, `$1<title>${escapeXml(plot.title).replace(/\$/g, '$$$$')}</title>`);
    return renameIds(svg, idPrefix);
  } finally {
    view.finalize();
  }
}

/** Renames every `id="…"` (and its `url(#…)` / `href="#…"` references) to `<prefix>-<n>` in order of appearance. */
export function renameIds(svg: string, prefix: string): string {
  const map = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) {
    if (!map.has(m[1])) map.set(m[1], `${prefix}-${map.size + 1}`);
  }
  if (map.size === 0) return svg;
  return svg.replace(/(\sid=")([^"]+)(")|(url\(#)([^)]+)(\))|(href="#)([^"]+)(")/g, (all, a1, id1, a3, b1, id2, b3, c1, id3, c3) => {
    if (id1 !== undefined) return `${a1}${map.get(id1) ?? id1}${a3}`;
    if (id2 !== undefined) return `${b1}${map.get(id2) ?? id2}${b3}`;
    if (id3 !== undefined) return `${c1}${map.get(id3) ?? id3}${c3}`;
    return all;
  });
}
