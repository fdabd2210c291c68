/**
 * `clip-theory generate`: a random JGHM as `jghm/v1` JSON, from a preset (`--preset paper|small`) or a custom shape
 * (`--states S --branching m1,…,mL`), by the paper's construction (`--p`, default) or with Dirichlet(α) kernel rows
 * (`--dirichlet α`). Writes to stdout, or atomically to `--out FILE`.
 */
import { type CommandSpec, type ParsedArgs, camel } from '../args.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../../io/index.js';
import type { Jghm } from '../../theory/model.js';
import { jghmToJson } from '../../theory/model-format.js';
import { PRESETS, type PresetName, generateAuthorsJghm, generateDirichletJghm, generatePaperJghm, generatePreset } from '../../theory/generators.js';

/** Refuse models whose JSON would hold more numbers than this (a guard against typos such as `--branching 100,100,100`). */
export const MAX_MODEL_NUMBERS = 20_000_000;

/** Flags of `generate`. */
export const spec: CommandSpec = {
  name: 'generate',
  summary: 'generate a random JGHM (jghm/v1 JSON)',
  flags: [
    { name: 'preset', type: 'string', choices: Object.keys(PRESETS), help: 'named shape: paper (S=10, depth 4, 3 children) or small (S=3, depth 2, 2 children)' },
    { name: 'states', type: 'int', min: 2, max: 65535, placeholder: 'S', help: 'custom shape: number of states (with --branching; not with --preset)' },
    { name: 'branching', type: 'int-list', min: 1, placeholder: 'M1,..,ML', help: 'custom shape: children per node at each layer of the image tree (and of the text tree unless --text-branching)' },
    { name: 'text-branching', type: 'int-list', min: 1, placeholder: 'M1,..,ML', help: 'custom shape: branching of the text tree (default: --branching)' },
    { name: 'p', type: 'number', min: 0, max: 1, placeholder: 'P', help: 'flip probability in [0, 1] of the paper construction (required unless --dirichlet)' },
    { name: 'p-text', type: 'number', min: 0, max: 1, placeholder: 'P', help: 'flip probability of the text tree (default --p)' },
    { name: 'flip-scale', type: 'number', min: 0, placeholder: 'X', help: 'std of the Gaussian logits of the noise matrices (default 1)' },
    { name: 'per-edge', type: 'bool', help: 'one kernel per edge instead of one per (layer, child index)' },
    { name: 'authors', type: 'bool', help: "the authors' exact kernels (NumPy legacy RNG seeded with --seed; 42 reproduces the paper's figures); with --preset paper or --states S --branching m,..,m" },
    { name: 'dirichlet', type: 'number', placeholder: 'ALPHA', help: 'draw every kernel row from a symmetric Dirichlet(ALPHA > 0) instead of the paper construction' },
    { name: 'seed', type: 'int', min: 0, required: true, placeholder: 'N', help: 'root seed (non-negative integer)' },
    { name: 'name', type: 'string', placeholder: 'TEXT', help: 'model name stored in the file' },
    { name: 'out', type: 'string', placeholder: 'FILE', help: 'write to FILE atomically instead of stdout' },
  ],
  details: [
    'Examples:',
    '  clip-theory generate --preset small --p 0.2 --seed 1 --out small.json',
    '  clip-theory generate --states 4 --branching 2,3 --dirichlet 0.5 --seed 7',
    "  clip-theory generate --preset paper --authors --p 0.2 --seed 42   # the authors' exact kernels",
    'The model depends only on the flags: the same flags give the same file, byte for byte.',
  ].join('\n'),
};

function numbersInModel(states: number, branching: readonly number[], perEdge: boolean): number {
  let nodes = 1;
  let kernels = 0;
  for (const m of branching) {
    nodes *= m;
    kernels += perEdge ? nodes : m;
  }
  return kernels * states * states;
}

/** Builds the model the flags describe (validating flag combinations first). */
export function modelFromArgs(args: ParsedArgs): Jghm {
  const preset = args.preset as PresetName | undefined;
  const seed = args.seed as number;
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed: must be a safe integer (≤ ${Number.MAX_SAFE_INTEGER}), got ${seed}`);
  const perEdge = args.perEdge === true;
  let states: number;
  let imageBranching: number[];
  let textBranching: number[];
  if (preset !== undefined) {
    for (const f of ['states', 'branching', 'text-branching']) {
      if (args[camel(f)] !== undefined) throw new UsageError(`--${f}: cannot be combined with --preset`);
    }
    states = PRESETS[preset].states;
    imageBranching = textBranching = [...PRESETS[preset].branching];
  } else {
    if (args.states === undefined) throw new UsageError('--preset: required (or give a custom shape with --states and --branching)');
    if (args.branching === undefined) throw new UsageError('--branching: required with --states (e.g. --branching 2,2)');
    states = args.states as number;
    imageBranching = args.branching as number[];
    textBranching = (args.textBranching as number[] | undefined) ?? imageBranching;
  }
  const size = numbersInModel(states, imageBranching, perEdge) + numbersInModel(states, textBranching, perEdge);
  if (size > MAX_MODEL_NUMBERS) {
    throw new UsageError(`--${preset === undefined ? 'branching' : 'per-edge'}: the model would hold ${size.toExponential(2)} kernel entries, above the limit of ${MAX_MODEL_NUMBERS}`);
  }
  const name = args.name as string | undefined;
  if (args.authors === true) {
    if (preset === 'small') throw new UsageError('--authors: needs --preset paper or a custom shape with one branching factor (e.g. --states 4 --branching 2,2,2)');
    if (preset === undefined && (args.textBranching !== undefined || imageBranching.some((m) => m !== imageBranching[0]))) {
      throw new UsageError('--branching: --authors needs one number of children for all layers of both trees, as in the authors\' GenTransition');
    }
    if (args.dirichlet !== undefined) throw new UsageError('--dirichlet: cannot be combined with --authors');
    if (args.p === undefined) throw new UsageError('--p: required (flip probability in [0, 1])');
    if (seed >= 2 ** 32) throw new UsageError(`--seed: the authors' NumPy seed must be < 2^32 (got ${seed})`);
    const pText = args.pText as number | undefined;
    const flipScale = args.flipScale as number | undefined;
    const model = generateAuthorsJghm({
      p: args.p as number,
      numpySeed: seed,
      perEdge,
      states,
      depth: imageBranching.length,
      children: imageBranching[0],
      ...(pText === undefined ? {} : { pText }),
      ...(flipScale === undefined ? {} : { flipScale }),
    });
    return name === undefined ? model : { ...model, name };
  }
  if (args.dirichlet !== undefined) {
    const alpha = args.dirichlet as number;
    if (!(alpha > 0)) throw new UsageError(`--dirichlet: ALPHA must be > 0 (got ${alpha})`);
    for (const f of ['p', 'p-text', 'flip-scale']) {
      if (args[camel(f)] !== undefined) throw new UsageError(`--${f}: cannot be combined with --dirichlet`);
    }
    return generateDirichletJghm({
      states,
      imageBranching,
      textBranching,
      alpha,
      perEdge,
      seed,
      name: name ?? `${preset ?? `custom S=${states}`} Dirichlet(${alpha}), seed=${seed}${perEdge ? ', per-edge' : ''}`,
    });
  }
  if (args.p === undefined) throw new UsageError('--p: required (flip probability in [0, 1]; or use --dirichlet ALPHA)');
  const p = args.p as number;
  const pText = args.pText as number | undefined;
  const flipScale = args.flipScale as number | undefined;
  if (preset !== undefined) {
    const model = generatePreset(preset, { p, seed, perEdge, ...(pText === undefined ? {} : { pText }), ...(flipScale === undefined ? {} : { flipScale }) });
    return name === undefined ? model : { ...model, name };
  }
  return generatePaperJghm({
    states,
    imageBranching,
    textBranching,
    p,
    ...(pText === undefined ? {} : { pText }),
    ...(flipScale === undefined ? {} : { flipScale }),
    perEdge,
    seed,
    name: name ?? `custom S=${states} branching=${imageBranching.join(',')}${textBranching === imageBranching ? '' : `/${textBranching.join(',')}`}, p=${p}${pText === undefined ? '' : `, pText=${pText}`}, seed=${seed}${perEdge ? ', per-edge' : ''}`,
  });
}

/** Runs `generate`. */
export async function run(args: ParsedArgs): Promise<number> {
  const model = modelFromArgs(args);
  const text = `${JSON.stringify(jghmToJson(model))}\n`;
  const out = args.out as string | undefined;
  if (out !== undefined) writeFileAtomic(out, text);
  else process.stdout.write(text);
  return 0;
}
