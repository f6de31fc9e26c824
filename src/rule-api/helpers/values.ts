/** Small readers for record fields. */

/** The value when it is a non-empty string: AWS omits a field or leaves it empty to mean the same. */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
