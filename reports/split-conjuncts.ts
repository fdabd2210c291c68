/**
 * Splits a statement's TeX at its top-level conjunctions (`\wedge` outside any braces, `\left…\right` pair or
 * environment), so that a long statement can be shown one condition per line instead of as one very wide formula.
 * A top-level lower-precedence connective (`\vee`, `\veebar`, `\Rightarrow`, `\Leftrightarrow`, …) makes the
 * split unsafe (A ∨ B ∧ C is A ∨ (B ∧ C)); the TeX is then returned whole.
 */

const LOWER_PRECEDENCE = new Set(['vee', 'lor', 'veebar', 'oplus', 'Rightarrow', 'Leftarrow', 'Leftrightarrow', 'implies', 'iff', 'to', 'rightarrow']);

/** The top-level conjuncts of `tex` (trimmed, non-empty), or `[tex]` when there is none or splitting is unsafe. */
export function splitConjuncts(tex: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  while (i < tex.length) {
    const ch = tex[i];
    if (ch === '{') {
      depth++;
      i++;
    } else if (ch === '}') {
      depth--;
      i++;
    } else if (ch === '\\') {
      const m = /^\\([A-Za-z]+|.)/.exec(tex.slice(i));
      const name = m ? m[1] : '';
      if (name === 'left' || name === 'begin') depth++;
      else if (name === 'right' || name === 'end') depth--;
      else if (depth === 0 && (name === 'wedge' || name === 'land')) {
        parts.push(tex.slice(start, i));
        start = i + 1 + name.length;
      } else if (depth === 0 && LOWER_PRECEDENCE.has(name)) return [tex];
      i += 1 + Math.max(name.length, 1);
    } else i++;
    if (depth < 0) return [tex];
  }
  if (depth !== 0) return [tex];
  parts.push(tex.slice(start));
  const trimmed = parts.map((p) => p.trim());
  return trimmed.length > 1 && trimmed.every((p) => p !== '') ? trimmed : [tex];
}
