/**
 * In-process driver of the bad-input test (test/cli/bad-input.test.ts): runs many CLI (or bench) invocations in ONE
 * fresh Node process, calling the real `main(argv)` / `benchMain(argv)` for each, and records per case the exit code,
 * stdout, stderr, wall and CPU time of the call (command modules are loaded beforehand), and the process's peak resident memory so far (monotonic, so it
 * bounds every case up to that one). Usage: node --import tsx test/cli/bad-input-driver.ts CASES.json RESULTS.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { COMMANDS, main } from '../../cli/main.js';
import { benchMain } from '../../bench/main.js';

/** One invocation. */
export interface DriverCase {
  /** Which program: the CLI or the benchmarks. */
  readonly program: 'cli' | 'bench';
  /** Its argv (without node and script). */
  readonly argv: readonly string[];
}

/** What one invocation did. */
export interface DriverResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time of the call (ms). */
  readonly wallMs: number;
  /** CPU time of the process during the call, user + system (ms). */
  readonly cpuMs: number;
  /** Peak resident set size of the process so far (kB). */
  readonly maxRssKb: number;
}

async function runOne(c: DriverCase): Promise<DriverResult> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const log = console.log;
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  console.log = (...a: unknown[]) => {
    stdout += `${a.map(String).join(' ')}\n`;
  };
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let code: number;
  try {
    code = c.program === 'cli' ? await main(c.argv) : await benchMain(c.argv);
  } catch (e) {
    code = -1;
    stderr += `driver: the call threw: ${(e as Error).stack ?? String(e)}\n`;
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    console.log = log;
  }
  const cpu = process.cpuUsage(c0);
  return { code, stdout, stderr, wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS };
}

const [casesFile, resultsFile] = process.argv.slice(2);
// Load every command module first, so each call's time is the command's own work on its input (the subprocess
// cases of the test bound the whole program, start-up and imports included).
for (const entry of Object.values(COMMANDS)) await entry.load();
const cases = JSON.parse(readFileSync(casesFile, 'utf8')) as DriverCase[];
const results: DriverResult[] = [];
for (const c of cases) results.push(await runOne(c));
writeFileSync(resultsFile, JSON.stringify(results));
