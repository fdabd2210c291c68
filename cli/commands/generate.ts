/**
 * `clip-theory generate`: a random JGHM as `jghm/v1` JSON, from a preset (`--preset paper|small`) or a custom shape
 * (`--states S --branching m1,…,mL`), by the paper's construction (`--p`, default) or with Dirichlet(α) kernel rows
 * (`--dirichlet α`). Writes to stdout, or atomically to `--out FILE`.
 */
import { type ArgsOf, bool, choice, defineCommand, defineSpec, float, int, intList, path, string } from '../args.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../../io/index.js';
import type { Jghm } from '../../theory/model.js';
import { jghmToJson } from '../../theory/model-format.js';
import { describeCells, formatCount, modelSize } from '../../theory/model-size.js';
import { maxCellsFlag } from '../model-input.js';
import { PRESETS, generateAuthorsJghm, generateDirichletJghm, generatePaperJghm, generatePreset } from '../../theory/generators.js';

/** Most kernel entries written as jghm/v1 JSON (~21 bytes each; more would exceed the longest JavaScript string). */
export const MAX_MODEL_NUMBERS = 20_000_000;

/** Flags of `generate`. */
export const spec = defineSpec({
  name: 'generate',
  summary: 'generate a random JGHM (jghm/v1 JSON)',
  flags: {
    preset: choice(['paper', 'small'] as const satisfies readonly (keyof typeof PRESETS)[], { help: 'named shape: paper (S=10, depth 4, 3 children) or small (S=3, depth 2, 2 children)' }),
    states: int({ min: 2, max: 65535, placeholder: 'S', help: 'custom shape: number of states (with --branching; not with --preset)' }),
    branching: intList({ min: 1, placeholder: 'M1,..,ML', help: 'custom shape: children per node at each layer of the image tree (and of the text tree unless --text-branching)' }),
    textBranching: intList({ min: 1, placeholder: 'M1,..,ML', help: 'custom shape: branching of the text tree (default: --branching)' }),
    p: float({ min: 0, max: 1, placeholder: 'P', help: 'flip probability in [0, 1] of the paper construction (required unless --dirichlet)' }),
    pText: float({ min: 0, max: 1, placeholder: 'P', help: 'flip probability of the text tree (default --p)' }),
    flipScale: float({ min: 0, placeholder: 'X', help: 'std of the Gaussian logits of the noise matrices (default 1)' }),
    perEdge: bool({ help: 'one kernel per edge instead of one per (layer, child index)' }),
    authors: bool({ help: "the authors' exact kernels (NumPy legacy RNG seeded with --seed; 42 reproduces the paper's figures); with --preset paper or --states S --branching m,..,m" }),
    dirichlet: float({ min: 0, placeholder: 'ALPHA', help: 'draw every kernel row from a symmetric Dirichlet(ALPHA > 0) instead of the paper construction' }),
    seed: int({ min: 0, required: true, placeholder: 'N', help: 'root seed (non-negative integer)' }),
    name: string({ placeholder: 'TEXT', help: 'model name stored in the file' }),
    out: path({ role: 'output-file', help: 'write to FILE atomically instead of stdout' }),
    maxCells: maxCellsFlag,
  },
  details: [
    'Examples:',
    '  clip-theory generate --preset small --p 0.2 --seed 1 --out small.json',
    '  clip-theory generate --states 4 --branching 2,3 --dirichlet 0.5 --seed 7',
    "  clip-theory generate --preset paper --authors --p 0.2 --seed 42   # the authors' exact kernels",
    'The model depends only on the flags: the same flags give the same file, byte for byte.',
  ].join('\n'),
});

/** Parsed flags of `generate`. */
export type GenerateArgs = ArgsOf<typeof spec>;

/** Builds the model the flags describe (validating flag combinations first). */
export function modelFromArgs(args: GenerateArgs): Jghm {
  const { preset, seed, perEdge, name, pText, flipScale } = args;
  let states: number;
  let imageBranching: number[];
  let textBranching: number[];
  if (preset !== undefined) {
    if (args.states !== undefined) throw new UsageError('--states: cannot be combined with --preset');
    if (args.branching !== undefined) throw new UsageError('--branching: cannot be combined with --preset');
    if (args.textBranching !== undefined) throw new UsageError('--text-branching: cannot be combined with --preset');
    states = PRESETS[preset].states;
    imageBranching = textBranching = [...PRESETS[preset].branching];
  } else {
    if (args.states === undefined) throw new UsageError('--preset: required (or give a custom shape with --states and --branching)');
    if (args.branching === undefined) throw new UsageError('--branching: required with --states (e.g. --branching 2,2)');
    states = args.states;
    imageBranching = args.branching;
    textBranching = args.textBranching ?? imageBranching;
  }
  // Sizes from the shape alone, before anything is allocated.
  const size = modelSize(states, { branching: imageBranching, perEdge }, { branching: textBranching, perEdge });
  const shapeFlag = preset !== undefined ? 'per-edge' : size.text.cells > size.image.cells && args.textBranching !== undefined ? 'text-branching' : 'branching';
  if (size.cells > BigInt(args.maxCells)) {
    throw new UsageError(`--${shapeFlag}: the model would be too large: ${describeCells(states, size)}, above the limit of ${args.maxCells} cells (raise it with --max-cells)`);
  }
  const entries = size.image.kernelEntries + size.text.kernelEntries;
  if (entries > BigInt(MAX_MODEL_NUMBERS)) {
    throw new UsageError(`--${shapeFlag}: the model would hold ${formatCount(entries)} kernel entries, more than a jghm/v1 file can hold (${MAX_MODEL_NUMBERS})`);
  }
  if (args.authors) {
    if (preset === 'small') throw new UsageError('--authors: needs --preset paper or a custom shape with one branching factor (e.g. --states 4 --branching 2,2,2)');
    if (preset === undefined && (args.textBranching !== undefined || imageBranching.some((m) => m !== imageBranching[0]))) {
      throw new UsageError('--branching: --authors needs one number of children for all layers of both trees, as in the authors\' GenTransition');
    }
    if (args.dirichlet !== undefined) throw new UsageError('--dirichlet: cannot be combined with --authors');
    if (args.p === undefined) throw new UsageError('--p: required (flip probability in [0, 1])');
    if (seed >= 2 ** 32) throw new UsageError(`--seed: the authors' NumPy seed must be < 2^32 (got ${seed})`);
    const model = generateAuthorsJghm({
      p: args.p,
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
    const alpha = args.dirichlet;
    if (!(alpha > 0)) throw new UsageError(`--dirichlet: ALPHA must be > 0 (got ${alpha})`);
    if (args.p !== undefined) throw new UsageError('--p: cannot be combined with --dirichlet');
    if (pText !== undefined) throw new UsageError('--p-text: cannot be combined with --dirichlet');
    if (flipScale !== undefined) throw new UsageError('--flip-scale: cannot be combined with --dirichlet');
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
  const p = args.p;
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
export async function run(args: GenerateArgs): Promise<number> {
  const model = modelFromArgs(args);
  const text = `${JSON.stringify(jghmToJson(model))}\n`;
  const out = args.out;
  if (out !== undefined) writeFileAtomic(out, text);
  else process.stdout.write(text);
  return 0;
}

/** The `generate` command. */
export const command = defineCommand(spec, run);
