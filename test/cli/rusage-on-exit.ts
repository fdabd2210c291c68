/**
 * Preloaded (`node --import tsx --import ./test/cli/rusage-on-exit.ts cli/main.ts …`) by the bad-input test: when
 * CLIP_THEORY_RUSAGE_FILE is set, writes the process's resource usage at exit — peak resident memory (kB), user and
 * system CPU time (ms) and wall time since the process started (ms) — so the test can bound the real program's time
 * and memory without any platform tool.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.CLIP_THEORY_RUSAGE_FILE;
if (file) {
  process.on('exit', () => {
    const r = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: r.maxRSS, cpuMs: (r.userCPUTime + r.systemCPUTime) / 1000, wallMs: process.uptime() * 1000 }));
  });
}
