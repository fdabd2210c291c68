/**
 * The experiment registry: every file `experiments/specs/<name>.ts` default-exports one spec whose name is the file
 * name. Adding an experiment = adding one such file. `loadSpec` also accepts a path to a spec file outside the
 * registry (`.json`, or a module default-exporting the spec).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ExperimentError } from './runner/errors.js';
import { type ExperimentSpec, validateSpec } from './runner/spec.js';

/** The folder specs are discovered in. */
export const SPECS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'specs');

/** Names of the registered experiments, sorted. */
export function experimentNames(dir = SPECS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function loadFile(path: string): Promise<ExperimentSpec> {
  if (!existsSync(path)) throw new ExperimentError(`experiment ${path}: no such file`);
  let raw: unknown;
  if (extname(path) === '.json') {
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new ExperimentError(`spec ${path}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
    }
  } else {
    raw = ((await import(pathToFileURL(resolve(path)).href)) as { default?: unknown }).default;
  }
  return validateSpec(raw, basename(path));
}

/** A registered experiment by name, or a spec file by path (anything with a `/` or a file extension). */
export async function loadSpec(nameOrPath: string, dir = SPECS_DIR): Promise<ExperimentSpec> {
  if (nameOrPath.includes('/') || /\.(json|ts|mts|js|mjs)$/.test(nameOrPath)) return loadFile(nameOrPath);
  const names = experimentNames(dir);
  if (!names.includes(nameOrPath)) throw new ExperimentError(`unknown experiment ${JSON.stringify(nameOrPath)} (experiments: ${names.join(', ')}; or give a spec file path)`);
  const spec = await loadFile(join(dir, `${nameOrPath}.ts`));
  if (spec.name !== nameOrPath) throw new ExperimentError(`experiments/specs/${nameOrPath}.ts defines experiment '${spec.name}'; the file must be named ${spec.name}.ts`);
  return spec;
}

/** Every registered spec. */
export async function loadSpecs(dir = SPECS_DIR): Promise<ExperimentSpec[]> {
  const out: ExperimentSpec[] = [];
  for (const n of experimentNames(dir)) out.push(await loadSpec(n, dir));
  return out;
}
