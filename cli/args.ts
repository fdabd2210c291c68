/**
 * A small, strict command-line parser: `--flag value`, `--flag=value`, boolean `--flag`, repeatable flags, and
 * positionals. Unknown flags, missing values and malformed numbers are UsageErrors naming the flag.
 */
import { UsageError } from './errors.js';

/** Value types a flag can take. */
export type FlagType = 'string' | 'int' | 'number' | 'bool' | 'int-list' | 'number-list';

/** One flag of a command. */
export interface FlagSpec {
  /** Name without dashes, kebab-case (`image-leaves`). */
  readonly name: string;
  /** Value type. */
  readonly type: FlagType;
  /** One-line help. */
  readonly help: string;
  /** May be given several times (values collected into an array). */
  readonly repeat?: boolean;
  /** Must be given. */
  readonly required?: boolean;
  /** Default value when absent. */
  readonly default?: unknown;
  /** Allowed values (strings). */
  readonly choices?: readonly string[];
  /** Placeholder shown in help (`FILE`, `N`). */
  readonly placeholder?: string;
  /** Inclusive lower bound for int/number values. */
  readonly min?: number;
  /** Inclusive upper bound for int/number values. */
  readonly max?: number;
}

/** A command's interface. */
export interface CommandSpec {
  /** Command name. */
  readonly name: string;
  /** One-line summary. */
  readonly summary: string;
  /** Flags. */
  readonly flags: readonly FlagSpec[];
  /** Positional arguments (names for help); `variadic` accepts any number. */
  readonly positionals?: { readonly name: string; readonly help: string; readonly variadic?: boolean; readonly required?: boolean }[];
  /** Extra help text (examples). */
  readonly details?: string;
}

/** Parsed arguments: flag values keyed by camelCase name, plus positionals in `_`. */
export type ParsedArgs = Record<string, unknown> & { _: string[]; help?: boolean };

/** kebab-case → camelCase. */
export function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function parseNumber(flag: string, raw: string, integer: boolean, spec: FlagSpec): number {
  const trimmed = raw.trim();
  const v = trimmed === '' ? NaN : Number(trimmed);
  if (!Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw new UsageError(`--${flag}: expected ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(raw)}`);
  }
  if (spec.min !== undefined && v < spec.min) throw new UsageError(`--${flag}: must be ≥ ${spec.min}, got ${v}`);
  if (spec.max !== undefined && v > spec.max) throw new UsageError(`--${flag}: must be ≤ ${spec.max}, got ${v}`);
  return v;
}

function convert(spec: FlagSpec, raw: string): unknown {
  switch (spec.type) {
    case 'string':
      if (spec.choices && !spec.choices.includes(raw)) {
        throw new UsageError(`--${spec.name}: must be one of ${spec.choices.join(', ')}, got ${JSON.stringify(raw)}`);
      }
      return raw;
    case 'int':
      return parseNumber(spec.name, raw, true, spec);
    case 'number':
      return parseNumber(spec.name, raw, false, spec);
    case 'int-list':
    case 'number-list': {
      if (raw.trim() === '') throw new UsageError(`--${spec.name}: expected a comma-separated list, got an empty value`);
      return raw.split(',').map((x) => parseNumber(spec.name, x, spec.type === 'int-list', spec));
    }
    case 'bool':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      throw new UsageError(`--${spec.name}: expected true or false, got ${JSON.stringify(raw)}`);
  }
}

/** Parses argv (without the command name) against a spec. `--help` / `-h` sets `help`. */
export function parseArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { _: [] };
  const byName = new Map(spec.flags.map((f) => [f.name, f]));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      out.help = true;
      continue;
    }
    if (a === '--') {
      out._.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const f = byName.get(name);
      if (!f) throw new UsageError(`unknown flag --${name} for '${spec.name}' (see: clip-theory ${spec.name} --help)`);
      let raw: string;
      if (f.type === 'bool' && eq < 0) {
        raw = 'true';
      } else if (eq >= 0) {
        raw = a.slice(eq + 1);
      } else {
        if (i + 1 >= argv.length) throw new UsageError(`--${name}: missing value`);
        raw = argv[++i];
      }
      const value = convert(f, raw);
      const key = camel(name);
      if (f.repeat) {
        ((out[key] as unknown[] | undefined) ?? (out[key] = [] as unknown[]) as unknown[]).push(value);
      } else {
        if (key in out) throw new UsageError(`--${name}: given more than once`);
        out[key] = value;
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) throw new UsageError(`unknown flag ${a} for '${spec.name}'`);
    out._.push(a);
  }
  if (out.help) return out;
  for (const f of spec.flags) {
    const key = camel(f.name);
    if (!(key in out)) {
      if (f.required) throw new UsageError(`--${f.name}: required (see: clip-theory ${spec.name} --help)`);
      if (f.default !== undefined) out[key] = f.default;
    }
  }
  const pos = spec.positionals ?? [];
  const variadic = pos.some((p) => p.variadic);
  if (!variadic && out._.length > pos.length) throw new UsageError(`unexpected argument ${JSON.stringify(out._[pos.length])} for '${spec.name}'`);
  pos.forEach((p, i) => {
    if (p.required && out._.length <= i) throw new UsageError(`missing argument ${p.name.toUpperCase()} for '${spec.name}'`);
  });
  return out;
}

/** Help text of a command. */
export function helpText(spec: CommandSpec): string {
  const lines = [`clip-theory ${spec.name} — ${spec.summary}`, ''];
  const pos = (spec.positionals ?? []).map((p) => (p.variadic ? `${p.name.toUpperCase()}...` : p.name.toUpperCase())).join(' ');
  lines.push(`Usage: clip-theory ${spec.name}${pos ? ' ' + pos : ''} [flags]`, '');
  if (spec.positionals?.length) {
    for (const p of spec.positionals) lines.push(`  ${p.name.toUpperCase().padEnd(26)} ${p.help}`);
    lines.push('');
  }
  lines.push('Flags:');
  for (const f of spec.flags) {
    const ph = f.type === 'bool' ? '' : ` ${f.placeholder ?? (f.choices ? f.choices.join('|') : f.type.toUpperCase())}`;
    const extra = [f.required ? 'required' : '', f.repeat ? 'repeatable' : '', f.default !== undefined ? `default ${JSON.stringify(f.default)}` : '']
      .filter(Boolean)
      .join(', ');
    lines.push(`  --${f.name}${ph}`.padEnd(30) + ` ${f.help}${extra ? ` (${extra})` : ''}`);
  }
  lines.push(`  --help`.padEnd(30) + ' show this help');
  if (spec.details) lines.push('', spec.details);
  return lines.join('\n');
}
