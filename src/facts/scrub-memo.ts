/**
 * Output text repeats: a 100x estate asks to scrub ~2.2 million strings, ~42 thousand distinct
 * (tag keys, statuses, names, messages that differ only where names repeat). Each distinct
 * string up to `maxLength` is scrubbed once; the memo is bounded and starts over when full, so
 * an estate of unique strings costs a lookup per string and no unbounded memory.
 */
export function memoisedScrub(scrub: (text: string) => string, maxLength = 256, maxEntries = 50_000): (text: string) => string {
  let memo = new Map<string, string>();
  return (text) => {
    if (text.length > maxLength) return scrub(text);
    let out = memo.get(text);
    if (out === undefined) {
      out = scrub(text);
      if (memo.size >= maxEntries) memo = new Map();
      memo.set(text, out);
    }
    return out;
  };
}
