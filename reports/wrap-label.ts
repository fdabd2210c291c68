/**
 * Greedy word wrapping of a plot label into lines, for axis titles: Vega measures text in Node by an estimate
 * (0.8 × font size per character), and a rotated y-axis title estimated longer than the plot height makes Vega
 * reserve an empty band above and below the plot. Wrapping keeps each line within the axis length.
 */

/** Splits `text` into lines of at most `maxChars` characters, breaking at spaces (a longer word is cut). */
export function wrapLabel(text: string, maxChars: number): string[] {
  if (!Number.isInteger(maxChars) || maxChars < 1) throw new RangeError(`wrapLabel: maxChars must be a positive integer, got ${maxChars}`);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    let w = word;
    while ([...w].length > maxChars) {
      if (line !== '') {
        lines.push(line);
        line = '';
      }
      const chars = [...w];
      lines.push(chars.slice(0, maxChars).join(''));
      w = chars.slice(maxChars).join('');
    }
    if (w === '') continue;
    const candidate = line === '' ? w : `${line} ${w}`;
    if ([...candidate].length <= maxChars) line = candidate;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** Characters of a `fontSize` px label that Vega's Node text estimate fits into `lengthPx` pixels. */
export function charsThatFit(lengthPx: number, fontSize: number): number {
  return Math.max(1, Math.floor(lengthPx / (0.8 * fontSize)));
}
