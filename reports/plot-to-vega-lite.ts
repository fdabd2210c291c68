/**
 * Translates a PlotSpec into a Vega-Lite specification. Colour and dash pattern encode the series (dash by kind:
 * `ours` solid, `published` dashed, `bound` dotted, `fit` dash-dot). Measured series (`ours`, `published`) show their
 * lo/hi as ±error bars with caps; curves (`bound`, `fit`) as shaded bands. Sparse measured series are drawn as points
 * without a line (the rule is in ./plot-style.ts). Both axis domains are computed from the data, error bars and bands
 * included, with padding (./plot-domain.ts), so every mark lies inside the plot area. The legend sits below the plot,
 * one entry per row, and never truncates a label. The title is not drawn in the plot (the HTML report prints it above
 * the figure, where it can wrap); renderPlotSvg adds it as the SVG's `<title>`.
 */
import { paddedDomain } from './plot-domain.js';
import { drawsLine, hasErrorBars } from './plot-style.js';
import type { PlotSpec, SeriesKind } from './results-schema.js';
import { charsThatFit, wrapLabel } from './wrap-label.js';

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

/** Font size of axis titles, in pixels. */
const AXIS_TITLE_SIZE = 12;

/** Stroke width of error bars and their caps, in pixels. */
export const ERROR_BAR_WIDTH = 2;
/** Width of an error bar's caps, in pixels. */
export const ERROR_BAR_CAP = 9;

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
  const lineNames = plot.series.filter((s) => drawsLine(s, plot)).map((s) => clean(s.name));
  const pointOnlyNames = plot.series.filter((s) => !drawsLine(s, plot)).map((s) => clean(s.name));
  const onLineMeasured = plot.series.filter((s) => drawsLine(s, plot) && hasErrorBars(s.kind)).map((s) => clean(s.name));

  const xDomain = paddedDomain(
    rows.map((r) => r.x),
    plot.logX === true,
    0.04,
  );
  const yDomain = paddedDomain(
    rows.flatMap((r) => (r.lo !== undefined && r.hi !== undefined ? [r.y, r.lo, r.hi] : [r.y])),
    plot.logY === true,
  );
  // x is not rounded outwards ("nice"): that could add a stretch of negative counts or probabilities.
  const scale = (log: boolean | undefined, domain: [number, number] | undefined, nice: boolean) => ({
    ...(log ? { type: 'log', nice: false } : { zero: false, nice }),
    ...(domain ? { domain } : {}),
  });
  const x = { field: 'x', type: 'quantitative', title: wrapLabel(clean(plot.xLabel), charsThatFit(PLOT_WIDTH, AXIS_TITLE_SIZE)), scale: scale(plot.logX, xDomain, false) };
  const yScale = scale(plot.logY, yDomain, true);
  const yTitle = wrapLabel(clean(plot.yLabel), charsThatFit(PLOT_HEIGHT, AXIS_TITLE_SIZE));
  const yOf = (field: string) => ({ field, type: 'quantitative', title: yTitle, scale: yScale });

  // The legend marks point-only series with a filled circle and line series with a stroke in their dash pattern.
  const isPointOnly = `indexof(${JSON.stringify(pointOnlyNames)}, datum.value) >= 0`;
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: seriesNames },
    legend: {
      orient: 'bottom',
      direction: 'vertical',
      columns: 1,
      labelLimit: 2000,
      symbolStrokeWidth: 2,
      symbolSize: 300,
      symbolOpacity: 1,
      encode: {
        symbols: {
          update: {
            shape: [{ test: isPointOnly, value: 'circle' }, { value: 'stroke' }],
            size: { signal: `${isPointOnly} ? 80 : 300` },
            fill: [{ test: isPointOnly, scale: 'color', field: 'value' }, { value: 'transparent' }],
          },
        },
      },
    },
  };
  const dash = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: seriesNames, range: plot.series.map((s) => [...(drawsLine(s, plot) ? DASH_BY_KIND[s.kind] : DASH_BY_KIND.ours)]) },
  };
  const hasInterval = { field: 'lo', valid: true };
  const measured = { field: 'kind', oneOf: ['ours', 'published'] };
  const oneOf = (names: string[]) => ({ field: 'series', oneOf: names });
  const errorFilter = [{ filter: { and: [hasInterval, measured] } }];
  const layers: Record<string, unknown>[] = [
    {
      transform: [{ filter: { and: [hasInterval, { field: 'kind', oneOf: ['bound', 'fit'] }] } }],
      mark: { type: 'area', opacity: 0.18, clip: true },
      encoding: { x, y: yOf('lo'), y2: { field: 'hi' }, color },
    },
    {
      transform: errorFilter,
      mark: { type: 'rule', strokeWidth: ERROR_BAR_WIDTH, clip: true },
      encoding: { x, y: yOf('lo'), y2: { field: 'hi' }, color },
    },
    ...['lo', 'hi'].map((end) => ({
      transform: errorFilter,
      mark: { type: 'tick', orient: 'horizontal', size: ERROR_BAR_CAP, thickness: ERROR_BAR_WIDTH, opacity: 1, clip: true },
      encoding: { x, y: yOf(end), color },
    })),
    {
      transform: [{ filter: oneOf(lineNames) }],
      mark: { type: 'line', strokeWidth: 1.8, clip: true },
      encoding: {
        x,
        y: yOf('y'),
        color,
        detail: { field: 'series', type: 'nominal' },
        strokeDash: dash,
        order: { field: 'x', type: 'quantitative' },
      },
    },
    {
      transform: [{ filter: oneOf(onLineMeasured) }],
      mark: { type: 'point', filled: true, size: 28, opacity: 1, clip: true },
      encoding: { x, y: yOf('y'), color },
    },
    {
      transform: [{ filter: oneOf(pointOnlyNames) }],
      mark: { type: 'point', filled: true, size: 80, opacity: 1, stroke: 'white', strokeWidth: 1, clip: true },
      encoding: { x, y: yOf('y'), color },
    },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    background: 'white',
    padding: 8,
    data: { values: rows },
    layer: layers,
    resolve: { scale: { y: 'shared', x: 'shared' } },
    config: { font: 'sans-serif', legend: { labelFontSize: 12 }, axis: { labelFontSize: 11, titleFontSize: AXIS_TITLE_SIZE } },
  };
}
