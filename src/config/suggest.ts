// Typo hints for flags, config keys and enum values: cheap to compute, and they turn
// "unknown flag" into an answer.

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The candidate closest to `input` if it is plausibly a misspelling of it. */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.toLowerCase();
  const tolerance = Math.max(2, Math.floor(needle.length / 4));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance <= tolerance && (best === undefined || distance < best.distance)) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
}

/** `' (did you mean "x"?)'`, or `''` when nothing is close. */
export function didYouMean(input: string, candidates: readonly string[], render = JSON.stringify): string {
  const match = closestMatch(input, candidates);
  return match === undefined ? '' : ` (did you mean ${render(match)}?)`;
}
