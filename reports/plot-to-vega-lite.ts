/**
 * Translates a PlotSpec into a Vega-Lite specification: one line-with-points layer per series kind style (colour by
 * series, dash pattern by kind: `ours` solid, `published` dashed, `bound` dotted, `fit` dash-dot), error bars for
 * points with lo/hi on measured series (`ours`, `published`), shaded bands for curves (`bound`, `fit`), and log
 * scales when asked.
 */
import type { PlotSpec, SeriesKind } from './results-schema.js';

/** Dash pattern of each series kind (SVG stroke-dasharray). */
export const DASH_BY_KIND: Readonly<Record<SeriesKind, readonly number[]>> = {
  ours: [1, 0],
  published: [6, 4],
  bound: [2, 2],
  fit: [8, 3, 2, 3],
};

/** Plot size in pixels (the data rectangle; axes and legend come on top). */
export const PLOT_WIDTH = 460;
/** Plot height in pixels. */
export const PLOT_HEIGHT = 260;

/** Replaces control characters (which SVG/XML cannot carry) by U+FFFD in labels handed to Vega. */
function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD');
}

/** One row of the flattened plot data. */
interface Row {
  series: string;
  kind: SeriesKind;
  x: number;
  y: number;
  lo?: number;
  hi?: number;
}

/** Builds the Vega-Lite spec (a plain JSON object) of a plot; deterministic in its input. */
export function plotToVegaLite(plot: PlotSpec): Record<string, unknown> {
  const rows: Row[] = [];
  for (const s of plot.series) {
    for (const p of s.points) {
      const row: Row = { series: clean(s.name), kind: s.kind, x: p.x, y: p.y };
      if (p.lo !== undefined && p.hi !== undefined) {
        row.lo = p.lo;
        row.hi = p.hi;
      }
      rows.push(row);
    }
  }
  const seriesNames = plot.series.map((s) => clean(s.name));
  const x = {
    field: 'x',
    type: 'quantitative',
    title: clean(plot.xLabel),
    scale: plot.logX ? { type: 'log' } : { zero: false, nice: true },
  };
  const yScale = plot.logY ? { type: 'log' } : { zero: false, nice: true };
  // Colour and dash pattern both encode the series (each series has one kind), so Vega-Lite draws one legend
  // whose symbols show each series' colour and dash pattern.
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: seriesNames }, legend: { symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 300, symbolOpacity: 1 } };
  const dash = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: seriesNames, range: plot.series.map((s) => [...DASH_BY_KIND[s.kind]]) },
  };
  const hasInterval = { field: 'lo', valid: true };
  const layers: Record<string, unknown>[] = [
    {
      transform: [{ filter: { and: [hasInterval, { field: 'kind', oneOf: ['bound', 'fit'] }] } }],
      mark: { type: 'area', opacity: 0.18, clip: true },
      encoding: {
        x,
        y: { field: 'lo', type: 'quantitative', title: clean(plot.yLabel), scale: yScale },
        y2: { field: 'hi' },
        color,
      },
    },
    {
      transform: [{ filter: { and: [hasInterval, { field: 'kind', oneOf: ['ours', 'published'] }] } }],
      mark: { type: 'rule', strokeWidth: 1.2, clip: true },
      encoding: {
        x,
        y: { field: 'lo', type: 'quantitative', title: clean(plot.yLabel), scale: yScale },
        y2: { field: 'hi' },
        color,
      },
    },
    {
      mark: { type: 'line', point: { filled: true, size: 28 }, strokeWidth: 1.8, clip: true },
      encoding: {
        x,
        y: { field: 'y', type: 'quantitative', title: clean(plot.yLabel), scale: yScale },
        color,
        detail: { field: 'series', type: 'nominal' },
        strokeDash: dash,
        order: { field: 'x', type: 'quantitative' },
      },
    },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: clean(plot.title),
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    background: 'white',
    padding: 8,
    data: { values: rows },
    layer: layers,
    resolve: { scale: { y: 'shared', x: 'shared' } },
    config: { font: 'sans-serif', legend: { orient: 'right', labelLimit: 220 }, axis: { labelFontSize: 11, titleFontSize: 12 } },
  };
}
