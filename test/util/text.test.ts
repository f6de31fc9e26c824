/** The one text-safety policy, applied three ways: stripped, escaped visibly, or Markdown-escaped. */
import { describe, expect, it } from 'vitest';
import { boundedLine, escapeMarkdown, oneLine, stripControl, terminalSafe, truncate } from '../../src/util/text.ts';

const UNSAFE = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069'];

describe('text safety', () => {
  it('strips whole escape sequences and every unsafe character, keeping newlines and tabs', () => {
    expect(stripControl('red \u001b[31mtext\u001b[0m \u001b]0;title\u0007done')).toBe('red text done');
    for (const c of UNSAFE) expect(stripControl(`a${c}1`), JSON.stringify(c)).toBe('a1');
    expect(stripControl('a\nb\tc')).toBe('a\nb\tc');
  });

  it('escapes the same characters visibly for diagnostics', () => {
    for (const c of UNSAFE) expect(terminalSafe(`a${c}b`), JSON.stringify(c)).toBe(`a\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}b`);
    expect(terminalSafe('a\nb\tc')).toBe('a b c');
  });

  it('oneLine flattens whitespace and cuts at a number of code points', () => {
    expect(oneLine('a\n  b\tc')).toBe('a b c');
    expect(oneLine('red \u001b[31mtext\u0007')).toBe('red text');
    const long = boundedLine('x'.repeat(500), 10);
    expect(long).toHaveLength(10);
    expect(long.endsWith('…')).toBe(true);
    expect(truncate('😀😀😀', 2)).toBe('😀…');
  });

  it('Markdown text opens no construct and notifies nobody', () => {
    expect(escapeMarkdown('[x](http://e) <b> @team `c` \u202eabc')).toBe('\\[x\\]\\(http://e\\) &lt;b&gt; @&#8203;team \\`c\\` abc');
  });
});
