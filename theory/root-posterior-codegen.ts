/**
 * Straight-line JavaScript for the root posteriors of one tree (the fastest path of root-posterior-fast.ts).
 *
 * For a plan whose tree is small enough, `rootPosteriorSource` writes the whole leaves → root pass of one sample as
 * straight-line code: messages live in local variables (registers, no typed-array traffic), the kernel entries are
 * numeric literals (exact: shortest round-trip decimal), and terms with a zero kernel entry are left out. Every
 * floating-point operation is the one the generic kernel `rootPosteriorRows` performs, in the same order, so the
 * result is bit-for-bit identical to it (and to belief-propagation.ts): a dropped term k·h with k = 0 adds +0, a
 * kept 1·h is h, and 0 + x = x for the non-negative x that occur here.
 *
 * The compiled kernel takes (data, out, rowStart, rowEnd, tables, leafMsg) and returns −1 or the flat index of the
 * first leaf value ≥ S, like `rootPosteriorRows`. The source is plain text, so workers compile the same code.
 */
import type { RootPosteriorPlan } from './root-posterior-plan.js';

/** Source characters above which a subtree is split into separate functions (V8 optimises ≤ 60 KiB of bytecode). */
export const UNIT_SOURCE_BUDGET = 20_000;
/** Largest source of one generated function; a tree that needs more gets no generated code. */
export const MAX_UNIT_SOURCE = 48_000;
/** Largest total generated source. */
export const MAX_TOTAL_SOURCE = 2_000_000;

/** Signature of the compiled generated kernel (same contract as `rootPosteriorRows`). */
export type GeneratedKernel = (
  data: Uint8Array | Uint16Array,
  out: Float64Array,
  rowStart: number,
  rowEnd: number,
  tables: Float64Array,
  leafMsg: Float64Array,
) => number;

function literal(x: number): string {
  const s = String(x);
  return x < 0 ? `(${s})` : s;
}

/** Code of a subtree: statements, then the S expressions holding its message. */
interface Piece {
  lines: string[];
  size: number;
  exprs: string[];
}

/**
 * The generated source for a plan, or null when the tree is too large to unroll. The source is a function body
 * (no parameters) that returns the kernel; compile it with `compileRootPosteriorSource`.
 *
 * Layout: subtrees whose code would exceed `UNIT_SOURCE_BUDGET` characters are split: each child becomes a unit
 * function `u<k>(data, r, tables, leafMsg, w)` that writes its message to the scratch w[k·S..] (a store and a load of
 * the same double: exact), so that every function stays within what V8's optimising compiler accepts.
 */
export function rootPosteriorSource(plan: RootPosteriorPlan): string | null {
  const { S, L, leaves, branching, nodeBase, kernels, nodeKernelOff, leafMsgOff, useTables, tableOff, prior } = plan;
  let tmp = 0;
  const fresh = (p: string) => `${p}${tmp++}`;
  const units: string[] = [];
  let total = 0;
  let tooLarge = false;

  const piece = (): Piece => ({ lines: [], size: 0, exprs: [] });
  const emit = (pc: Piece, line: string) => {
    pc.lines.push(line);
    pc.size += line.length + 1;
  };
  const rescale = (pc: Piece, v: string[]): void => {
    const mx = fresh('m');
    emit(pc, `let ${mx} = ${v[0]};`);
    for (let s = 1; s < S; s++) emit(pc, `if (${v[s]} > ${mx}) ${mx} = ${v[s]};`);
    const inv = fresh('i');
    emit(pc, `if (${mx} !== 0 && ${mx} !== 1) { const ${inv} = 1 / ${mx}; ${v.map((x) => `${x} *= ${inv};`).join(' ')} }`);
  };
  const leafValue = (pc: Piece, t: number): string => {
    const v = fresh('v');
    emit(pc, `const ${v} = data[r + ${t}]; if (${v} >= ${S}) return r + ${t};`);
    return v;
  };
  /** Turns a child's piece into a unit function; returns a piece that calls it and reads its message back. */
  const asUnit = (child: Piece): Piece => {
    const k = units.length;
    const body = [...child.lines, ...child.exprs.map((e, s) => `w[${k * S + s}] = ${e};`), 'return -1;'].join('\n');
    if (body.length > MAX_UNIT_SOURCE) tooLarge = true;
    total += body.length;
    units.push(`const u${k} = function (data, r, tables, leafMsg, w) {\n${body}\n};`);
    const pc = piece();
    const b = fresh('b');
    emit(pc, `const ${b} = u${k}(data, r, tables, leafMsg, w); if (${b} >= 0) return ${b};`);
    pc.exprs = Array.from({ length: S }, (_, s) => `w[${k * S + s}]`);
    return pc;
  };
  /** Message of node j at layer l to its parent (h of the root when l = 0). */
  const visit = (l: number, j: number): Piece => {
    const pc = piece();
    if (tooLarge) return pc;
    const m = branching[l];
    if (l === L - 1 && useTables === 1) {
      const vs: string[] = [];
      for (let c = 0; c < m; c++) vs.push(leafValue(pc, j * m + c));
      let idx = vs[0];
      for (let c = 1; c < m; c++) idx = `(${idx}) * ${S} + ${vs[c]}`;
      const o = fresh('o');
      emit(pc, `const ${o} = ${tableOff[j]} + (${idx}) * ${S};`);
      pc.exprs = Array.from({ length: S }, (_, s) => `tables[${o} + ${s}]`);
      return pc;
    }
    const children: Piece[] = [];
    if (l === L - 1) {
      for (let c = 0; c < m; c++) {
        const ch = piece();
        const t = j * m + c;
        const v = leafValue(ch, t);
        const o = fresh('o');
        emit(ch, `const ${o} = ${leafMsgOff[t]} + ${v} * ${S};`);
        ch.exprs = Array.from({ length: S }, (_, s) => `leafMsg[${o} + ${s}]`);
        children.push(ch);
      }
    } else {
      for (let c = 0; c < m; c++) children.push(visit(l + 1, j * m + c));
      const inline = children.reduce((a, ch) => a + ch.size, 0);
      if (inline > UNIT_SOURCE_BUDGET) {
        for (let c = 0; c < m; c++) if (children[c].size > 200) children[c] = asUnit(children[c]);
      }
    }
    for (const ch of children) for (const line of ch.lines) emit(pc, line);
    // h = Π children (same order as the generic kernel), rescaled
    const h: string[] = [];
    for (let s = 0; s < S; s++) {
      const name = fresh('h');
      h.push(name);
      emit(pc, `let ${name} = ${children.map((c) => c.exprs[s]).join(' * ')};`);
    }
    rescale(pc, h);
    if (l === 0) {
      pc.exprs = h;
      return pc;
    }
    // q = K h, zero terms dropped, rescaled
    const kOff = nodeKernelOff[nodeBase[l] + j];
    const q: string[] = [];
    for (let s = 0; s < S; s++) {
      const terms: string[] = [];
      for (let t = 0; t < S; t++) {
        const k = kernels[kOff + s * S + t];
        if (k === 0) continue;
        terms.push(k === 1 ? h[t] : `${literal(k)} * ${h[t]}`);
      }
      const name = fresh('q');
      q.push(name);
      emit(pc, `let ${name} = ${terms.length === 0 ? '0' : terms.join(' + ')};`);
    }
    rescale(pc, q);
    pc.exprs = q;
    if (total + pc.size > MAX_TOTAL_SOURCE) tooLarge = true;
    return pc;
  };
  const root = visit(0, 0);
  if (tooLarge || root.size > MAX_UNIT_SOURCE) return null;
  const finish = [
    ...root.exprs.map((x, s) => `const p${s} = ${literal(prior[s])} * ${x};`),
    `const sum = ${root.exprs.map((_, s) => `p${s}`).join(' + ')};`,
    ...root.exprs.map((_, s) => `out[o + ${s}] = p${s} / sum;`),
  ];
  return [
    '"use strict";',
    ...units,
    `return function rootPosteriorsGenerated(data, out, rowStart, rowEnd, tables, leafMsg) {`,
    `const w = new Float64Array(${Math.max(1, units.length * S)});`,
    `for (let row = rowStart; row < rowEnd; row++) {`,
    `const r = row * ${leaves};`,
    `const o = row * ${S};`,
    ...root.lines,
    ...finish,
    `}`,
    `return -1;`,
    `};`,
  ].join('\n');
}

/** Whether `rootPosteriorSource` produces code for this plan. */
export function canGenerate(plan: RootPosteriorPlan): boolean {
  return rootPosteriorSource(plan) !== null;
}

/** Compiles generated source (the same text in every thread, so the same code and the same bits). */
export function compileRootPosteriorSource(source: string): GeneratedKernel {
  return new Function(source)() as GeneratedKernel;
}
