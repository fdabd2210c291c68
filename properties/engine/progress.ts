/**
 * Progress display of a verify run: a bar with ETA when stderr is a terminal, plain lines otherwise (CI logs).
 */
import type { RunEvent } from './run-claims.js';

function fmt(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Returns an event handler that writes progress to `stream` (a bar when `tty`, else one line per claim). */
export function progressPrinter(stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }, tty = Boolean(stream.isTTY)): (e: RunEvent) => void {
  let started = Date.now();
  let done = 0;
  let total = 0;
  let failures = 0;
  const bar = (id: string, fraction: number) => {
    const width = 24;
    const progress = (done + fraction) / Math.max(total, 1);
    const filled = Math.round(progress * width);
    const elapsed = Date.now() - started;
    const eta = progress > 0.02 ? fmt((elapsed / progress) * (1 - progress)) : '?';
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${id} · ETA ${eta}${failures ? ` · ${failures} failed` : ''}`;
    stream.write(`\r${line.slice(0, (stream.columns ?? 100) - 1).padEnd(Math.min(stream.columns ?? 100, 100) - 1)}`);
  };
  return (e) => {
    switch (e.type) {
      case 'start':
        started = Date.now();
        total = e.total;
        stream.write(`clip-theory verify: ${e.total} claims, tier ${e.tier}, root seed ${e.seed}, false-failure budget ${e.budget.toExponential(2)} (union bound)\n`);
        break;
      case 'claim-start':
        if (tty) bar(e.id, 0);
        break;
      case 'claim-progress':
        if (tty) bar(e.id, e.fraction);
        break;
      case 'claim-end': {
        done++;
        if (e.status !== 'pass') failures++;
        // a weak or vacuous check is never printed like a plain pass
        const qualified = e.powerStatus === 'weak' || e.powerStatus === 'vacuous';
        const verdict = `${e.status.toUpperCase()}${qualified ? ` (${e.powerStatus} power)` : ''}`;
        const line = `${verdict.padEnd(5)} ${e.id} (${fmt(e.durationMs)}): ${e.summary}${qualified ? `\n      power: ${e.powerNote}` : ''}${e.status !== 'pass' ? `\n      replay: ${e.replay}` : ''}`;
        if (tty) stream.write(`\r${' '.repeat(Math.min(stream.columns ?? 100, 100) - 1)}\r`);
        stream.write(`[${done}/${total}] ${line}\n`);
        break;
      }
    }
  };
}
