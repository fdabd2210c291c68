/**
 * Deterministic, compact number formatting for reports (the same number always prints the same way).
 */

/**
 * Formats a number for display: safe integers in full, other values with `digits` significant digits (trailing
 * zeros trimmed), scientific notation outside [1e-3, 1e6). Non-finite values print as `NaN`, `∞`, `−∞`.
 */
export function formatNumber(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (Number.isSafeInteger(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) {
    const [m, e] = x.toExponential(digits - 1).split('e');
    return `${trimZeros(m)}e${e.replace('+', '')}`;
  }
  return trimZeros(x.toPrecision(digits));
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Formats a closed interval `[lo, hi]`. */
export function formatInterval(ci: readonly [number, number], digits = 4): string {
  return `[${formatNumber(ci[0], digits)}, ${formatNumber(ci[1], digits)}]`;
}

/** Formats a probability such as a false-failure rate (scientific below 1e-3). */
export function formatRate(p: number): string {
  return formatNumber(p, 3);
}

/**
 * Formats a duration in milliseconds: `850 ms` below a second, `12.3 s` below a minute, `2m05s` below an hour,
 * `1h05m` beyond, and `?` when it is not finite (an ETA not yet known). The one duration formatter of the repository:
 * the reports' timings and `train`'s ETA use it.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 1000) return `${Math.round(Math.max(ms, 0))} ms`;
  if (ms < 59_950) return `${formatNumber(ms / 1000, 3)} s`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s % 60).padStart(2, '0')}s`;
}
