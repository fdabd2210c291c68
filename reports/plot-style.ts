/**
 * How each series of a plot is drawn — the "sparse series" rule. A line through a few measured points suggests a
 * curve between them that was never measured; next to a densely published curve it can cut across that curve and make
 * an agreement look like a disagreement. So:
 *
 * - a measured series (`ours`, `published`) is drawn as a line through its points only when it has at least
 *   {@link MIN_LINE_POINTS} points AND at least half as many points as the densest series of the plot; otherwise it
 *   is drawn as points alone (larger, with their error bars);
 * - `bound` and `fit` series are curves (functions evaluated on a grid) and are always drawn as lines.
 */
import type { PlotSeries, PlotSpec, SeriesKind } from './results-schema.js';

/** Fewest points a measured series needs to be drawn as a line. */
export const MIN_LINE_POINTS = 5;

/** Whether `series` (one of `plot.series`) is drawn as a line (else as points only). */
export function drawsLine(series: PlotSeries, plot: PlotSpec): boolean {
  if (series.kind === 'bound' || series.kind === 'fit') return true;
  const densest = Math.max(...plot.series.map((s) => s.points.length));
  return series.points.length >= MIN_LINE_POINTS && 2 * series.points.length >= densest;
}

/** Whether a series of this kind shows its lo/hi as error bars (measured) rather than as a shaded band (curves). */
export function hasErrorBars(kind: SeriesKind): boolean {
  return kind === 'ours' || kind === 'published';
}

/** Words for the caption: how one series is drawn (e.g. `solid line`, `dashed line`, `points`). */
export function styleWords(series: PlotSeries, plot: PlotSpec): string {
  if (!drawsLine(series, plot)) return 'points';
  return `${{ ours: 'solid', published: 'dashed', bound: 'dotted', fit: 'dash-dot' }[series.kind]} line`;
}
