/**
 * The statement evaluator (properties/engine/statement.ts) is the comparison core of every claim: its verdicts must be
 * exact, so every tolerance is a named quantity in the statement. Planted near-misses sit on both sides of each
 * tolerance a claim uses (absolute, relative, one-sided, two-sided), at distances that mathjs' default nearlyEqual
 * (relTol 1e-12, absTol 1e-15) or any loosened configuration (e.g. relTol 1e-3 / absTol 1e-6) would blur.
 */
import { describe, expect, it } from 'vitest';
import { NanQuantityError, compileStatement } from '../../properties/engine/statement.js';

const ulpAbove = (x: number) => x + Math.abs(x) * Number.EPSILON * 2 || Number.MIN_VALUE;

describe('comparisons are exact (no hidden tolerance)', () => {
  // compiled inside each test (not at collection time), so mutation testing attributes the coverage to the tests
  const le = { evaluate: (s: Record<string, number>) => compileStatement('a <= b').evaluate(s) };
  const lt = { evaluate: (s: Record<string, number>) => compileStatement('a < b').evaluate(s) };
  const ge = { evaluate: (s: Record<string, number>) => compileStatement('a >= b').evaluate(s) };
  const eq = { evaluate: (s: Record<string, number>) => compileStatement('a == b').evaluate(s) };

  it('a <= b: equal passes; one ulp, 1e-13 relative and 5e-7 absolute above fails', () => {
    expect(le.evaluate({ a: 1, b: 1 })).toBe(true);
    expect(le.evaluate({ a: ulpAbove(1), b: 1 })).toBe(false);
    expect(le.evaluate({ a: 1 + 1e-13, b: 1 })).toBe(false); // mathjs default relTol 1e-12 would say true
    expect(le.evaluate({ a: 5e-7, b: 0 })).toBe(false); // absTol 1e-6 would say true
    expect(le.evaluate({ a: 1e-300, b: 0 })).toBe(false);
    expect(le.evaluate({ a: 1000.5, b: 1000 })).toBe(false); // relTol 1e-3 would say true
    expect(le.evaluate({ a: 0, b: 5e-324 })).toBe(true);
  });

  it('a < b: equal fails, the next double passes', () => {
    expect(lt.evaluate({ a: 1, b: 1 })).toBe(false);
    expect(lt.evaluate({ a: 1, b: ulpAbove(1) })).toBe(true);
    expect(lt.evaluate({ a: 0, b: 1e-300 })).toBe(true); // absTol would make them equal, so not <
  });

  it('a >= b and a == b: differences of 1e-13 relative and 1e-9 absolute decide', () => {
    expect(ge.evaluate({ a: 1, b: 1 + 1e-13 })).toBe(false);
    expect(ge.evaluate({ a: 1 + 1e-13, b: 1 })).toBe(true);
    expect(eq.evaluate({ a: 0.1 + 0.2, b: 0.3 })).toBe(false);
    expect(eq.evaluate({ a: 1e-9, b: 0 })).toBe(false);
    expect(eq.evaluate({ a: 0.25, b: 0.25 })).toBe(true);
  });
});

describe('named tolerances: planted near-misses on both sides', () => {
  const tol = 1e-10;
  // 1e-3 relative to tol: far above the rounding of x − y for |y| ≤ 4 (≤ 9e-16), far below any loosened absTol
  const inside = tol * (1 - 1e-3);
  const outside = tol * (1 + 1e-3);

  it('two-sided absolute: abs(x - y) <= tol', () => {
    const st = compileStatement('abs(x - y) <= tol');
    for (const y of [0, 1, -3.5]) {
      expect(st.evaluate({ x: y + inside, y, tol })).toBe(true);
      expect(st.evaluate({ x: y - inside, y, tol })).toBe(true);
      expect(st.evaluate({ x: y + outside, y, tol })).toBe(false);
      expect(st.evaluate({ x: y - outside, y, tol })).toBe(false);
    }
    expect(st.evaluate({ x: 1 + 2 * tol, y: 1, tol })).toBe(false);
  });

  it('one-sided lower bound: lhs >= rhs - tol (the form of every inequality claim)', () => {
    const st = compileStatement('lhs >= rhs - tol');
    expect(st.evaluate({ lhs: -inside, rhs: 0, tol })).toBe(true);
    expect(st.evaluate({ lhs: -outside, rhs: 0, tol })).toBe(false);
    expect(st.evaluate({ lhs: 0.5 - 2e-10, rhs: 0.5, tol })).toBe(false);
    expect(st.evaluate({ lhs: 0.5 - 0.5e-10, rhs: 0.5, tol })).toBe(true);
  });

  it('one-sided upper bound with a sum: a <= b + tol + delta', () => {
    const st = compileStatement('a <= b + tol + delta');
    expect(st.evaluate({ a: 1 + 2.99e-10, b: 1, tol: 1e-10, delta: 2e-10 })).toBe(true);
    expect(st.evaluate({ a: 1 + 3.01e-10, b: 1, tol: 1e-10, delta: 2e-10 })).toBe(false);
  });

  it('relative tolerance written out: abs(x - y) <= rel * abs(y)', () => {
    const st = compileStatement('abs(x - y) <= rel * abs(y)');
    expect(st.evaluate({ x: 100 * (1 + 0.999e-6), y: 100, rel: 1e-6 })).toBe(true);
    expect(st.evaluate({ x: 100 * (1 + 1.001e-6), y: 100, rel: 1e-6 })).toBe(false);
    expect(st.evaluate({ x: 1e-20, y: 0, rel: 1e-6 })).toBe(false);
  });

  it('conjunctions and disjunctions: one failing part decides', () => {
    const st = compileStatement('abs(a) <= tol and (k > 1 or abs(b) <= tol)');
    expect(st.evaluate({ a: inside, b: outside, k: 2, tol })).toBe(true);
    expect(st.evaluate({ a: inside, b: outside, k: 1, tol })).toBe(false);
    expect(st.evaluate({ a: outside, b: 0, k: 2, tol })).toBe(false);
  });
});

describe('extended reals and NaN', () => {
  const st = { evaluate: (s: Record<string, number>) => compileStatement('err <= bound + tol').evaluate(s) };
  it('±Infinity is compared exactly', () => {
    expect(st.evaluate({ err: Infinity, bound: 1, tol: 1 })).toBe(false);
    expect(st.evaluate({ err: -Infinity, bound: 0, tol: 0 })).toBe(true);
    expect(st.evaluate({ err: 5, bound: Infinity, tol: 0 })).toBe(true);
  });
  it('a NaN quantity throws NanQuantityError naming it (NaN would otherwise decide silently)', () => {
    expect(() => st.evaluate({ err: NaN, bound: 1, tol: 0 })).toThrow(NanQuantityError);
    const one = compileStatement('err <= bound + tol', {}, 'claim c');
    expect(() => one.evaluate({ err: NaN, bound: 1, tol: 0 })).toThrow("claim c: quantity 'err' is NaN (undefined), so the statement cannot be decided");
    expect(() => one.evaluate({ err: 0, bound: NaN, tol: NaN })).toThrow("claim c: quantities 'bound', 'tol' are NaN (undefined), so the statement cannot be decided");
    try {
      one.evaluate({ err: 0, bound: NaN, tol: 1 });
    } catch (e) {
      expect(e).toBeInstanceOf(RangeError);
      expect((e as NanQuantityError).name).toBe('NanQuantityError');
      expect((e as NanQuantityError).quantities).toEqual(['bound']);
    }
    // a NaN that the statement does not use does not matter
    expect(st.evaluate({ err: 0, bound: 1, tol: 0, unused: NaN })).toBe(true);
  });
});

describe('compilation', () => {
  it('free symbols exclude functions and constants; missing quantities and non-boolean results throw', () => {
    const st = compileStatement('abs(x - y) <= pi * tol', {}, 'claim demo');
    expect([...st.symbols].sort()).toEqual(['tol', 'x', 'y']);
    expect(() => st.evaluate({ x: 1, y: 1 })).toThrow("claim demo: quantity 'tol' is missing from the scope (has: x, y)");
    expect(() => compileStatement('x <= tol').evaluate({ x: 1 })).toThrow("statement: quantity 'tol' is missing"); // default name
    expect(() => compileStatement('x + 1').evaluate({ x: 1 })).toThrow(/must evaluate to true\/false/);
    expect(() => compileStatement('x <= (', {}, 'claim bad')).toThrow(/claim bad: cannot parse statement "x <= \(": /);
  });

  it('a function argument is a quantity; an unknown function name is not; a math function name used as a value is', () => {
    expect([...compileStatement('abs(x) <= tol').symbols].sort()).toEqual(['tol', 'x']);
    expect([...compileStatement('foo(x) <= 1').symbols]).toEqual(['x']);
    const g = compileStatement('gamma <= tol');
    expect([...g.symbols].sort()).toEqual(['gamma', 'tol']);
    expect(g.evaluate({ gamma: 2, tol: 1 })).toBe(false);
    expect(g.evaluate({ gamma: 1, tol: 1 })).toBe(true);
    expect(() => g.evaluate({ tol: 1 })).toThrow("quantity 'gamma' is missing");
  });

  it('TeX renders mapped symbols, single letters plainly and other names upright', () => {
    const st = compileStatement('abs(mi - x) <= tol', { mi: 'I(x;y)' });
    expect(st.tex).toContain('{I(x;y)}');
    expect(st.tex).toContain('{x}');
    expect(st.tex).toContain('\\mathrm{tol}');
  });

  it('exact TeX of a plain statement; a bare-symbol statement compiles (and is refused at evaluation)', () => {
    expect(compileStatement('x <= tol').tex).toBe('{x}\\leq{\\mathrm{tol}}');
    const bare = compileStatement('x');
    expect(bare.symbols).toEqual(['x']);
    expect(() => bare.evaluate({ x: 1 })).toThrow('must evaluate to true/false');
  });

  it('constants and functions keep their own TeX', () => {
    const st = compileStatement('abs(x) <= pi * tol');
    expect(st.tex).toContain('\\pi');
    expect(st.tex).not.toContain('mathrm{pi}');
    expect(st.tex).not.toContain('mathrm{abs}');
  });

  it('the scope is not mutated by evaluation', () => {
    const scope = { a: 1, b: 2 };
    compileStatement('a <= b').evaluate(scope);
    expect(scope).toEqual({ a: 1, b: 2 });
  });
});
