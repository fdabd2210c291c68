/**
 * The one typed command-line parser of the CLI and the benchmarks. A command declares its flags once, as an object
 * of flag builders (`int`, `float`, `string`, `choice`, `intList`, `floatList`, `bool`, `path`, `repeated`); the
 * parser yields an object whose type follows from that declaration (a flag with a default or `required: true` is
 * always present, any other may be `undefined`), so call sites need no casts.
 *
 * Accepted syntax: `--flag value`, `--flag=value`, boolean `--flag` (or `--flag=true|false`), repeatable flags, `--`
 * ends the flags, and positionals. `--help` / `-h` anywhere before `--` prints the command's help. Unknown flags,
 * missing or malformed values, values out of range, a flag given twice and output paths that exist as the wrong kind
 * are UsageErrors: one line naming the flag (exit code 2), raised before the command does any work.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.js';

/** What a flag's value is, for help and messages. */
export type FlagKind = 'int' | 'float' | 'string' | 'choice' | 'int-list' | 'float-list' | 'bool' | 'path';

/**
 * One flag. `T` is the type of its parsed value; `P` is true when the value is always present (a default, or
 * required). Build flags with the builders below rather than by hand.
 */
export interface Flag<T, P extends boolean> {
  /** Value kind. */
  readonly kind: FlagKind;
  /** One-line help. */
  readonly help: string;
  /** Placeholder in help (`FILE`, `N`). */
  readonly placeholder: string;
  /** Must be given. */
  readonly required: boolean;
  /** Value when the flag is absent (`undefined`: none). */
  readonly defaultValue: T | undefined;
  /** May be given several times; the values are collected in order. */
  readonly repeat: boolean;
  /** Constraint text for help (`integer ≥ 2`). */
  readonly constraint?: string;
  /** Parses one raw value (for a repeated flag: one item); throws a UsageError naming `--name`. */
  readonly parseOne: (raw: string, name: string) => unknown;
  /** Checks a complete value (also a default) before the command runs, e.g. that an output path is usable. */
  readonly check?: (value: T, name: string) => void;
  /** Phantom: the value type. */
  readonly __value?: T;
  /** Phantom: whether the value is always present. */
  readonly __present?: P;
}

/** Any flag. */
export type AnyFlag = Flag<any, boolean>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A command's flags keyed by camelCase name (`imageLeaves` is given as `--image-leaves`). */
export type FlagMap = Record<string, AnyFlag>;

/** A positional argument (for help and arity checks); the values are in `_`. */
export interface Positional {
  /** Name (shown upper-case in help). */
  readonly name: string;
  /** One-line help. */
  readonly help: string;
  /** Accepts any number of values. */
  readonly variadic?: boolean;
  /** Must be given. */
  readonly required?: boolean;
}

/** A command's interface. */
export interface CommandSpec<F extends FlagMap = FlagMap> {
  /** Command name (`generate`). */
  readonly name: string;
  /** Program name in help and messages (default `clip-theory`). */
  readonly program?: string;
  /** One-line summary. */
  readonly summary: string;
  /** Flags. */
  readonly flags: F;
  /** Positional arguments. */
  readonly positionals?: readonly Positional[];
  /** Extra help text (examples). */
  readonly details?: string;
}

/** The parsed value of one flag. */
export type ValueOf<X> = X extends Flag<infer T, infer P> ? (P extends true ? T : T | undefined) : never;

/** The parsed arguments of a command: one typed field per flag, positionals in `_`, `help` when asked for. */
export type Parsed<F extends FlagMap> = { readonly [K in keyof F]: ValueOf<F[K]> } & { readonly _: readonly string[]; readonly help: boolean };

/** The parsed arguments of a command spec. */
export type ArgsOf<S> = S extends CommandSpec<infer F> ? Parsed<F> : never;

/** Options common to every flag builder. */
export interface FlagOptions<T> {
  /** One-line help. */
  readonly help: string;
  /** Placeholder in help. */
  readonly placeholder?: string;
  /** Must be given. */
  readonly required?: boolean;
  /** Value when absent. */
  readonly default?: T;
}

/** Whether a flag built from options `O` always has a value. */
export type Present<O> = O extends { required: true } ? true : O extends { default: unknown } ? true : false;

/** kebab-case ↔ camelCase. */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** camelCase of a kebab-case name. */
export function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a decimal number (no hex, no Infinity, no empty string); `integer` also requires a safe integer. */
function parseNumber(raw: string, name: string, integer: boolean, min?: number, max?: number): number {
  const t = raw.trim();
  const v = NUMBER_RE.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(v)) throw new UsageError(`--${name}: expected ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(raw)}`);
  if (integer && !Number.isInteger(v)) throw new UsageError(`--${name}: expected an integer, got ${JSON.stringify(raw)}`);
  if (integer && !Number.isSafeInteger(v)) throw new UsageError(`--${name}: must be a safe integer (|n| ≤ ${Number.MAX_SAFE_INTEGER}), got ${JSON.stringify(raw)}`);
  if (min !== undefined && v < min) throw new UsageError(`--${name}: must be ≥ ${min}, got ${t}`);
  if (max !== undefined && v > max) throw new UsageError(`--${name}: must be ≤ ${max}, got ${t}`);
  return v;
}

function rangeText(what: string, min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `${what} in ${min}..${max}`;
  if (min !== undefined) return `${what} ≥ ${min}`;
  if (max !== undefined) return `${what} ≤ ${max}`;
  return what;
}

function base<T, P extends boolean>(kind: FlagKind, o: FlagOptions<T>, placeholder: string, parseOne: (raw: string, name: string) => unknown, constraint?: string): Flag<T, P> {
  return {
    kind,
    help: o.help,
    placeholder: o.placeholder ?? placeholder,
    required: o.required === true,
    defaultValue: o.default,
    repeat: false,
    parseOne,
    ...(constraint === undefined ? {} : { constraint }),
  };
}

/** Options of numeric flags. */
export interface NumberOptions<T> extends FlagOptions<T> {
  /** Inclusive lower bound. */
  readonly min?: number;
  /** Inclusive upper bound. */
  readonly max?: number;
}

/** An integer flag (decimal, safe integer, optional inclusive range). */
export function int<O extends NumberOptions<number>>(o: O): Flag<number, Present<O>> {
  return base('int', o, 'N', (raw, name) => parseNumber(raw, name, true, o.min, o.max), rangeText('integer', o.min, o.max));
}

/** A finite decimal number flag (optional inclusive range). */
export function float<O extends NumberOptions<number>>(o: O): Flag<number, Present<O>> {
  return base('float', o, 'X', (raw, name) => parseNumber(raw, name, false, o.min, o.max), rangeText('number', o.min, o.max));
}

/** Options of string flags. */
export interface StringOptions extends FlagOptions<string> {
  /** Refuse the empty string (default true). */
  readonly allowEmpty?: boolean;
}

/** A free-text flag (the empty string is refused unless `allowEmpty`). */
export function string<O extends StringOptions>(o: O): Flag<string, Present<O>> {
  return base('string', o, 'TEXT', (raw, name) => {
    if (raw === '' && o.allowEmpty !== true) throw new UsageError(`--${name}: must not be empty`);
    return raw;
  });
}

/** A flag whose value is one of `choices` (typed as their union). */
export function choice<const C extends readonly string[], O extends FlagOptions<C[number]>>(choices: C, o: O): Flag<C[number], Present<O>> {
  return base('choice', o, choices.join('|'), (raw, name) => {
    if (!choices.includes(raw)) throw new UsageError(`--${name}: must be one of ${choices.join(', ')}, got ${JSON.stringify(raw)}`);
    return raw;
  });
}

/** Options of list flags. */
export interface ListOptions extends NumberOptions<number[]> {
  /** Fewest items (default 1). */
  readonly minItems?: number;
  /** Most items. */
  readonly maxItems?: number;
}

function list(kind: 'int-list' | 'float-list', o: ListOptions): (raw: string, name: string) => number[] {
  return (raw, name) => {
    if (raw.trim() === '') throw new UsageError(`--${name}: expected a comma-separated list, got an empty value`);
    const parts = raw.split(',');
    const minItems = o.minItems ?? 1;
    if (parts.length < minItems) throw new UsageError(`--${name}: expected at least ${minItems} values, got ${parts.length}`);
    if (o.maxItems !== undefined && parts.length > o.maxItems) throw new UsageError(`--${name}: expected at most ${o.maxItems} values, got ${parts.length}`);
    return parts.map((x) => parseNumber(x, name, kind === 'int-list', o.min, o.max));
  };
}

/** A comma-separated list of integers (each in the optional range). */
export function intList<O extends ListOptions>(o: O): Flag<number[], Present<O>> {
  return base('int-list', o, 'N1,..', list('int-list', o), `comma-separated ${rangeText('integers', o.min, o.max)}`);
}

/** A comma-separated list of numbers (each in the optional range). */
export function floatList<O extends ListOptions>(o: O): Flag<number[], Present<O>> {
  return base('float-list', o, 'X1,..', list('float-list', o), `comma-separated ${rangeText('numbers', o.min, o.max)}`);
}

/** A comma-separated list of `choices` (typed as an array of their union); no value may repeat. */
export function choiceList<const C extends readonly string[], O extends FlagOptions<C[number][]>>(choices: C, o: O): Flag<C[number][], Present<O>> {
  return base('choice', o, `${choices.join(',')}`, (raw, name) => {
    if (raw.trim() === '') throw new UsageError(`--${name}: expected a comma-separated list of ${choices.join(', ')}, got an empty value`);
    const items = raw.split(',');
    for (const x of items) if (!choices.includes(x)) throw new UsageError(`--${name}: ${JSON.stringify(x)} is not one of ${choices.join(', ')}`);
    if (new Set(items).size !== items.length) throw new UsageError(`--${name}: a value is given more than once`);
    return items;
  }, 'comma-separated');
}

/** A boolean switch: `--flag` (true), `--flag=false`; absent = false. */
export function bool(o: { readonly help: string }): Flag<boolean, true> {
  return {
    ...base<boolean, true>('bool', { help: o.help, default: false }, '', (raw, name) => {
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      throw new UsageError(`--${name}: expected true or false, got ${JSON.stringify(raw)}`);
    }),
  };
}

/** What a path flag names, checked before the command runs. */
export type PathRole = 'input-file' | 'output-file' | 'output-dir';

/** Options of path flags. */
export interface PathOptions extends FlagOptions<string> {
  /** input-file: must exist and be readable, not a directory (or `-` with `stdin`); output-file / output-dir: must not exist as the other kind, and its folder must be creatable and writable. */
  readonly role: PathRole;
  /** Accept `-` for standard input (input-file only). */
  readonly stdin?: boolean;
}

function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? String(e);
}

/** Checks that output path `path` can be created: the nearest existing ancestor is a writable directory. */
function checkCreatable(path: string, name: string): void {
  let dir = dirname(resolve(path));
  for (;;) {
    let st;
    try {
      st = statSync(dir);
    } catch {
      const up = dirname(dir);
      if (up === dir) throw new UsageError(`--${name}: cannot create ${path} (no existing parent directory)`);
      dir = up;
      continue;
    }
    if (!st.isDirectory()) throw new UsageError(`--${name}: cannot create ${path}: ${dir} is a file, not a directory`);
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      throw new UsageError(`--${name}: cannot create ${path}: the directory ${dir} is not writable`);
    }
    return;
  }
}

/** Checks a path flag's value against its role (see PathOptions). Exported for positionals and tests. */
export function checkPath(path: string, name: string, role: PathRole, stdin = false): void {
  if (path === '') throw new UsageError(`--${name}: must not be empty`);
  if (role === 'input-file') {
    if (path === '-' && stdin) return;
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      throw new UsageError(`--${name}: cannot read ${path} (${errnoText(e)})`);
    }
    // Not only regular files: /dev/stdin and process substitution (`<(…)`) name pipes.
    if (st.isDirectory()) throw new UsageError(`--${name}: ${path} is a directory, expected a file`);
    try {
      accessSync(path, constants.R_OK);
    } catch {
      throw new UsageError(`--${name}: cannot read ${path} (permission denied)`);
    }
    return;
  }
  let st;
  try {
    st = statSync(path);
  } catch {
    st = undefined;
  }
  if (st !== undefined) {
    if (role === 'output-file' && st.isDirectory()) throw new UsageError(`--${name}: ${path} is a directory, expected a file name`);
    if (role === 'output-dir' && !st.isDirectory()) throw new UsageError(`--${name}: ${path} exists and is not a directory`);
    if (role === 'output-file' && !st.isFile()) throw new UsageError(`--${name}: ${path} is not a regular file`);
  }
  checkCreatable(path, name);
}

/** A file or folder path, checked against its role before the command runs. */
export function path<O extends PathOptions>(o: O): Flag<string, Present<O>> {
  const f = base<string, Present<O>>('path', o, o.role === 'output-dir' ? 'DIR' : 'FILE', (raw, name) => {
    if (raw === '') throw new UsageError(`--${name}: must not be empty`);
    return raw;
  });
  return { ...f, check: (value, name) => checkPath(value, name, o.role, o.stdin === true) };
}

/** A flag that may be given several times; its value is the list of the given values (absent: undefined). */
export function repeated<T>(f: Flag<T, boolean>): Flag<T[], false> {
  const check = f.check;
  return {
    ...f,
    required: false,
    defaultValue: undefined,
    repeat: true,
    ...(check === undefined ? {} : { check: (values: T[], name: string) => values.forEach((v) => check(v, name)) }),
  } as Flag<T[], false>;
}

/** Declares a command spec (identity; fixes the flag types for `Parsed`). */
export function defineSpec<F extends FlagMap>(spec: CommandSpec<F>): CommandSpec<F> {
  return spec;
}

function usageHint(spec: CommandSpec): string {
  return `(see: ${spec.program ?? 'clip-theory'} ${spec.name} --help)`;
}

/** True when argv asks for help (`--help` / `-h` before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/**
 * Parses argv (without the command name) against a spec. With `--help` only `help: true` is meaningful. Every other
 * problem is a UsageError naming the flag.
 */
export function parseArgs<F extends FlagMap>(spec: CommandSpec<F>, argv: readonly string[]): Parsed<F> {
  const values: Record<string, unknown> = {};
  const positionals: string[] = [];
  if (wantsHelp(argv)) return { ...values, _: positionals, help: true } as Parsed<F>;
  const byName = new Map<string, [string, AnyFlag]>(Object.entries(spec.flags).map(([key, f]) => [kebab(key), [key, f]]));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const entry = byName.get(name);
      if (!entry) throw new UsageError(`unknown flag --${name} ${usageHint(spec)}`);
      const [key, f] = entry;
      let raw: string;
      if (eq >= 0) raw = a.slice(eq + 1);
      else if (f.kind === 'bool') raw = 'true';
      else {
        if (i + 1 >= argv.length) throw new UsageError(`--${name}: missing value (${f.placeholder})`);
        raw = argv[++i];
      }
      const value = f.parseOne(raw, name);
      if (f.repeat) {
        const prev = values[key];
        values[key] = Array.isArray(prev) ? [...prev, value] : [value];
      } else {
        if (key in values) throw new UsageError(`--${name}: given more than once`);
        values[key] = value;
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) throw new UsageError(`unknown flag ${a} ${usageHint(spec)}`);
    positionals.push(a);
  }
  for (const [key, f] of Object.entries(spec.flags)) {
    if (!(key in values)) {
      if (f.required) throw new UsageError(`--${kebab(key)}: required ${usageHint(spec)}`);
      if (f.defaultValue !== undefined) values[key] = f.defaultValue;
    }
  }
  const pos = spec.positionals ?? [];
  const variadic = pos.some((p) => p.variadic);
  if (!variadic && positionals.length > pos.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[pos.length])} ${usageHint(spec)}`);
  pos.forEach((p, i) => {
    if (p.required && positionals.length <= i) throw new UsageError(`missing argument ${p.name.toUpperCase()} ${usageHint(spec)}`);
  });
  for (const [key, f] of Object.entries(spec.flags)) {
    if (f.check && values[key] !== undefined) f.check(values[key], kebab(key));
  }
  // The one cast: values were produced by each flag's own parser, so they have the declared types.
  return { ...values, _: positionals, help: false } as Parsed<F>;
}

/** Help text of a command. */
export function helpText(spec: CommandSpec): string {
  const program = spec.program ?? 'clip-theory';
  const lines = [`${program} ${spec.name} — ${spec.summary}`, ''];
  const pos = (spec.positionals ?? []).map((p) => (p.variadic ? `${p.name.toUpperCase()}...` : p.name.toUpperCase())).join(' ');
  lines.push(`Usage: ${program} ${spec.name}${pos ? ' ' + pos : ''} [flags]`, '');
  if (spec.positionals?.length) {
    for (const p of spec.positionals) lines.push(`  ${p.name.toUpperCase().padEnd(26)} ${p.help}`);
    lines.push('');
  }
  lines.push('Flags:');
  for (const [key, f] of Object.entries(spec.flags)) {
    const ph = f.kind === 'bool' ? '' : ` ${f.placeholder}`;
    const extra = [
      f.required ? 'required' : '',
      f.repeat ? 'repeatable' : '',
      f.constraint ?? '',
      f.defaultValue !== undefined && f.kind !== 'bool' ? `default ${Array.isArray(f.defaultValue) ? f.defaultValue.join(',') : String(f.defaultValue)}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(`  --${kebab(key)}${ph}`.padEnd(30) + ` ${f.help}${extra ? ` (${extra})` : ''}`);
  }
  lines.push(`  --help`.padEnd(30) + ' show this help');
  if (spec.details) lines.push('', spec.details);
  return lines.join('\n');
}

/** A runnable command: its spec and a typed entry point. */
export interface Command {
  /** The command's interface. */
  readonly spec: CommandSpec;
  /** Parses argv and runs the command (or prints its help); resolves to the exit code. */
  invoke(argv: readonly string[]): Promise<number>;
}

/** Binds a spec to its typed run function. */
export function defineCommand<F extends FlagMap>(spec: CommandSpec<F>, run: (args: Parsed<F>) => Promise<number>): Command {
  return {
    spec,
    async invoke(argv) {
      const args = parseArgs(spec, argv);
      if (args.help) {
        console.log(helpText(spec));
        return 0;
      }
      return run(args);
    },
  };
}
