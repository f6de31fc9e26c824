/**
 * Reading a large JSON object a piece at a time: each top-level member is handed over as its own
 * text, and the elements of chosen top-level arrays one by one, so a result of any size is read
 * without ever being one string (V8 caps a string near 512 MB). Each piece is parsed with
 * JSON.parse by the caller; this only finds where pieces start and end.
 */

export interface JsonPieces {
  /** A top-level member not listed as streamed: its whole value's text. */
  member(key: string, text: string): void;
  /** One element of a streamed top-level array. */
  element(key: string, index: number, text: string): void;
}

export class JsonStreamError extends Error {
  constructor(
    message: string,
    /** Offset in characters from the start of the text. */
    readonly offset: number,
  ) {
    super(message);
  }
}

const enum Mode {
  Start,
  KeyOrEnd,
  Colon,
  Value,
  Elements,
  Done,
}

const WS = new Set([0x20, 0x0a, 0x0d, 0x09]);

export class JsonObjectStream {
  private mode = Mode.Start;
  private key = '';
  private index = 0;
  private offset = 0;
  // The piece being captured: parts so far, nesting depth, string state.
  private capturing = false;
  private target: 'key' | 'value' | 'element' = 'value';
  private parts: string[] = [];
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scalar = false;

  constructor(
    private readonly streamed: ReadonlySet<string>,
    private readonly sink: JsonPieces,
  ) {}

  feed(chunk: string): void {
    let i = 0;
    const n = chunk.length;
    let start = this.capturing ? 0 : -1;
    while (i < n) {
      if (this.capturing) {
        // Scan to the end of the piece or of the chunk.
        let done = -1;
        for (; i < n; i++) {
          const c = chunk.charCodeAt(i);
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (c === 0x5c) this.escaped = true;
            else if (c === 0x22) {
              this.inString = false;
              if (this.depth === 0 && !this.scalar) {
                done = i + 1;
                break;
              }
            }
            continue;
          }
          if (this.scalar) {
            if (c === 0x2c || c === 0x7d || c === 0x5d || WS.has(c)) {
              done = i;
              break;
            }
            continue;
          }
          if (c === 0x22) this.inString = true;
          else if (c === 0x7b || c === 0x5b) this.depth++;
          else if (c === 0x7d || c === 0x5d) {
            this.depth--;
            if (this.depth === 0) {
              done = i + 1;
              break;
            }
            if (this.depth < 0) throw new JsonStreamError('unbalanced brackets', this.offset + i);
          }
        }
        if (done < 0) {
          this.parts.push(chunk.slice(start, n));
          this.offset += n;
          return;
        }
        this.parts.push(chunk.slice(start, done));
        const text = this.parts.join('');
        this.parts = [];
        this.capturing = false;
        i = done;
        this.finishPiece(text);
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (WS.has(c)) {
        i++;
        continue;
      }
      switch (this.mode) {
        case Mode.Start:
          if (c !== 0x7b) throw new JsonStreamError('expected a JSON object', this.offset + i);
          this.mode = Mode.KeyOrEnd;
          i++;
          break;
        case Mode.KeyOrEnd:
          if (c === 0x2c) {
            i++;
            break;
          }
          if (c === 0x7d) {
            this.mode = Mode.Done;
            i++;
            break;
          }
          if (c !== 0x22) throw new JsonStreamError('expected a member name', this.offset + i);
          this.begin('key', true, chunk, i);
          start = i;
          i++;
          break;
        case Mode.Colon:
          if (c !== 0x3a) throw new JsonStreamError("expected ':'", this.offset + i);
          this.mode = Mode.Value;
          i++;
          break;
        case Mode.Value:
          if (c === 0x5b && this.streamed.has(this.key)) {
            this.mode = Mode.Elements;
            this.index = 0;
            i++;
            break;
          }
          this.begin('value', false, chunk, i);
          start = i;
          if (!this.scalar) i = this.openFirst(c, i);
          break;
        case Mode.Elements:
          if (c === 0x2c) {
            i++;
            break;
          }
          if (c === 0x5d) {
            this.mode = Mode.KeyOrEnd;
            i++;
            break;
          }
          this.begin('element', false, chunk, i);
          start = i;
          if (!this.scalar) i = this.openFirst(c, i);
          break;
        case Mode.Done:
          throw new JsonStreamError('text after the end of the object', this.offset + i);
      }
    }
    this.offset += n;
  }

  /** Consumes the opening character of a non-scalar piece (string, object or array). */
  private openFirst(c: number, i: number): number {
    if (c === 0x22) this.inString = true;
    else this.depth = 1;
    return i + 1;
  }

  private begin(target: 'key' | 'value' | 'element', isKey: boolean, chunk: string, i: number): void {
    const c = chunk.charCodeAt(i);
    this.capturing = true;
    this.target = target;
    this.parts = [];
    this.depth = 0;
    this.escaped = false;
    this.inString = isKey;
    // Numbers, true, false, null end at a delimiter; strings, objects and arrays at their closer.
    this.scalar = !isKey && c !== 0x22 && c !== 0x7b && c !== 0x5b;
  }

  private finishPiece(text: string): void {
    if (this.target === 'key') {
      let key: unknown;
      try {
        key = JSON.parse(text);
      } catch {
        throw new JsonStreamError('a member name is not a valid JSON string', this.offset);
      }
      this.key = String(key);
      this.mode = Mode.Colon;
    } else if (this.target === 'value') {
      this.sink.member(this.key, text);
      this.mode = Mode.KeyOrEnd;
    } else {
      this.sink.element(this.key, this.index++, text);
      this.mode = Mode.Elements;
    }
  }

  /** Call after the last chunk: throws if the text ended inside the object. */
  end(): void {
    if (this.capturing && this.scalar && this.mode !== Mode.Done) {
      const text = this.parts.join('');
      this.capturing = false;
      this.finishPiece(text);
    }
    if (this.mode !== Mode.Done) throw new JsonStreamError('the text ends before the object does (truncated?)', this.offset);
  }
}
