/**
 * Making attacker-controlled text (names, descriptions, status messages, policy values) safe for
 * each output. Every renderer routes resource-derived strings through one of these.
 */

// CSI (ESC [ ... final) and OSC (ESC ] ... BEL or ESC \) sequences: these are what recolour a
// terminal, move its cursor or set its title, so they go as a whole, not just their ESC byte.
const ANSI_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]/g;
// Remaining C0/C1 controls (tab and newline handled by the callers) and bidirectional overrides,
// which can make a terminal or browser show text in an order other than the bytes'.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Removes escape sequences and control characters; keeps newlines and tabs. */
export function stripControl(text: string): string {
  return text.replace(ANSI_SEQUENCE, '').replace(CONTROL, '');
}

/** One line of plain text: controls removed, runs of whitespace (newlines included) collapsed. */
export function oneLine(text: string): string {
  return stripControl(text).replace(/\s+/g, ' ').trim();
}

/** Shortens to at most `max` code points, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
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
