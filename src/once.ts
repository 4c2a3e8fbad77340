/** A value made on first use and kept: work a cold start may never need, done only when a request needs it. */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
