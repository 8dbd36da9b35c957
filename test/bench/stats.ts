/** The median of a list of measurements. */
export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * One pair of measurements, the order alternating with `round` so that neither side always runs
 * on a warmer heap or cache. Returns `[a, b]`.
 */
export function measurePair<T>(round: number, a: () => T, b: () => T): [T, T] {
  if (round % 2 === 0) {
    const first = a();
    return [first, b()];
  }
  const second = b();
  return [a(), second];
}
