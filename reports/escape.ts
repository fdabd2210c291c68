/**
 * Escaping for the three output languages: HTML (text and attributes), XML 1.0 (JUnit) and GitHub-flavoured
 * Markdown (inline text, table cells, code spans).
 */

/** C0 control characters other than tab, newline and carriage return (invalid in XML, parse errors in HTML). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Escapes text for HTML element content and double- or single-quoted attribute values (controls → U+FFFD). */
export function escapeHtml(s: string): string {
  return s.replace(CONTROL, '\uFFFD').replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/**
 * Escapes text for XML 1.0 content and attributes. Characters XML 1.0 cannot carry at all (C0 controls other than
 * tab/newline/CR, lone surrogates, U+FFFE/U+FFFF) become U+FFFD; newlines and tabs are kept (use
 * `escapeXmlAttribute` for attributes, where they would be normalised away).
 */
export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

/** Escapes text for an XML attribute value, keeping newlines, tabs and CRs as character references. */
export function escapeXmlAttribute(s: string): string {
  return escapeXml(s).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/**
 * Escapes plain text for inline Markdown (never at the start of a line): the ASCII punctuation that Markdown or
 * GitHub interprets inline (emphasis, code, links, HTML, math `$`, strikethrough, mentions, pipes) is
 * backslash-escaped, `&` becomes `&amp;`, line breaks become spaces (so a value never starts a new block) and
 * control characters U+FFFD.
 * Safe inside GFM table cells.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/\r\n?|\n/g, ' ')
    .replace(CONTROL, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_{}[\]<>#+!|~$@]/g, (c) => `\\${c}`);
}

/**
 * A Markdown code span holding `s` verbatim: the fence is longer than any backtick run inside, line breaks become
 * spaces. With `inTable`, pipes are escaped as `\|` (GFM splits table cells on pipes even inside code spans and
 * removes the backslash there).
 */
export function markdownCode(s: string, inTable = false): string {
  let body = s.replace(/\r\n?|\n/g, ' ').replace(CONTROL, '\uFFFD');
  if (inTable) body = body.replace(/\|/g, '\\|');
  let longest = 0;
  for (const m of body.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || /^ .* $/.test(body) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}
