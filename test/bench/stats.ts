/** The median of a list of measurements. */
export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * One measurement of each function, the order rotating with `round` so that none always runs on a
 * warmer heap or cache. Returns the results in the functions' order.
 */
export function measureRotated<T>(round: number, runs: Array<() => T>): T[] {
  const results: T[] = new Array(runs.length);
  for (let k = 0; k < runs.length; k++) {
    const i = (round + k) % runs.length;
    results[i] = runs[i]();
  }
  return results;
}

/** One pair of measurements, alternating which runs first (see `measureRotated`). Returns `[a, b]`. */
export function measurePair<T>(round: number, a: () => T, b: () => T): [T, T] {
  const [first, second] = measureRotated(round, [a, b]);
  return [first, second];
}
