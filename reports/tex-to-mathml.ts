/**
 * TeX → MathML with KaTeX, in Node, for the offline HTML report (browsers render MathML natively; no fonts, CSS or
 * JavaScript needed).
 */
import katex from 'katex';

/** Result of rendering one TeX string. */
export interface RenderedTex {
  /** HTML to inline: a `<span class="katex">` holding `<math>`, or KaTeX's escaped error span on invalid TeX. */
  html: string;
  /** False when KaTeX could not parse the TeX (the span then shows the source in red with the parse error as title). */
  ok: boolean;
}

/** Renders `tex` to MathML (`display` for block equations). Never throws on invalid TeX. */
export function texToMathml(tex: string, display: boolean): RenderedTex {
  const html = katex.renderToString(tex, { output: 'mathml', throwOnError: false, displayMode: display, strict: 'ignore', trust: false });
  return { html, ok: !html.includes('class="katex-error"') };
}
