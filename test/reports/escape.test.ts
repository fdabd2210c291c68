/**
 * Escaping for HTML, XML (JUnit) and Markdown: fixed examples plus fast-check properties (seeded by TEST_SEED via
 * test/setup.ts) showing that the escaped text carries no active syntax and decodes back to the input.
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, escapeXml, escapeXmlAttribute, markdownCode } from '../../reports/escape.js';
import { NASTY } from './fake-results.js';

function unescapeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|apos|#10|#13|#9);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", '#10': '\n', '#13': '\r', '#9': '\t' })[e]!);
}

const printable = fc.string({ unit: 'binary', maxLength: 60 }).map((s) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uD800-\uDFFF\uFFFE\uFFFF]/g, ''));

describe('escapeHtml', () => {
  it('escapes markup and quotes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
  it('replaces control characters', () => {
    expect(escapeHtml('a\u0001b\tc\n')).toBe('a\uFFFDb\tc\n');
  });
  fcTest.prop([printable])('leaves no markup characters and decodes back', (s) => {
    const e = escapeHtml(s);
    expect(e).not.toMatch(/[<>"']/);
    expect(e.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
    expect(unescapeEntities(e)).toBe(s);
  });
});

describe('escapeXml', () => {
  it('replaces characters XML 1.0 cannot carry, keeps tab and newline', () => {
    expect(escapeXml('a\u0000b\u001Fc\td\ne\uFFFF')).toBe('a\uFFFDb\uFFFDc\td\ne\uFFFD');
    expect(escapeXml('x\uD800y')).toBe('x\uFFFDy');
    expect(escapeXml('😀')).toBe('😀');
  });
  it('encodes newlines in attributes so they survive attribute normalisation', () => {
    expect(escapeXmlAttribute('a\nb\t"c"')).toBe('a&#10;b&#9;&quot;c&quot;');
  });
  fcTest.prop([printable])('attribute values decode back and carry no raw quotes or markup', (s) => {
    const e = escapeXmlAttribute(s);
    expect(e).not.toMatch(/[<>"'\n\r\t]/);
    expect(unescapeEntities(e)).toBe(s);
  });
});

describe('escapeMarkdown', () => {
  it('neutralises emphasis, links, HTML, math, pipes and mentions', () => {
    expect(escapeMarkdown('*a* _b_ [c](d) <e> $f$ | @g ~h~ `i` #j & \\')).toBe(
      '\\*a\\* \\_b\\_ \\[c\\](d) \\<e\\> \\$f\\$ \\| \\@g \\~h\\~ \\`i\\` \\#j &amp; \\\\',
    );
  });
  it('turns line breaks into spaces', () => {
    expect(escapeMarkdown('a\nb\r\nc\rd')).toBe('a b c d');
  });
  fcTest.prop([printable])('every special character is backslash-escaped and the text decodes back', (s) => {
    const e = escapeMarkdown(s);
    expect(e).not.toMatch(/[\n\r]/);
    // Remove escape pairs; nothing special may remain.
    const rest = e.replace(/\\[\\`*_{}[\]<>#+!|~$@]/g, '').replace(/&amp;/g, '');
    expect(rest).not.toMatch(/[\\`*_{}[\]<>#+!|~$@&]/);
    const decoded = e.replace(/\\([\\`*_{}[\]<>#+!|~$@])/g, '$1').replace(/&amp;/g, '&');
    expect(decoded).toBe(s.replace(/\r\n?|\n/g, ' '));
  });
});

describe('markdownCode', () => {
  it('uses a fence longer than any backtick run', () => {
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('``x')).toBe('``` ``x ```');
    expect(markdownCode('npm run verify -- --seed 1')).toBe('`npm run verify -- --seed 1`');
  });
  it('escapes pipes only inside tables', () => {
    expect(markdownCode('a|b', true)).toBe('`a\\|b`');
    expect(markdownCode('a|b')).toBe('`a|b`');
  });
  it('keeps nasty text on one line', () => {
    expect(markdownCode(`${NASTY}\nnext`)).not.toContain('\n');
  });
});
