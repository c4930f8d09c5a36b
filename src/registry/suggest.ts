/** "Did you mean" suggestions by edit distance. */

/** Levenshtein distance, with an early exit once the distance exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

/**
 * The closest candidate to `value`, if it is close enough to be a plausible typo: within a third of
 * the value's length, and at least 1. Ties go to the candidate that sorts first, for stable output.
 */
export function closest(value: string, candidateList: Iterable<string>): string | undefined {
  const candidates = [...candidateList];
  const limit = Math.min(12, Math.max(1, Math.floor(value.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = editDistance(value.toLowerCase(), candidate.toLowerCase(), bestDistance);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (bestDistance <= limit) return best;
  // A prefix is a common shorthand ("prod" for "production"): suggest the one candidate it starts.
  const extensions = candidates.filter((c) => value.length >= 3 && c.toLowerCase().startsWith(value.toLowerCase()));
  return extensions.length === 1 ? extensions[0] : undefined;
}

/** ` (did you mean "x"?)` or the empty string. */
export function didYouMean(value: string, candidates: Iterable<string>): string {
  const match = closest(value, candidates);
  return match === undefined ? "" : ` (did you mean ${JSON.stringify(match)}?)`;
}
