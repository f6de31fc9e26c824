/**
 * Text from a snapshot or a rule pack shown on a terminal: control and bidi-override characters
 * are shown escaped, so a description cannot move the cursor or recolour the screen, and
 * tampering stays visible but inert.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => (c === '\n' || c === '\t' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
