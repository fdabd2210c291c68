/**
 * The layout rules of the README, checked on the import graph of the sources (deterministic):
 * - `io/` (atomic output) imports only Node built-ins and itself: every layer may use it;
 * - `theory/` imports nothing outside itself and never tfjs;
 * - `models/` imports nothing from cli/, bench/, properties/ or reports/;
 * - every top-level folder imports only the folders below it (`ALLOWED`): io ← theory ← models ← experiments ←
 *   properties, with reports/ math-free (io only; properties/ uses its results schema) and cli/, bench/ on top;
 * - inside `models/`, a wing imports another wing only through its `index.ts`, and only downwards:
 *   backends ← encoders ← training; bp-construction may use encoders and backends;
 * - no import cycles anywhere, type-only imports included.
 * Each rule has a planted violation below that the checker must report (its failing twin).
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { cycles, importGraph, readSources, sourceFiles, specifiers } from './helpers/import-graph.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FOLDERS = ['io', 'theory', 'models', 'experiments', 'reports', 'properties', 'cli', 'bench'];

/** The folders each top-level folder may import (besides itself): data flows one way. */
const ALLOWED: Record<string, string[]> = {
  io: [],
  theory: [],
  models: ['io', 'theory'],
  experiments: ['io', 'theory', 'models'],
  properties: ['io', 'theory', 'models', 'experiments', 'reports'],
  reports: ['io'],
  cli: ['io', 'theory', 'models', 'experiments', 'properties', 'reports'],
  bench: ['io', 'theory', 'models', 'experiments', 'properties', 'reports', 'cli'], // bench uses the CLI's flag parser
};

/** Wings of models/ and the wings each may import (through their index.ts). */
const WING_DEPS: Record<string, string[]> = {
  backends: [],
  encoders: ['backends'],
  training: ['encoders', 'backends'],
  'bp-construction': ['encoders', 'backends'],
  'webgpu-engine': ['training', 'encoders', 'backends'],
  heads: [],
};

const top = (file: string) => file.split('/')[0];
const wing = (file: string) => (file.startsWith('models/') && file.split('/').length > 2 ? file.split('/')[1] : undefined);

/** Every broken rule, one line each, for the given sources (repository-relative path → text). */
function layoutViolations(files: Record<string, string>): string[] {
  const out: string[] = [];
  const g = importGraph(files);
  for (const [file, targets] of g) {
    const from = top(file);
    const external = specifiers(files[file]).filter((s) => !s.startsWith('.'));
    for (const t of targets) {
      const to = top(t);
      if ((from === 'io' || from === 'theory') && to !== from) out.push(`${file} imports ${t} (${from}/ imports nothing outside itself)`);
      if (from === 'models' && ['cli', 'bench', 'properties', 'reports'].includes(to)) out.push(`${file} imports ${t} (models/ sits below ${to}/)`);
      else if (to !== from && ALLOWED[from] && !ALLOWED[from].includes(to) && from !== 'io' && from !== 'theory') out.push(`${file} imports ${t} (${from}/ may import only ${ALLOWED[from].join(', ')})`);
      const w = wing(file);
      const v = wing(t);
      if (w && v && w !== v) {
        if (!WING_DEPS[w]?.includes(v)) out.push(`${file} imports ${t} (the ${w} wing may not use the ${v} wing)`);
        else if (t !== `models/${v}/index.ts`) out.push(`${file} imports ${t} (other wings only through models/${v}/index.ts)`);
      }
    }
    if (from === 'io') for (const s of external) if (!s.startsWith('node:')) out.push(`${file} imports ${s} (io/ uses Node built-ins only)`);
    if (from === 'theory') for (const s of external) if (s.startsWith('@tensorflow')) out.push(`${file} imports ${s} (theory/ never uses tfjs)`);
  }
  for (const c of cycles(g)) out.push(`import cycle: ${c.join(' ↔ ')}`);
  return out;
}

describe('layout', () => {
  it('the sources follow the layout rules', () => {
    const files = FOLDERS.flatMap((d) => sourceFiles(ROOT, d));
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('models/training/index.ts');
    expect(layoutViolations(readSources(ROOT, files))).toEqual([]);
  });

  it('every wing of models/ has an index.ts and models/index.ts uses only those', () => {
    const files = sourceFiles(ROOT, 'models');
    for (const w of Object.keys(WING_DEPS)) expect(files).toContain(`models/${w}/index.ts`);
    const entry = importGraph(readSources(ROOT, ['models/index.ts'])).get('models/index.ts')!;
    expect(new Set(entry)).toEqual(new Set(Object.keys(WING_DEPS).map((w) => `models/${w}/index.ts`)));
  });

  it('planted violations are reported (failing twin)', () => {
    const planted: Record<string, string> = {
      'io/a.ts': "import { Rng } from '../theory/random.js';\nimport * as fs from 'fs-extra';",
      'theory/p.ts': "import type { Q } from './q.js';\nimport * as tf from '@tensorflow/tfjs';\nexport type P = 1;",
      'theory/q.ts': "import type { P } from './p.js';\nexport type Q = 2;",
      'models/training/t.ts': "import { TransformerEncoder } from '../encoders/transformer.js';\nimport { UsageError } from '../../cli/errors.js';",
      'models/backends/b.ts': "export { ClipTrainer } from '../training/index.js';",
      'models/encoders/e.ts': "const m = await import('../backends/index.js');",
      'experiments/x.ts': "import { defineClaim } from '../properties/engine/claim.js';",
      'reports/r.ts': "import { Rng } from '../theory/random.js';",
    };
    const v = layoutViolations(planted);
    expect(v).toEqual(
      expect.arrayContaining([
        expect.stringContaining('io/a.ts imports theory/random.ts'),
        expect.stringContaining('io/a.ts imports fs-extra'),
        expect.stringContaining('theory/p.ts imports @tensorflow/tfjs'),
        'import cycle: theory/p.ts ↔ theory/q.ts',
        expect.stringContaining('models/training/t.ts imports models/encoders/transformer.ts (other wings only through'),
        expect.stringContaining('models/training/t.ts imports cli/errors.ts'),
        expect.stringContaining('models/backends/b.ts imports models/training/index.ts (the backends wing may not use'),
        expect.stringContaining('experiments/x.ts imports properties/engine/claim.ts (experiments/ may import only'),
        expect.stringContaining('reports/r.ts imports theory/random.ts (reports/ may import only io)'),
      ]),
    );
    expect(v).toHaveLength(9); // models/encoders/e.ts is allowed: a dynamic import of a lower wing's entry
  });
});
