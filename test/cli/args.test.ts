/**
 * The typed argument parser (cli/args.ts): values typed by the declaration, defaults, ranges, lists, choices,
 * repeated flags, booleans, positionals, `--help`, path roles, and one-line UsageErrors naming the flag.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bool, checkPath, choice, choiceList, defineSpec, float, helpText, int, intList, parseArgs, path, repeated, string } from '../../cli/args.js';
import { UsageError } from '../../cli/errors.js';
import { tempDir } from './run-cli.js';

const spec = defineSpec({
  name: 'demo',
  summary: 'a demo command',
  positionals: [{ name: 'action', help: 'what to do' }],
  flags: {
    seed: int({ min: 0, required: true, help: 'seed' }),
    k: int({ min: 2, max: 10, default: 4, help: 'k' }),
    p: float({ min: 0, max: 1, help: 'p' }),
    branching: intList({ min: 1, maxItems: 3, help: 'branching' }),
    task: repeated(choice(['a', 'b'] as const, { help: 'task' })),
    mode: choice(['x', 'y'] as const, { default: 'x', help: 'mode' }),
    modes: choiceList(['x', 'y', 'z'] as const, { help: 'modes' }),
    name: string({ help: 'name' }),
    verbose: bool({ help: 'verbose' }),
  },
});

function usage(argv: string[]): string {
  try {
    parseArgs(spec, argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`parsed without error: ${argv.join(' ')}`);
}

describe('parseArgs', () => {
  it('yields typed values with defaults', () => {
    const a = parseArgs(spec, ['run', '--seed', '3', '--p=0.25', '--branching', '2,3', '--task', 'a', '--task', 'b', '--verbose', '--modes', 'z,x']);
    expectTypeOf(a.seed).toEqualTypeOf<number>();
    expectTypeOf(a.k).toEqualTypeOf<number>();
    expectTypeOf(a.p).toEqualTypeOf<number | undefined>();
    expectTypeOf(a.mode).toEqualTypeOf<'x' | 'y'>();
    expectTypeOf(a.task).toEqualTypeOf<('a' | 'b')[] | undefined>();
    expectTypeOf(a.modes).toEqualTypeOf<('x' | 'y' | 'z')[] | undefined>();
    expectTypeOf(a.verbose).toEqualTypeOf<boolean>();
    expect(a).toMatchObject({ seed: 3, k: 4, p: 0.25, branching: [2, 3], task: ['a', 'b'], mode: 'x', modes: ['z', 'x'], verbose: true, help: false, _: ['run'] });
    expect(a.name).toBeUndefined();
    expect(parseArgs(spec, ['--seed', '1']).verbose).toBe(false);
    expect(parseArgs(spec, ['--seed', '1', '--verbose=false']).verbose).toBe(false);
  });

  it('--help wins over everything else, even bad flags', () => {
    expect(parseArgs(spec, ['--bogus', '--help']).help).toBe(true);
    expect(parseArgs(spec, ['-h']).help).toBe(true);
    expect(usage(['--seed', '1', '--', '--help', 'x'])).toContain('unexpected argument');
    expect(helpText(spec)).toContain('--seed N');
    expect(helpText(spec)).toContain('integer in 2..10; default 4');
  });

  it.each([
    [['--seed', '1', '--bogus'], 'unknown flag --bogus (see: clip-theory demo --help)'],
    [['--seed', '1', '-x'], 'unknown flag -x'],
    [[], '--seed: required'],
    [['--seed'], '--seed: missing value'],
    [['--seed', 'abc'], '--seed: expected an integer, got "abc"'],
    [['--seed', '1.5'], '--seed: expected an integer, got "1.5"'],
    [['--seed', '0x10'], '--seed: expected an integer'],
    [['--seed', ''], '--seed: expected an integer, got ""'],
    [['--seed', '-1'], '--seed: must be ≥ 0, got -1'],
    [['--seed', '1e20'], '--seed: must be a safe integer'],
    [['--seed', '1', '--seed', '2'], '--seed: given more than once'],
    [['--seed', '1', '--k', '11'], '--k: must be ≤ 10, got 11'],
    [['--seed', '1', '--p', 'NaN'], '--p: expected a number, got "NaN"'],
    [['--seed', '1', '--p', 'Infinity'], '--p: expected a number'],
    [['--seed', '1', '--p', '2'], '--p: must be ≤ 1, got 2'],
    [['--seed', '1', '--branching', ''], '--branching: expected a comma-separated list, got an empty value'],
    [['--seed', '1', '--branching', '2,,3'], '--branching: expected an integer, got ""'],
    [['--seed', '1', '--branching', '2,0'], '--branching: must be ≥ 1, got 0'],
    [['--seed', '1', '--branching', '1,1,1,1'], '--branching: expected at most 3 values, got 4'],
    [['--seed', '1', '--task', 'c'], '--task: must be one of a, b, got "c"'],
    [['--seed', '1', '--modes', 'x,x'], '--modes: a value is given more than once'],
    [['--seed', '1', '--modes', 'w'], '--modes: "w" is not one of x, y, z'],
    [['--seed', '1', '--name', ''], '--name: must not be empty'],
    [['--seed', '1', '--verbose=yes'], '--verbose: expected true or false, got "yes"'],
    [['--seed', '1', 'a', 'b'], 'unexpected argument "b"'],
  ])('%j → %s', (argv, message) => {
    expect(usage(argv)).toContain(message);
  });
});

describe('path flags', () => {
  const dir = tempDir('args');
  const file = join(dir, 'file.txt');
  writeFileSync(file, 'x');
  mkdirSync(join(dir, 'sub'));
  const paths = defineSpec({
    name: 'paths',
    summary: 'paths',
    flags: {
      model: path({ role: 'input-file', stdin: true, help: 'in' }),
      out: path({ role: 'output-file', help: 'out file' }),
      dir: path({ role: 'output-dir', help: 'out dir' }),
    },
  });
  const err = (argv: string[]) => {
    try {
      parseArgs(paths, argv);
      return '';
    } catch (e) {
      return (e as Error).message;
    }
  };

  it('accepts usable paths', () => {
    expect(parseArgs(paths, ['--model', file, '--out', join(dir, 'new', 'deeper.json'), '--dir', join(dir, 'sub')]).out).toBe(join(dir, 'new', 'deeper.json'));
    expect(parseArgs(paths, ['--model', '-', '--out', file, '--dir', join(dir, 'fresh')]).model).toBe('-');
  });

  it.each([
    [['--model', 'DIR'], '--model: DIR is a directory, expected a file'],
    [['--model', 'DIR/missing.json'], '--model: cannot read DIR/missing.json (no such file)'],
    [['--out', 'DIR'], '--out: DIR is a directory, expected a file name'],
    [['--out', 'DIR/file.txt/x.json'], '--out: cannot create DIR/file.txt/x.json: DIR/file.txt is a file, not a directory'],
    [['--dir', 'DIR/file.txt'], '--dir: DIR/file.txt exists and is not a directory'],
    [['--dir', 'DIR/file.txt/sub'], '--dir: cannot create DIR/file.txt/sub: DIR/file.txt is a file, not a directory'],
    [['--out', ''], '--out: must not be empty'],
  ])('%j → %s', (argv, message) => {
    const a = argv.map((x) => x.replace('DIR', dir));
    expect(err(a)).toBe(message.replaceAll('DIR', dir));
  });

  it('checkPath is the same check for positionals', () => {
    expect(() => checkPath(dir, 'out', 'output-file')).toThrow(UsageError);
    expect(() => checkPath(file, 'out', 'output-file')).not.toThrow();
  });
});
