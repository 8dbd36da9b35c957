/*
 * "Did you mean …?" for names that must match a declared one (scopes, groups, attributes): the
 * Levenshtein distance, and the closest candidate when it is close enough to be a likely typo.
 */

/** The Levenshtein distance: the fewest single-character insertions, deletions and substitutions from `a` to `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The largest distance still taken for a typo of `value`: 2, or a third of its length when longer. */
export function maxTypoDistance(value: string): number {
  return Math.max(2, Math.floor(value.length / 3));
}

/**
 * The candidate closest to `value` (the first of equally close ones), when its distance is at most
 * `maxTypoDistance(value)`; `aliases` gives other spellings a candidate answers to (a scope's short name).
 */
export function closest(value: string, candidates: string[], aliases: (candidate: string) => string[] = () => []): string | undefined {
  let best: string | undefined;
  let bestDistance = maxTypoDistance(value) + 1;
  for (const candidate of candidates) {
    const distance = Math.min(...[candidate, ...aliases(candidate)].map((spelling) => editDistance(value, spelling)));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `; did you mean "<closest>"?`, or `otherwise` when no candidate is close. */
export function didYouMean(value: string, candidates: string[], otherwise: string, aliases?: (candidate: string) => string[]): string {
  const match = closest(value, candidates, aliases);
  return match !== undefined && match !== value ? `; did you mean "${match}"?` : otherwise;
}
