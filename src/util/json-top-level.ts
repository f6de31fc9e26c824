/**
 * Picks a few top-level members out of a JSON object that arrives in chunks, without building
 * the rest: the values of other keys are scanned over (strings, nesting) and dropped. It stops at
 * the end of the first top-level object, so on JSON Lines it reads only the first line, and as
 * soon as every wanted key has been seen. Memory stays at the size of the picked values.
 */

export class JsonScanError extends Error {}

interface Capture {
  key: string;
  parts: string[];
}

/**
 * The wanted keys' values, parsed. Throws JsonScanError when the text does not start with an
 * object or a picked value is not valid JSON; ends quietly (with what it found) when the text
 * ends early or an unpicked part is malformed, since those bytes are never interpreted.
 */
export async function pickTopLevel(chunks: AsyncIterable<string> | Iterable<string>, keys: readonly string[]): Promise<Record<string, unknown>> {
  const wanted = new Set(keys);
  const found: Record<string, unknown> = {};
  let remaining = wanted.size;
  let started = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  // Where the scan is within a member of the top-level object.
  let phase: 'key' | 'colon' | 'value' | 'in-value' = 'key';
  let keyParts: string[] | null = null;
  let lastKey: string | null = null;
  let capture: Capture | null = null;
  let captureFrom = 0;

  const finish = (text: string): void => {
    if (!capture) return;
    capture.parts.push(text);
    const raw = capture.parts.join('').trim();
    try {
      found[capture.key] = JSON.parse(raw) as unknown;
    } catch {
      throw new JsonScanError(`the value of "${capture.key}" is not valid JSON`);
    }
    remaining--;
    capture = null;
  };

  for await (const chunk of chunks) {
    let keyFrom = 0;
    captureFrom = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as string;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') {
          inString = false;
          if (keyParts) {
            keyParts.push(chunk.slice(keyFrom, i));
            lastKey = keyParts.join('');
            keyParts = null;
            phase = 'colon';
          }
          // A string value at depth 1 ends here.
          if (capture && depth === 1) {
            finish(chunk.slice(captureFrom, i + 1));
            if (remaining === 0) return found;
          }
        }
        continue;
      }
      if (!started) {
        if (c === '{') {
          started = true;
          depth = 1;
          continue;
        }
        if (/\s/.test(c)) continue;
        throw new JsonScanError('not a JSON object');
      }
      if (depth === 1 && phase === 'value' && !/\s/.test(c)) {
        phase = 'in-value';
        if (lastKey !== null && wanted.has(lastKey) && !(lastKey in found)) {
          capture = { key: lastKey, parts: [] };
          captureFrom = i;
        }
      }
      switch (c) {
        case '"':
          inString = true;
          if (depth === 1 && phase === 'key') {
            keyParts = [];
            keyFrom = i + 1;
          }
          break;
        case ':':
          if (depth === 1 && phase === 'colon') phase = 'value';
          break;
        case '{':
        case '[':
          depth++;
          break;
        case '}':
        case ']':
          depth--;
          if (capture && depth === 1) {
            finish(chunk.slice(captureFrom, i + 1));
            if (remaining === 0) return found;
          } else if (depth === 0) {
            if (capture) finish(chunk.slice(captureFrom, i));
            return found;
          }
          break;
        case ',':
          if (depth === 1) {
            if (capture) {
              finish(chunk.slice(captureFrom, i));
              if (remaining === 0) return found;
            }
            lastKey = null;
            phase = 'key';
          }
          break;
        default:
          break;
      }
    }
    // The chunk ends inside a key or a captured value: keep what it holds.
    if (keyParts) keyParts.push(chunk.slice(keyFrom));
    if (capture) capture.parts.push(chunk.slice(captureFrom));
  }
  return found;
}
