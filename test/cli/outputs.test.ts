import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import { parseFormatSpecs, writeOutputs } from '../../src/cli/pipeline/report.ts';
import { render } from '../../src/render/index.ts';
import { sha256Hex } from '../../src/util/canonical-json.ts';
import { buildResult } from '../helpers/build-result.ts';

describe('parseFormatSpecs', () => {
  it('defaults to a table on stdout', () => {
    expect(parseFormatSpecs([])).toEqual([{ format: 'table' }]);
    expect(parseFormatSpecs([], 'out.txt')).toEqual([{ format: 'table', path: 'out.txt' }]);
  });

  it('reads fmt and fmt:path, splitting at the first colon only', () => {
    expect(parseFormatSpecs(['sarif:out/a.sarif', 'json:C:\\tmp\\r.json', 'table'])).toEqual([
      { format: 'sarif', path: 'out/a.sarif' },
      { format: 'json', path: 'C:\\tmp\\r.json' },
      { format: 'table' },
    ]);
    expect(parseFormatSpecs(['html:-'])).toEqual([{ format: 'html' }]);
  });

  it('uses --output for the single-format case', () => {
    expect(parseFormatSpecs(['json'], 'r.json')).toEqual([{ format: 'json', path: 'r.json' }]);
    expect(parseFormatSpecs(['json'], '-')).toEqual([{ format: 'json' }]);
  });

  it.each([
    [['xml'], undefined, /unknown format 'xml'/],
    [['sarif:'], undefined, /path after ':' is empty/],
    [['json', 'markdown'], undefined, /json and markdown would both go to standard output/],
    [['json', 'sarif:x'], 'out', /single --format/],
    [['json:a.json'], 'b.json', /conflicts/],
    [['json:a', 'sarif:a'], undefined, /two formats would write a/],
  ] as Array<[string[], string | undefined, RegExp]>)('rejects %j (output %s)', (specs, output, message) => {
    expect(() => parseFormatSpecs(specs, output)).toThrow(UsageError);
    expect(() => parseFormatSpecs(specs, output)).toThrow(message);
  });
});

describe('writeOutputs', () => {
  it('writes each format once, colour only to the terminal, and returns each sha256', async () => {
    const result = buildResult();
    const files = new Map<string, string>();
    let stdout = '';
    const written = await writeOutputs(result, parseFormatSpecs(['table', 'table:t.txt', 'sarif:r.sarif', 'html:r.html']), { color: true }, {
      writeChunks: async (path, chunks) => {
        const data = [...chunks].join('');
        files.set(path, data);
        return { sha256: sha256Hex(data), bytes: Buffer.byteLength(data) };
      },
      stdout: { write: (chunk: string) => (stdout += chunk) },
    });
    expect([...files.keys()].sort()).toEqual(['r.html', 'r.sarif', 't.txt']);
    expect(stdout).toContain('\u001b[');
    expect(files.get('t.txt')).not.toContain('\u001b');
    expect(files.get('t.txt')).toBe(render('table', result, { color: false }));
    for (const w of written) {
      const text = w.path === undefined ? stdout : (files.get(w.path) ?? '');
      expect(w.sha256).toBe(sha256Hex(text));
      expect(w.bytes).toBe(Buffer.byteLength(text));
    }
  });
});
