/**
 * The one text-safety policy: which characters never reach a terminal, a report or a snapshot as
 * they are, and the ways of making text safe for each output. Names, descriptions, server
 * messages and policy values are attacker-controlled in the worst case; every output routes them
 * through one of these.
 */

// C0 and C1 controls, DEL, and the bidirectional marks, embeddings, overrides and isolates that
// make a terminal or browser show text in an order other than the bytes'.
const UNSAFE = '\\u0000-\\u001f\\u007f-\\u009f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
const UNSAFE_CHARS = new RegExp(`[${UNSAFE}]`, 'g');
// The same set without tab and newline, which oneLine folds into spaces.
const UNSAFE_KEEPING_WHITESPACE = new RegExp(`(?![\\t\\n])[${UNSAFE}]`, 'g');
// CSI (ESC [ ... final) and OSC (ESC ] ... BEL or ESC \) sequences: these are what recolour a
// terminal, move its cursor or set its title, so they go as a whole, not just their ESC byte.
const ANSI_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]/g;

/** Removes escape sequences and unsafe characters; keeps newlines and tabs. */
export function stripControl(text: string): string {
  return text.replace(ANSI_SEQUENCE, '').replace(UNSAFE_KEEPING_WHITESPACE, '');
}

/**
 * For stderr: each line with its unsafe characters shown escaped (terminalSafe), the line breaks
 * kept. Role ARNs, names and server messages reach log lines; an OSC or CSI sequence in one must
 * not retitle or recolour the reader's terminal.
 */
export function stderrSafe(text: string): string {
  return text.split('\n').map(terminalSafe).join('\n');
}

/** Shortens to at most `max` code points, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** One line of plain text: unsafe characters removed, whitespace runs collapsed. */
export function oneLine(text: string): string {
  return stripControl(text).replace(/\s+/g, ' ').trim();
}

/** oneLine, cut at `max` code points: for server messages and names in logs. */
export function boundedLine(text: string, max: number): string {
  return truncate(oneLine(text), max);
}

/**
 * For diagnostics (loader messages, rule listings): unsafe characters shown escaped (\u001b), so
 * tampering stays visible but inert; newline and tab become spaces.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE_CHARS, (c) => (c === '\n' || c === '\t' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * Markdown-safe inline text for GitHub (PR comments, step summaries, SARIF help): HTML-significant
 * characters become entities, the punctuation that opens Markdown constructs is backslash-escaped,
 * so attacker text can open no link, image, code span, emphasis, table cell or HTML tag; '@' gets
 * a zero-width space so names like '@org/team' notify nobody. Plain URLs may still autolink, but
 * then the text shown is the link itself.
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#!|~]/g, (c) => `\\${c}`)
    .replace(/@/g, '@&#8203;');
}

/** Escapes text for a Markdown link target we build ourselves (rule docs paths). */
export function markdownUrl(url: string): string {
  return url.replace(/[\s()<>\\`]/g, (c) => encodeURIComponent(c));
}
