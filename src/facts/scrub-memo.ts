/**
 * Output text repeats: a 100x estate asks to scrub ~2.2 million strings, ~42 thousand distinct
 * (tag keys, statuses, names, messages that differ only where names repeat). Each distinct
 * string up to `maxLength` is scrubbed once. Short texts (names, keys, statuses) and longer ones
 * (messages) are remembered apart: each memo is bounded (it starts over when full) and steps aside
 * when its texts rarely repeat (an estate whose every finding names its own secret location), so
 * unique texts cost no more than scrubbing them.
 */
export function memoisedScrub(scrub: (text: string) => string, maxLength = 256, maxEntries = 50_000, unchangedBelow = 0): (text: string) => string {
  const short = adaptiveMemo(scrub, maxEntries);
  const long = adaptiveMemo(scrub, maxEntries);
  // A text too short to hold anything the scrub replaces (the scrubber says how short) is itself: no look-up.
  return (text) => (text.length < unchangedBelow ? text : text.length > maxLength ? scrub(text) : text.length > SHORT ? long(text) : short(text));
}

/** Texts up to this length are names, keys and statuses rather than messages. */
const SHORT = 64;
/** Lookups over which a memo judges whether a quarter or more of its texts are repeats. */
const TRIAL = 20_000;

function adaptiveMemo(scrub: (text: string) => string, maxEntries: number): (text: string) => string {
  let memo = new Map<string, string>();
  let lookups = 0;
  let hits = 0;
  let bypass = false;
  return (text) => {
    if (bypass) return scrub(text);
    if (lookups >= TRIAL) {
      if (hits * 4 < lookups) {
        bypass = true;
        memo = new Map();
        return scrub(text);
      }
      lookups = 0;
      hits = 0;
    }
    lookups++;
    let out = memo.get(text);
    if (out === undefined) {
      out = scrub(text);
      if (memo.size >= maxEntries) memo = new Map();
      memo.set(text, out);
    } else hits++;
    return out;
  };
}
