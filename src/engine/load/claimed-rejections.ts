/**
 * Rejections that user rule code left unhandled and that were taken as its errors (a load
 * problem of its module, an error outcome of its check): the CLI's last-resort handler, which
 * hears every unhandled rejection too, leaves these alone.
 */
const claimed = new WeakSet<object>();

export function claimRejection(promise: object): void {
  claimed.add(promise);
}

export function isClaimedRejection(promise: unknown): boolean {
  return promise !== null && typeof promise === 'object' && claimed.has(promise);
}
