/**
 * A claim's statement: one mathjs expression over named quantities. The same parsed expression is evaluated for the
 * verdict and rendered to TeX for the report, so the printed theorem and the checked one cannot drift apart.
 */
import { all, create, type MathNode } from 'mathjs';

// Exact comparisons: mathjs' default relative tolerance would make `a <= b` true for a = b + 1e-13; tolerances belong in
// the statement as named quantities.
const math = create(all, { relTol: Number.MIN_VALUE, absTol: 0 }); // mathjs refuses relTol = 0

/** A scope of named quantities (numbers) the statement is evaluated on. */
export type Scope = Record<string, number>;

/**
 * Thrown when a statement is evaluated on a scope with a NaN quantity: NaN compares false with everything, so it would
 * silently decide the verdict. The claim engine turns it into a failing check that names the quantity. (±Infinity is
 * an extended real that the statement's comparisons handle exactly, and is evaluated.)
 */
export class NanQuantityError extends RangeError {
  /** The quantities that are NaN. */
  readonly quantities: readonly string[];
  constructor(where: string, quantities: readonly string[]) {
    super(`${where}: quantit${quantities.length === 1 ? 'y' : 'ies'} ${quantities.map((q) => `'${q}'`).join(', ')} ${quantities.length === 1 ? 'is' : 'are'} NaN (undefined), so the statement cannot be decided`);
    this.name = 'NanQuantityError';
    this.quantities = quantities;
  }
}

/** A compiled statement. */
export interface Statement {
  /** The mathjs source expression. */
  readonly expression: string;
  /** Its TeX rendering (symbols mapped through the claim's `symbols`). */
  readonly tex: string;
  /** Names of the free symbols the expression uses (functions excluded). */
  readonly symbols: readonly string[];
  /**
   * Evaluates to a boolean; throws RangeError naming the claim when a symbol is missing or the result is not boolean,
   * and NanQuantityError when a quantity the statement uses is NaN.
   */
  evaluate(scope: Scope): boolean;
}

/**
 * Parses and compiles a statement. `tex` maps symbol names to TeX (e.g. `{ excessK: '\\mathrm{excess}_K' }`);
 * unmapped symbols render as `\mathrm{name}`.
 */
export function compileStatement(expression: string, tex: Readonly<Record<string, string>> = {}, where = 'statement'): Statement {
  let node: MathNode;
  try {
    node = math.parse(expression);
  } catch (e) {
    throw new RangeError(`${where}: cannot parse statement ${JSON.stringify(expression)}: ${(e as Error).message}`);
  }
  const symbols = new Set<string>();
  node.traverse((n: MathNode, _path: string, parent: MathNode | null) => {
    if (n.type === 'SymbolNode') {
      const isFn = parent !== null && parent.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === n;
      const name = (n as unknown as { name: string }).name;
      if (!isFn && !(name in math && typeof (math as unknown as Record<string, unknown>)[name] !== 'function')) symbols.add(name);
    }
  });
  const rendered = node.toTex({
    handler: (n: MathNode) => {
      if (n.type !== 'SymbolNode') return undefined;
      const name = (n as unknown as { name: string }).name;
      if (name in tex) return `{${tex[name]}}`;
      if (symbols.has(name)) return name.length === 1 ? `{${name}}` : `{\\mathrm{${name}}}`;
      return undefined;
    },
  });
  const code = node.compile();
  return {
    expression,
    tex: rendered,
    symbols: [...symbols],
    evaluate(scope: Scope): boolean {
      for (const s of symbols) {
        if (!(s in scope)) throw new RangeError(`${where}: quantity '${s}' is missing from the scope (has: ${Object.keys(scope).join(', ')})`);
      }
      const nan = [...symbols].filter((s) => Number.isNaN(scope[s]));
      if (nan.length > 0) throw new NanQuantityError(where, nan);
      const v = code.evaluate({ ...scope });
      if (typeof v !== 'boolean') throw new RangeError(`${where}: statement must evaluate to true/false, got ${String(v)}`);
      return v;
    },
  };
}
