/**
 * Keeps Dawn's, the Vulkan loader's and Mesa's native warnings off the user's terminal.
 *
 * They are written to file descriptor 2 from native code, which Node cannot redirect in-process. So a command that
 * will load Dawn (`train`/`bench train` with webgpu, or `auto` where a WebGPU adapter exists) re-runs itself in a
 * child process whose stderr is piped through `NativeNoiseFilter`, which drops those lines and passes everything
 * else through unchanged (the progress bar included: the child is told whether stderr is a terminal). Exit codes and
 * Ctrl-C behave as without the child: the child gets the terminal's SIGINT, saves its checkpoint and exits 130.
 * CLIP_THEORY_NATIVE_STDERR=show turns the filter off (to see Dawn's messages).
 */
import { spawn } from 'node:child_process';

/** Native lines that are noise (Dawn `Warning:` blocks with their source locations, loader and Mesa messages). */
export const NATIVE_NOISE_PATTERNS: readonly RegExp[] = [
  /^Warning: /,
  /^ - While /,
  /^\s+at \S+ \(\S+\.(?:cpp|cc|c|h|mm):\d+\)\s*$/,
  /^error: XDG_RUNTIME_DIR /,
  /^WARNING: lavapipe is not a conformant Vulkan implementation/i,
  /^MESA(?:-LOADER)?: /,
  /^(?:ERROR|WARNING|INFO): \[Loader Message\]/,
  /^(?:ERROR|WARNING): \S*vk\w+/,
];

/** True for a line (without its newline) that is native noise. */
export function isNativeNoise(line: string): boolean {
  return NATIVE_NOISE_PATTERNS.some((p) => p.test(line));
}

/**
 * A line filter over a byte stream: complete lines matching `isNativeNoise` are dropped, and so is an empty line that
 * follows a dropped one (Dawn ends its blocks with one). A partial line is held only while it could still become
 * noise; anything else (e.g. a progress bar redrawn with `\r`) passes through at once.
 */
export class NativeNoiseFilter {
  private pending = '';
  private afterNoise = false;
  constructor(private readonly write: (s: string) => void) {}

  /** Feeds a chunk; writes what is not noise. */
  push(chunk: string): void {
    this.pending += chunk;
    let nl: number;
    let out = '';
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      if (isNativeNoise(line) || (this.afterNoise && line.trim() === '')) {
        this.afterNoise = true;
        continue;
      }
      this.afterNoise = false;
      out += `${line}\n`;
    }
    if (this.pending !== '' && !couldBeNoise(this.pending)) {
      out += this.pending;
      this.pending = '';
      this.afterNoise = false;
    }
    if (out !== '') this.write(out);
  }

  /** Flushes a final partial line (kept unless it is noise). */
  end(): void {
    if (this.pending !== '' && !isNativeNoise(this.pending)) this.write(this.pending);
    this.pending = '';
  }
}

function couldBeNoise(partial: string): boolean {
  const prefixes = ['Warning: ', ' - While ', 'error: XDG_RUNTIME_DIR ', 'WARNING: ', 'ERROR: ', 'INFO: ', 'MESA'];
  return prefixes.some((p) => p.startsWith(partial) || partial.startsWith(p)) || /^\s+(?:a|at|at .*)?$/.test(partial);
}

const CHILD_FLAG = 'CLIP_THEORY_NATIVE_STDERR_CHILD';

/**
 * True when the command should run here as it is: inside the filtered child, with the filter turned off, or when this
 * process is not the command line's own entry point (e.g. `main()` called from a test runner, which cannot be re-run).
 */
export function stderrAlreadyFiltered(): boolean {
  if (process.env[CHILD_FLAG] === '1' || process.env.CLIP_THEORY_NATIVE_STDERR === 'show') return true;
  return !/(?:cli[\\/](?:main\.ts|bin\.js)|bench[\\/]main\.ts|[\\/]clip-theory)$/.test(process.argv[1] ?? '');
}

/** Whether stderr should be treated as a terminal (true in a filtered child of a terminal). */
export function stderrIsTty(): boolean {
  return Boolean(process.stderr.isTTY) || process.env.CLIP_THEORY_STDERR_TTY === '1';
}

/**
 * Re-runs this process's command line (same Node flags, script and arguments) in a child with a filtered stderr and
 * resolves to the child's exit code (130 after SIGINT, 1 if it could not start).
 */
export function rerunWithFilteredStderr(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: ['inherit', 'inherit', 'pipe'],
      env: { ...process.env, [CHILD_FLAG]: '1', ...(process.stderr.isTTY ? { CLIP_THEORY_STDERR_TTY: '1' } : {}) },
    });
    const filter = new NativeNoiseFilter((s) => process.stderr.write(s));
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (c: string) => filter.push(c));
    // A terminal's Ctrl-C reaches the child too (same process group); a SIGINT sent to this process alone is
    // forwarded. Either way the child saves its checkpoint and exits 130 (a second SIGINT changes nothing there).
    const forward = (sig: NodeJS.Signals) => () => {
      if (child.exitCode === null) child.kill(sig);
    };
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('error', (e) => {
      process.stderr.write(`error: cannot start the worker process (${e.message})\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      filter.end();
      process.removeListener('SIGINT', onInt);
      process.removeListener('SIGTERM', onTerm);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}
