/** The sparse-series rule: measured series with few points (or a much coarser grid) are drawn as points only. */
import { describe, expect, it } from 'vitest';
import { drawsLine, MIN_LINE_POINTS, styleWords } from '../../reports/plot-style.js';
import type { PlotSeries, PlotSpec, SeriesKind } from '../../reports/results-schema.js';

function series(name: string, kind: SeriesKind, n: number): PlotSeries {
  return { name, kind, points: Array.from({ length: n }, (_, i) => ({ x: i, y: i })) };
}
function plot(...s: PlotSeries[]): PlotSpec {
  return { id: 'p', title: 't', xLabel: 'x', yLabel: 'y', series: s };
}

describe('drawsLine', () => {
  it('draws the Fig. 8 quick-tier case (2 points of ours next to 20 published) as points', () => {
    const p = plot(series('ours', 'ours', 2), series('pub', 'published', 20));
    expect(drawsLine(p.series[0], p)).toBe(false);
    expect(drawsLine(p.series[1], p)).toBe(true);
  });
  it('needs at least MIN_LINE_POINTS points even alone', () => {
    const few = plot(series('ours', 'ours', MIN_LINE_POINTS - 1));
    const enough = plot(series('ours', 'ours', MIN_LINE_POINTS));
    expect(drawsLine(few.series[0], few)).toBe(false);
    expect(drawsLine(enough.series[0], enough)).toBe(true);
  });
  it('needs at least half as many points as the densest series', () => {
    const p = plot(series('a', 'ours', 10), series('b', 'published', 20), series('c', 'published', 21));
    expect(drawsLine(p.series[0], p)).toBe(false); // 10 < 21 / 2
    const q = plot(series('a', 'ours', 10), series('b', 'published', 20));
    expect(drawsLine(q.series[0], q)).toBe(true); // 10 ≥ 20 / 2
  });
  it('always draws bounds and fits as lines (they are curves)', () => {
    const p = plot(series('b', 'bound', 2), series('f', 'fit', 2), series('pub', 'published', 50));
    expect(drawsLine(p.series[0], p)).toBe(true);
    expect(drawsLine(p.series[1], p)).toBe(true);
  });
});

describe('styleWords', () => {
  it('names the drawing style per series', () => {
    const p = plot(series('o', 'ours', 2), series('pub', 'published', 20), series('b', 'bound', 20), series('f', 'fit', 20), series('o2', 'ours', 20));
    expect(p.series.map((s) => styleWords(s, p))).toEqual(['points', 'dashed line', 'dotted line', 'dash-dot line', 'solid line']);
  });
});
