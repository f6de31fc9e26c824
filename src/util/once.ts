/** A value made on first use and kept: schema validators cost start-up time that most commands never need. */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
