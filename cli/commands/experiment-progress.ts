/**
 * Progress of `experiment run` on stderr: on a terminal one redrawn bar line (cells done, the running cell's step,
 * loss and last gap, steps/s, ETA of the whole sweep from the measured step rate) with a permanent line per finished
 * cell; elsewhere (CI, a SLURM log) plain lines: the plan, each cell's start, resume, evaluations and end, and a step
 * line every tenth of a cell or 30 s.
 */
import type { SweepEvent } from '../../experiments/index.js';

function fmtDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.floor(s % 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

/** A progress reporter: feed it the runner's events. */
export function progressReporter(write: (s: string) => void, tty: boolean): (e: SweepEvent) => void {
  const t0 = performance.now();
  let remaining = 0; // steps left in this run's cells
  let stepsDone = 0;
  let cellsDone = 0;
  let cellsTodo = 0;
  let lastDraw = 0;
  let lastLine = 0;
  let current = '';
  let cellSteps = 0;
  let lastGap = '';
  let bar = false;
  const clear = () => {
    if (tty && bar) write('\r\x1b[K');
    bar = false;
  };
  const line = (s: string) => {
    clear();
    write(`${s}\n`);
  };
  const eta = () => {
    const elapsed = (performance.now() - t0) / 1000;
    const rate = stepsDone / Math.max(elapsed, 1e-9);
    return { rate, eta: stepsDone > 0 ? remaining / rate : NaN };
  };
  return (e) => {
    switch (e.type) {
      case 'plan': {
        cellsTodo = e.todo.length;
        remaining = e.todo.reduce((s, c) => s + c.config.steps, 0);
        const shard = e.shard.count > 1 ? ` shard ${e.shard.index}/${e.shard.count}:` : '';
        line(`code version ${e.codeVersion}; ${e.total} cells,${shard} ${e.mine} here, ${e.done} already finished, ${e.todo.length} to compute${e.backend ? ` on ${e.backend}` : ''}`);
        break;
      }
      case 'cell-start':
        current = `${e.cell.row} seed ${e.cell.labels.seed}`;
        cellSteps = e.cell.config.steps;
        lastGap = '';
        if (!tty) line(`[${e.index}/${e.of}] start ${current} (${e.cell.key.slice(0, 12)})`);
        break;
      case 'cell-resume':
        remaining -= e.step;
        line(`  resumed ${current} at step ${e.step} from its checkpoint`);
        break;
      case 'cell-restart':
        line(`  restarting ${current} from step 0: its checkpoint is unusable (${e.why})`);
        break;
      case 'stale-lock':
        line(`  took over the stale lock of ${e.cell.row} seed ${e.cell.labels.seed}: ${e.why}`);
        break;
      case 'step': {
        stepsDone++;
        remaining--;
        const now = performance.now();
        const { rate, eta: left } = eta();
        const text = `cells ${cellsDone}/${cellsTodo} | ${current} step ${e.metrics.step}/${cellSteps} loss ${e.metrics.clipLoss.toFixed(4)}${lastGap} | ${rate.toFixed(1)} steps/s | ETA ${fmtDuration(left)}`;
        if (tty) {
          if (now - lastDraw > 200) {
            lastDraw = now;
            const w = 20;
            const filled = Math.round((w * cellsDone) / Math.max(cellsTodo, 1));
            write(`\r[${'#'.repeat(filled)}${'.'.repeat(w - filled)}] ${text}\x1b[K`);
            bar = true;
          }
        } else if (e.metrics.step % Math.max(1, Math.round(cellSteps / 10)) === 0 || now - lastLine > 30_000) {
          lastLine = now;
          line(`  ${text}`);
        }
        break;
      }
      case 'eval':
        lastGap = ` gap ${e.metrics.gap.toFixed(4)}±${e.metrics.gapSe.toFixed(4)}`;
        if (!tty) line(`  eval step ${e.metrics.step}: test ${e.metrics.loss.toFixed(4)} bayes ${e.metrics.bayes.toFixed(4)} gap ${e.metrics.gap.toFixed(4)}±${e.metrics.gapSe.toFixed(4)} (n=${e.metrics.n})`);
        break;
      case 'cell-done':
        cellsDone++;
        line(`done ${current}: gap ${e.gap.toFixed(4)}±${e.gapSe.toFixed(4)} (${fmtDuration(e.wallSeconds)})`);
        break;
      case 'cell-elsewhere':
        cellsTodo--;
        remaining -= e.cell.config.steps;
        line(`skip ${e.cell.row} seed ${e.cell.labels.seed}: ${e.why === 'locked' ? 'another live process holds its lock' : 'another process finished it'}`);
        break;
      case 'cell-stopped':
        line(`interrupted ${current} at step ${e.step}: checkpoint saved`);
        break;
    }
  };
}
