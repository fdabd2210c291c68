/**
 * Bad input, tried as a new user would (issue 12): every case must give exit code 2, nothing on stdout, exactly one
 * stderr line that starts with the program and names the user's flag or field (never an internal name, never
 * "Infinity", no stack trace), stay within 2 s of CPU and 500 MB of memory, and write nothing.
 *
 * - The cases listed in the issue run as real subprocesses (`node --import tsx cli/main.ts …`, the installed
 *   program's entry), with a preload that reports the process's peak memory and CPU time at exit.
 * - The other cases (hand-written, plus seeded random huge shapes) run through a small in-process driver
 *   (test/cli/bad-input-driver.ts) in one fresh Node process, which calls the real `main(argv)` per case and records
 *   its wall time, CPU time and the process's peak memory.
 * Time: bounded as CPU time (user + system) < 2 s per case, because wall time on a shared machine measures the
 * neighbours too. Wall time is bounded at 2 s for each in-process call, and at 10 s for a whole subprocess (a hang
 * guard; a subprocess's wall time includes Node and tsx start-up, ~1 s of it).
 * Nothing written: the whole temporary tree (fixtures and every output path) is listed before and after, files
 * with their contents and directories by name, and must be identical.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatePaperJghm } from '../../theory/generators.js';
import { jghmToJson } from '../../theory/model-format.js';
import { Rng } from '../../theory/random.js';
import { DEFAULT_MAX_CELLS, modelSize } from '../../theory/model-size.js';
import { TEST_SEED } from '../setup.js';
import { ROOT, spawnTsx, tempDir } from './run-cli.js';
import type { DriverCase, DriverResult } from './bad-input-driver.js';

const MAX_CPU_MS = 2000;
const MAX_CALL_WALL_MS = 2000;
const MAX_PROCESS_WALL_MS = 10_000;
const MAX_RSS_KB = 500 * 1024;
/** Words that must never reach a user: internal function/type names, overflow, crashes. */
const FORBIDDEN = /(?<!NaN or )\bInfinity\b|internal error|TrainConfig|mergeReportDirs|mergeResults|validateResults|writeDirAtomic|RangeError|TypeError|\bat \S+ \(.*:\d+:\d+\)|\.ts:\d+/;

const root = tempDir('bad-input');
const fx = join(root, 'fixtures');
const work = join(root, 'work');

/** Every entry under `dir`: directories by name, files with their contents. */
function tree(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      out[`${rel}${name}/`] = 'dir';
      Object.assign(out, tree(p, `${rel}${name}/`));
    } else out[`${rel}${name}`] = readFileSync(p).toString('base64');
  }
  return out;
}

/** A valid tree JSON of the given shape with uniform kernels (tiny even for huge shapes: one kernel per child index). */
function uniformTree(S: number, branching: readonly number[]): unknown {
  const K = Array.from({ length: S }, () => Array.from({ length: S }, () => 1 / S));
  return { branching, kernels: branching.map((m) => Array.from({ length: m }, () => K)) };
}

function shapeModel(S: number, image: readonly number[], text: readonly number[] = image): unknown {
  return { format: 'jghm/v1', states: S, rootPrior: Array.from({ length: S }, () => 1 / S), trees: { image: uniformTree(S, image), text: uniformTree(S, text) } };
}

const toy = jghmToJson(generatePaperJghm({ states: 3, imageBranching: [2, 2], p: 0.2, seed: 5 }));

/** Fixture files: name → content. */
function fixtures(): Record<string, string> {
  const clone = () => JSON.parse(JSON.stringify(toy));
  const f: Record<string, string> = {};
  const put = (name: string, value: unknown) => (f[name] = typeof value === 'string' ? value : JSON.stringify(value));
  put('toy.json', toy);
  put('huge-1000.json', shapeModel(3, [1000, 1000, 1000]));
  put('huge-100000.json', shapeModel(2, [100000, 100000], [2]));
  put('leaves-2p20.json', shapeModel(3, Array(20).fill(2), [2, 2]));
  put('empty.json', '');
  put('truncated.json', JSON.stringify(toy).slice(0, 100));
  put('binary.json', '\u0000\u0001\u0002garbage');
  put('array.json', '[1,2,3]');
  put('null.json', 'null');
  put('wrong-format.json', { ...clone(), format: 'jghm/v2' });
  put('no-format.json', (({ format: _f, ...rest }) => rest)(clone()));
  put('states-1.json', { ...clone(), states: 1 });
  put('states-string.json', { ...clone(), states: '3' });
  put('states-huge.json', { ...clone(), states: 70000 });
  put('prior-short.json', { ...clone(), rootPrior: [0.5, 0.5] });
  put('prior-sum.json', { ...clone(), rootPrior: [0.5, 0.5, 0.5] });
  const nan = clone();
  nan.trees.image.kernels[0][0][0][0] = 'NaN';
  put('nan.json', nan);
  const nul = clone();
  nul.trees.text.kernels[1][0][1][2] = null;
  put('null-entry.json', nul);
  const neg = clone();
  neg.trees.image.kernels[0][1][0] = [-0.5, 1, 0.5];
  put('negative.json', neg);
  const rows = clone();
  rows.trees.image.kernels[1][0][2] = [0.3, 0.3, 0.3];
  put('row-sum.json', rows);
  const b0 = clone();
  b0.trees.image.branching = [2, 0];
  put('branching-0.json', b0);
  const bs = clone();
  bs.trees.text.branching = ['2', 2];
  put('branching-string.json', bs);
  const nt = clone();
  delete nt.trees.text;
  put('no-text.json', nt);
  const kc = clone();
  kc.trees.image.kernels = [kc.trees.image.kernels[0]];
  put('kernel-layers.json', kc);
  const ks = clone();
  ks.trees.image.kernels[0][0] = [[1, 0], [0, 1]];
  put('kernel-shape.json', ks);
  put('huge-text.json', shapeModel(4, [2, 2], [300, 300, 300]));
  put('huge-per-edge.json', { format: 'jghm/v1', states: 3, rootPrior: [1 / 3, 1 / 3, 1 / 3], trees: { image: { branching: [3000, 3000], edgeKernels: [[], []] }, text: uniformTree(3, [2]) } });
  put('a-file', 'not a directory');
  put('bad-results/results.json', '{ not json');
  put('schema-results/results.json', { schema: 'something-else' });
  put('not-a-run/config.json', '{ broken');
  put('other-dir/keep.txt', 'user data');
  return f;
}

/** One bad-input case: argv and the text the single stderr line must contain (the flag or field). */
interface Case {
  readonly program: 'cli' | 'bench';
  readonly argv: string[];
  readonly needle: string;
}

const F = (name: string) => join(fx, name);
let outCounter = 0;
/** A fresh output path that must never be created. */
const O = (ext = '') => join(work, `out-${++outCounter}${ext}`);

function handWritten(): Case[] {
  const c: Case[] = [];
  const cli = (needle: string, ...argv: string[]) => c.push({ program: 'cli', argv, needle });
  const bench = (needle: string, ...argv: string[]) => c.push({ program: 'bench', argv, needle });
  const gen = ['generate', '--states', '3', '--branching', '2,2', '--p', '0.2', '--seed', '1'];
  // generate: wrong types, ranges, combinations
  cli('--p: must be ≤ 1', 'generate', '--preset', 'small', '--p', '2', '--seed', '1', '--out', O('.json'));
  cli('--p: must be ≥ 0', 'generate', '--preset', 'small', '--p', '-0.1', '--seed', '1', '--out', O('.json'));
  cli('--p: expected a number', 'generate', '--preset', 'small', '--p', 'abc', '--seed', '1', '--out', O('.json'));
  cli('--p: expected a number', 'generate', '--preset', 'small', '--p', '0x1', '--seed', '1', '--out', O('.json'));
  cli('--p: missing value', 'generate', '--preset', 'small', '--seed', '1', '--p');
  cli('--p: given more than once', 'generate', '--preset', 'small', '--p', '0.2', '--p', '0.3', '--seed', '1');
  cli('--p: required', 'generate', '--preset', 'small', '--seed', '1', '--out', O('.json'));
  cli('--seed: must be ≥ 0', 'generate', '--preset', 'small', '--p', '0.2', '--seed', '-1', '--out', O('.json'));
  cli('--seed: expected an integer', 'generate', '--preset', 'small', '--p', '0.2', '--seed', '1.5');
  cli('--seed: must be a safe integer', 'generate', '--preset', 'small', '--p', '0.2', '--seed', '1e20');
  cli('--seed: required', 'generate', '--preset', 'small', '--p', '0.2', '--out', O('.json'));
  cli('--preset: must be one of', 'generate', '--preset', 'big', '--p', '0.2', '--seed', '1');
  cli('--states: cannot be combined with --preset', 'generate', '--preset', 'paper', '--states', '3', '--p', '0.2', '--seed', '1');
  cli('--states: must be ≥ 2', 'generate', '--states', '1', '--branching', '2', '--p', '0.2', '--seed', '1');
  cli('--states: must be ≤ 65535', 'generate', '--states', '70000', '--branching', '2', '--p', '0.2', '--seed', '1');
  cli('--branching: must be ≥ 1', 'generate', '--states', '3', '--branching', '0,2', '--p', '0.2', '--seed', '1');
  cli('--branching: expected a comma-separated list', 'generate', '--states', '3', '--branching', '', '--p', '0.2', '--seed', '1');
  cli('--branching: expected an integer', 'generate', '--states', '3', '--branching', '2,,2', '--p', '0.2', '--seed', '1');
  cli('--branching: expected an integer', 'generate', '--states', '3', '--branching', '2.5', '--p', '0.2', '--seed', '1');
  cli('--branching: required with --states', 'generate', '--states', '3', '--p', '0.2', '--seed', '1');
  cli('--preset: required', 'generate', '--p', '0.2', '--seed', '1');
  cli('--dirichlet: ALPHA must be > 0', 'generate', '--preset', 'small', '--dirichlet', '0', '--seed', '1');
  cli('--dirichlet: must be ≥ 0', 'generate', '--preset', 'small', '--dirichlet', '-1', '--seed', '1');
  cli('--p: cannot be combined with --dirichlet', 'generate', '--preset', 'small', '--dirichlet', '1', '--p', '0.2', '--seed', '1');
  cli('--authors: needs --preset paper', 'generate', '--preset', 'small', '--authors', '--p', '0.2', '--seed', '1');
  cli('--dirichlet: cannot be combined with --authors', 'generate', '--preset', 'paper', '--authors', '--dirichlet', '1', '--seed', '1');
  cli('--branching: --authors needs one number', 'generate', '--states', '3', '--branching', '2,3', '--authors', '--p', '0.2', '--seed', '1');
  cli("--seed: the authors' NumPy seed must be < 2^32", 'generate', '--preset', 'paper', '--authors', '--p', '0.2', '--seed', String(2 ** 32));
  cli('--name: must not be empty', ...gen, '--name', '');
  cli('--flip-scale: must be ≥ 0', ...gen, '--flip-scale', '-1');
  cli('--per-edge: expected true or false', ...gen, '--per-edge=maybe');
  cli('unknown flag --bogus', ...gen, '--bogus');
  cli('unknown flag -x', ...gen, '-x');
  cli('unexpected argument "extra"', ...gen, 'extra');
  cli('--max-cells: must be ≥ 1', ...gen, '--max-cells', '0');
  cli('--text-branching: the model would be too large', 'generate', '--states', '3', '--branching', '2', '--text-branching', '500,500,500', '--p', '0.2', '--seed', '1', '--out', O('.json'));
  cli('--per-edge: the model would be too large', 'generate', '--preset', 'paper', '--per-edge', '--p', '0.2', '--seed', '1', '--max-cells', '1000');
  cli('--branching: the model would be too large', ...gen, '--max-cells', '10', '--out', O('.json'));
  // outputs that exist as the wrong kind, or cannot be created
  cli('--out: ', ...gen, '--out', fx);
  cli('--out: ', ...gen, '--out', join(F('a-file'), 'model.json'));
  cli('--out: must not be empty', ...gen, '--out', '');
  cli('--out: ', 'exact', '--model', F('toy.json'), '--out', fx);
  cli('--out: ', 'bayes', '--model', F('toy.json'), '--n', '10', '--seed', '1', '--out', F('other-dir'));
  cli('--out: ', 'sample', '--model', F('toy.json'), '--n', '10', '--seed', '1', '--out', F('a-file'));
  cli('--out: ', 'sample', '--model', F('toy.json'), '--n', '10', '--seed', '1', '--out', F('other-dir'));
  cli('--out: ', 'sample', '--model', F('toy.json'), '--n', '10', '--seed', '1', '--out', join(F('a-file'), 'sub'));
  cli('--out: ', 'verify', '--out', join(F('a-file'), 'report'));
  cli('--out: ', 'report', 'merge', F('bad-results'), '--out', F('a-file'));
  cli('--out: ', 'train', '--model', F('toy.json'), '--out', F('a-file'));
  cli('--out: ', 'train', '--model', F('toy.json'), '--out', F('other-dir'));
  // model files: missing, wrong kind, broken, invalid
  for (const cmd of [['exact'], ['sample', '--n', '5', '--seed', '1', '--out', O()], ['bayes', '--n', '10', '--seed', '1'], ['train', '--out', O()]]) {
    const [name, ...rest] = cmd;
    cli('--model: cannot read', name, '--model', F('missing.json'), ...rest);
    cli('--model: ', name, '--model', fx, ...rest);
    cli('malformed JSON', name, '--model', F('truncated.json'), ...rest);
    cli('format: must be "jghm/v1"', name, '--model', F('wrong-format.json'), ...rest);
  }
  const bad: [string, string][] = [
    ['empty.json', 'malformed JSON'],
    ['binary.json', 'malformed JSON'],
    ['array.json', '(root): model must be a JSON object'],
    ['null.json', 'model must be a JSON object'],
    ['no-format.json', 'format: must be "jghm/v1"'],
    ['states-1.json', 'states: must be an integer ≥ 2'],
    ['states-string.json', 'states: must be an integer ≥ 2'],
    ['states-huge.json', 'states: must be at most 65535'],
    ['prior-short.json', 'rootPrior'],
    ['prior-sum.json', 'rootPrior: must sum to 1'],
    ['nan.json', 'trees.image.kernels[0][0][0][0]'],
    ['null-entry.json', 'trees.text.kernels[1][0][1][2]'],
    ['negative.json', 'trees.image.kernels[0][1][0]'],
    ['row-sum.json', 'trees.image.kernels[1][0][2]'],
    ['branching-0.json', 'trees.image.branching[1]'],
    ['branching-string.json', 'trees.text.branching[0]'],
    ['no-text.json', 'trees.text'],
    ['kernel-layers.json', 'trees.image.kernels'],
    ['kernel-shape.json', 'trees.image.kernels[0][0]'],
    ['huge-text.json', 'trees.text.branching: the model is too large'],
    ['huge-per-edge.json', 'trees.image.branching: the model is too large'],
  ];
  bad.forEach(([file, needle], i) => {
    const cmds = [['exact'], ['bayes', '--n', '10', '--seed', '1'], ['sample', '--n', '5', '--seed', '1', '--out', O()]];
    const [name, ...rest] = cmds[i % cmds.length];
    cli(needle, name, '--model', F(file), ...rest);
  });
  // exact
  const ex = ['exact', '--model', F('toy.json')];
  cli('--k: must be ≥ 2', ...ex, '--k', '1');
  cli('--k: must be ≤ 64', ...ex, '--k', '65');
  cli('--k: 2 given more than once', ...ex, '--k', '2,2');
  cli('--k: the exact K=9 loss needs', ...ex, '--k', '9', '--out', O('.json'));
  cli('--image-leaves: the image tree has 4 leaves, got 2 values', ...ex, '--image-leaves', '0,1');
  cli('--image-leaves: leaf 3 must be an integer in 0..2', ...ex, '--image-leaves', '0,1,2,3');
  cli('--text-leaves: expected an integer', ...ex, '--text-leaves', '0,a,1,1');
  cli('--encoder: unknown encoder', ...ex, '--encoder', 'image:foo');
  cli('--encoder: "image:leaf:9": leaf index must be', ...ex, '--encoder', 'image:leaf:9');
  cli('--encoder: "audio:leaf:0" must start with image: or text:', ...ex, '--encoder', 'audio:leaf:0');
  cli('--encoder: "text:root-map" given more than once', ...ex, '--encoder', 'text:root-map', '--encoder', 'text:root-map');
  cli('--max-configurations: the image tree has 4 leaves → 3^4 = 81', ...ex, '--max-configurations', '10', '--out', O('.json'));
  cli('--max-configurations: must be ≥ 1', ...ex, '--max-configurations', '0');
  cli('--model: required', 'exact', '--k', '2');
  // sample / bayes
  const sm = ['sample', '--model', F('toy.json'), '--seed', '1'];
  cli('--n: must be ≥ 1', ...sm, '--n', '0', '--out', O());
  cli('--n: expected an integer', ...sm, '--n', '1e3.5', '--out', O());
  cli('--n: 100000000 pairs make', ...sm, '--n', '100000000', '--format', 'json', '--out', O());
  cli('--format: must be one of npy, json', ...sm, '--n', '5', '--format', 'csv', '--out', O());
  cli('--out: required', ...sm, '--n', '5');
  const by = ['bayes', '--model', F('toy.json'), '--seed', '1'];
  cli('--n: must be ≤ 10000000', ...by, '--n', '20000000');
  cli('--n: must be ≥ 2', ...by, '--n', '1');
  cli('--k: K = 100000 needs', ...by, '--n', '10000', '--k', '100000', '--out', O('.json'));
  cli('--task: must be one of clip, zsc, cdm, vlm', ...by, '--n', '10', '--task', 'vqa');
  cli('--task: a task is given more than once', ...by, '--n', '10', '--task', 'clip', '--task', 'clip');
  cli('--sigma: must be > 0', ...by, '--n', '10', '--sigma', '0');
  cli('--sigma: expected a number', ...by, '--n', '10', '--sigma', 'NaN');
  // train (flags checked before tfjs loads)
  const tr = ['train', '--model', F('toy.json')];
  cli('--heads: must divide --width (32), got 3', ...tr, '--heads', '3', '--out', O());
  cli('--lr-min: must be ≤ --lr', ...tr, '--lr', '1e-4', '--lr-min', '1e-3', '--out', O());
  cli('--test-pairs: must be ≥ --k (8)', ...tr, '--k', '8', '--test-pairs', '4', '--out', O());
  cli('--grad-clip: must be > 0', ...tr, '--grad-clip', '0', '--out', O());
  cli('--embedding-std: must be > 0', ...tr, '--embedding-std', '0', '--out', O());
  cli('--backend: must be one of', ...tr, '--backend', 'gpu', '--out', O());
  cli('--steps: must be ≥ 1', ...tr, '--steps', '0', '--out', O());
  cli('--width: must be ≤ 4096', ...tr, '--width', '100000', '--out', O());
  cli('--resume: ', ...tr, '--resume', '--out', O());
  cli('--resume: ', ...tr, '--resume', '--out', F('not-a-run'));
  cli('--out: ', ...tr, '--out', F('other-dir'));
  cli('--out: required', ...tr);
  // verify
  cli('--claim: must not be empty', 'verify', '--claim', '', '--out', O());
  cli('--claim: expected claim ids', 'verify', '--claim', ',', '--out', O());
  cli('--claim: unknown claim id(s) no-such-claim', 'verify', '--claim', 'no-such-claim', '--out', O());
  cli('--tier: must be one of quick, full', 'verify', '--tier', 'slow', '--out', O());
  cli('--seed: expected a non-negative integer', 'verify', '--seed', 'abc', '--out', O());
  cli('--seed: must not be empty', 'verify', '--seed', '', '--out', O());
  cli('--shard: expected I/N', 'verify', '--shard', '3/2', '--out', O());
  cli('--shard: expected I/N', 'verify', '--shard', 'x', '--out', O());
  cli('--json: expected true or false', 'verify', '--json=1', '--out', O());
  // report merge, claims, new-claim, unknown command
  cli('unknown action "split"', 'report', 'split', F('bad-results'), '--out', O());
  cli('missing argument DIRS', 'report', 'merge', '--out', O());
  cli('DIRS: ', 'report', 'merge', F('missing-dir'), '--out', O());
  cli('DIRS: ', 'report', 'merge', F('other-dir'), '--out', O());
  cli('results.json: not valid JSON', 'report', 'merge', F('bad-results'), '--out', O());
  cli('results.json: schema', 'report', 'merge', F('schema-results'), '--out', O());
  cli('--out: required', 'report', 'merge', F('bad-results'));
  cli('--readme: must not be empty', 'claims', '--readme', '');
  cli('unknown flag --md', 'claims', '--md');
  cli('ID: must be kebab-case', 'new-claim', 'Bad_Id', '--dir', join(work, 'claims'));
  cli('missing argument ID', 'new-claim', '--dir', join(work, 'claims'));
  cli("unknown command 'frobnicate'", 'frobnicate');
  // bench
  bench("unknown suite 'gpu'", 'gpu');
  bench('missing suite');
  bench('unknown flag --bogus', 'bp', '--bogus');
  bench('--steps: must be ≥ 1', 'train', '--steps', '0');
  bench('--warmup: expected an integer', 'train', '--warmup', 'two');
  bench('--backends: "gpu" is not one of', 'train', '--backends', 'wasm,gpu');
  bench('--workloads: "W3" is not one of', 'train', '--workloads', 'W3');
  bench('--backends: a value is given more than once', 'train', '--backends', 'cpu,cpu');
  return c;
}

/** Seeded random shapes: huge trees for generate (from flags) and for every model-reading command (from files). */
function randomCases(files: Record<string, string>): Case[] {
  const rng = Rng.fromSeed(TEST_SEED).split('bad-input-shapes');
  const c: Case[] = [];
  const hugeShape = (): { S: number; branching: number[] } => {
    for (;;) {
      const S = 2 + rng.int(30);
      const depth = 1 + rng.int(5);
      const branching = Array.from({ length: depth }, () => 1 + rng.int(rng.uniform() < 0.5 ? 100 : 100_000));
      const size = modelSize(S, { branching, perEdge: false }, { branching, perEdge: false });
      if (size.cells > BigInt(DEFAULT_MAX_CELLS)) return { S, branching };
    }
  };
  for (let i = 0; i < 30; i++) {
    const { S, branching } = hugeShape();
    c.push({ program: 'cli', argv: ['generate', '--states', String(S), '--branching', branching.join(','), '--p', '0.2', '--seed', String(i), '--out', O('.json')], needle: '--branching: the model would be too large' });
  }
  const commands = [['exact'], ['bayes', '--n', '100', '--seed', '1'], ['sample', '--n', '10', '--seed', '1', '--out', '@OUT'], ['train', '--steps', '1', '--out', '@OUT']];
  // Files stay small (S ≤ 4, m ≤ 1000, the right number of kernels) while their shape is far too large to build.
  const hugeFileShape = (): { S: number; branching: number[] } => {
    for (;;) {
      const S = 2 + rng.int(3);
      const branching = Array.from({ length: 3 + rng.int(3) }, () => 1 + rng.int(1000));
      if (modelSize(S, { branching, perEdge: false }, { branching: [2], perEdge: false }).cells > BigInt(DEFAULT_MAX_CELLS)) return { S, branching };
    }
  };
  for (let i = 0; i < 24; i++) {
    const { S, branching } = hugeFileShape();
    const name = `random-huge-${i}.json`;
    const textHuge = rng.uniform() < 0.5;
    files[name] = JSON.stringify(shapeModel(S, textHuge ? [2] : branching, textHuge ? branching : [2]));
    const [cmd, ...rest] = commands[i % commands.length];
    c.push({ program: 'cli', argv: [cmd, '--model', F(name), ...rest.map((a) => (a === '@OUT' ? O() : a))], needle: `trees.${textHuge ? 'text' : 'image'}.branching: the model is too large` });
  }
  for (let i = 0; i < 12; i++) {
    // enumerable-looking small models whose leaf configurations still exceed the exact limit
    const S = 2 + rng.int(6);
    const branching = Array.from({ length: 2 + rng.int(4) }, () => 2 + rng.int(3));
    const leaves = branching.reduce((a, b) => a * b, 1);
    if (leaves * Math.log10(S) <= Math.log10(20_000) || modelSize(S, { branching, perEdge: false }, { branching, perEdge: false }).cells > BigInt(DEFAULT_MAX_CELLS)) {
      i--;
      continue;
    }
    const name = `random-deep-${i}.json`;
    files[name] = JSON.stringify(shapeModel(S, branching));
    c.push({ program: 'cli', argv: ['exact', '--model', F(name), '--out', O('.json')], needle: `--max-configurations: the image tree has ${leaves} leaves → ${S}^` });
  }
  return c;
}

/** The problems of one result (empty when it is the promised usage error). */
export function problems(c: { program: 'cli' | 'bench'; argv: readonly string[]; needle: string }, r: { code: number; stdout: string; stderr: string }): string[] {
  const out: string[] = [];
  if (r.code !== 2) out.push(`exit code ${r.code}, expected 2`);
  if (r.stdout !== '') out.push(`stdout not empty: ${JSON.stringify(r.stdout.slice(0, 200))}`);
  const lines = r.stderr.split('\n');
  if (!(lines.length === 2 && lines[1] === '')) out.push(`expected exactly one stderr line, got ${JSON.stringify(r.stderr.slice(0, 400))}`);
  const line = lines[0];
  const suite = c.argv[0] !== undefined && ['bp', 'train'].includes(c.argv[0]) ? ` ${c.argv[0]}` : '';
  const prefix = c.program === 'cli' ? `clip-theory ${c.argv[0] ?? ''}`.trimEnd() : `bench${suite}`;
  if (!line.startsWith(`${prefix}: `)) out.push(`line does not start with "${prefix}: "`);
  if (!line.includes(c.needle)) out.push(`line does not name ${JSON.stringify(c.needle)}`);
  if (FORBIDDEN.test(line)) out.push('line shows an internal name, an overflow or a stack trace');
  return out.map((p) => `${c.program} ${JSON.stringify(c.argv)}: ${p} (line: ${line})`);
}

describe('the bad-input check can fail (planted failing twins)', () => {
  const c = { program: 'cli' as const, argv: ['generate', '--seed', 'x'], needle: '--seed' };
  it.each([
    ['exit 1', { code: 1, stdout: '', stderr: 'clip-theory generate: --seed: bad\n' }],
    ['two lines', { code: 2, stdout: '', stderr: 'clip-theory generate: --seed: bad\nmore\n' }],
    ['stdout written', { code: 2, stdout: '{}', stderr: 'clip-theory generate: --seed: bad\n' }],
    ['flag not named', { code: 2, stdout: '', stderr: 'clip-theory generate: bad value\n' }],
    ['wrong program', { code: 2, stdout: '', stderr: 'clip-theory exact: --seed: bad\n' }],
    ['internal name', { code: 2, stdout: '', stderr: 'clip-theory generate: --seed: validateResults: bad\n' }],
    ['Infinity', { code: 2, stdout: '', stderr: 'clip-theory generate: --seed: 3^99999 = Infinity\n' }],
    ['stack frame', { code: 2, stdout: '', stderr: 'clip-theory generate: --seed: at main (/x/cli/main.ts:3:4)\n' }],
  ])('%s is a problem', (_name, r) => {
    expect(problems(c, r)).toHaveLength(1);
  });
  it('the promised line is not', () => {
    expect(problems(c, { code: 2, stdout: '', stderr: 'clip-theory generate: --seed: expected an integer, got "x"\n' })).toEqual([]);
  });
});

describe('bad input: one line, exit 2, fast, small, nothing written', () => {
  const files = fixtures();
  let cases: Case[] = [];
  let before: Record<string, string>;

  beforeAll(() => {
    mkdirSync(fx, { recursive: true });
    mkdirSync(work, { recursive: true });
    cases = [...handWritten(), ...randomCases(files)];
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(fx, name, '..'), { recursive: true });
      writeFileSync(join(fx, name), text);
    }
    before = tree(root);
  });

  it('the listed issue cases, as real subprocesses (CPU < 2 s, memory < 500 MB each)', async () => {
    console.log(`bad-input: root seed ${TEST_SEED}`);
    const listed: Case[] = [
      { program: 'cli', argv: ['generate', '--states', '3', '--branching', '1000,1000,1000', '--p', '0.2', '--seed', '1', '--out', O('.json')], needle: '--branching: the model would be too large' },
      { program: 'cli', argv: ['exact', '--model', F('huge-1000.json')], needle: 'trees.image.branching: the model is too large' },
      { program: 'cli', argv: ['sample', '--model', F('huge-1000.json'), '--n', '10', '--seed', '1', '--out', O()], needle: 'trees.image.branching: the model is too large' },
      { program: 'cli', argv: ['bayes', '--model', F('huge-1000.json'), '--n', '100', '--seed', '1'], needle: 'trees.image.branching: the model is too large' },
      { program: 'cli', argv: ['generate', '--states', '3', '--branching', '100000,100000', '--p', '0.2', '--seed', '1'], needle: '--branching: the model would be too large' },
      { program: 'cli', argv: ['bayes', '--model', F('huge-100000.json'), '--n', '100', '--seed', '1'], needle: 'trees.image.branching: the model is too large' },
      { program: 'cli', argv: ['generate', '--preset', 'small', '--p', '0.2', '--seed', '1', '--out', fx], needle: `--out: ${fx} is a directory` },
      { program: 'cli', argv: ['verify', '--out', F('a-file')], needle: `--out: ${F('a-file')} exists and is not a directory` },
      { program: 'cli', argv: ['verify', '--claim', ''], needle: '--claim: must not be empty' },
      { program: 'cli', argv: ['exact', '--model', F('leaves-2p20.json')], needle: '--max-configurations: the image tree has 1048576 leaves → 3^1 048 576 ≈ 7.88·10^500 297 leaf configurations' },
      { program: 'cli', argv: ['report', 'merge', F('schema-results'), '--out', O()], needle: 'results.json: schema' },
      { program: 'cli', argv: ['train', '--model', F('toy.json'), '--heads', '3', '--out', O()], needle: '--heads: must divide --width' },
    ];
    // three at a time: the wall-time guard should measure the program, not a queue of our own processes
    const results: Awaited<ReturnType<typeof runMeasured>>[] = [];
    for (let i = 0; i < listed.length; i += 3) results.push(...(await Promise.all(listed.slice(i, i + 3).map((c) => runMeasured(c)))));
    listed.forEach((c, i) => {
      const { r, usage } = results[i];
      expect(problems(c, r)).toEqual([]);
      expect(usage.cpuMs, `${c.argv.join(' ')}: CPU ms`).toBeLessThan(MAX_CPU_MS);
      expect(usage.maxRssKb, `${c.argv.join(' ')}: peak RSS kB`).toBeLessThan(MAX_RSS_KB);
      expect(usage.wallMs, `${c.argv.join(' ')}: process wall ms`).toBeLessThan(MAX_PROCESS_WALL_MS);
    });
    console.log(`bad-input subprocesses: max CPU ${Math.max(...results.map((x) => x.usage.cpuMs)).toFixed(0)} ms, max RSS ${(Math.max(...results.map((x) => x.usage.maxRssKb)) / 1024).toFixed(0)} MB, max wall ${Math.max(...results.map((x) => x.usage.wallMs)).toFixed(0)} ms`);
    // `npm run bench -- --help` is help, not an error
    const help = await runMeasured({ program: 'bench', argv: ['--help'], needle: '' });
    expect(help.r.code).toBe(0);
    expect(help.r.stdout).toContain('Suites:');
    expect(tree(root)).toEqual(before);
  });

  it('≥ 100 more cases through the in-process driver (CPU and wall < 2 s per call, memory < 500 MB)', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    const casesFile = join(root, 'cases.json');
    const resultsFile = join(root, 'results.json');
    writeFileSync(casesFile, JSON.stringify(cases.map(({ program, argv }): DriverCase => ({ program, argv }))));
    const r = await spawnTsx(['test/cli/bad-input-driver.ts', casesFile, resultsFile]);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as DriverResult[];
    expect(results).toHaveLength(cases.length);
    cases.forEach((c, i) => {
      const res = results[i];
      expect.soft(problems(c, res)).toEqual([]);
      expect(res.cpuMs, `${c.argv.join(' ')}: CPU ms`).toBeLessThan(MAX_CPU_MS);
      expect(res.wallMs, `${c.argv.join(' ')}: wall ms`).toBeLessThan(MAX_CALL_WALL_MS);
      expect(res.maxRssKb, `${c.argv.join(' ')}: peak RSS kB so far`).toBeLessThan(MAX_RSS_KB);
    });
    const slowest = results.reduce((best, x, i) => (x.cpuMs > results[best].cpuMs ? i : best), 0);
    console.log(
      `bad-input driver: ${cases.length} cases; max CPU ${results[slowest].cpuMs.toFixed(0)} ms (${cases[slowest].argv.join(' ')}), max wall ${Math.max(...results.map((x) => x.wallMs)).toFixed(0)} ms, peak RSS ${(results[results.length - 1].maxRssKb / 1024).toFixed(0)} MB`,
    );
    const after = tree(root);
    delete after['cases.json'];
    delete after['results.json'];
    expect(after).toEqual(before);
  });
});

let usageCounter = 0;
/** Runs the real entry point of the CLI or the benchmarks with the resource-usage preload. */
async function runMeasured(c: Case): Promise<{ r: { code: number; stdout: string; stderr: string }; usage: { maxRssKb: number; cpuMs: number; wallMs: number } }> {
  const usageFile = join(tempDir('rusage'), `usage-${++usageCounter}.json`);
  const entry = c.program === 'cli' ? 'cli/main.ts' : 'bench/main.ts';
  const r = await spawnTsx([entry, ...c.argv], { CLIP_THEORY_RUSAGE_FILE: usageFile }, ['./test/cli/rusage-on-exit.ts']);
  return { r, usage: JSON.parse(readFileSync(usageFile, 'utf8')) };
}
