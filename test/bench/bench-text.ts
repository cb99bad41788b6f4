/**
 * Shared by the benchmarks: a synthetic Zipf-distributed vocabulary with real words spread over
 * its frequency ranks (so searches range from very common to rare words), and percentiles.
 */

/** Real words every benchmark vocabulary contains; each benchmark appends a few of its own. */
export const COMMON_REAL_WORDS = (
  'deploy review release migration schema relay sync offline cache index search feed summary goal decision blocker handoff customer ' +
  'latency benchmark importer parser onboarding invite token backup restore staging production rollback incident postmortem retro ' +
  'design prototype feedback meeting roadmap estimate budget hiring contract invoice dashboard metrics alert pager kubernetes docker ' +
  'terraform android ios desktop electron react zustand yjs sqlite postgres redis websocket timezone calendar'
).split(' ');

const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'sun', 'ra', 'vel', 'do', 'ne', 'po', 'shi', 'gar', 'tu', 'ben', 'ix', 'qua'];
export const VOCABULARY_SIZE = 5_000;

/** Synthetic words, with `realWords` at ranks 10, 60, 110, …: from very common to rare. */
export function zipfVocabulary(realWords: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; words.length < VOCABULARY_SIZE; i++) {
    let w = '';
    for (let n = i + 1; n > 0; n = Math.floor(n / SYLLABLES.length)) w += SYLLABLES[n % SYLLABLES.length];
    words.push(w);
  }
  realWords.forEach((w, i) => (words[10 + i * 50] = w));
  return words;
}

/** A word drawer with Zipf-like frequencies (rank r drawn about as often as 1/r). */
export function zipfWords(vocabulary: readonly string[], rand: () => number): () => string {
  return () => vocabulary[Math.min(vocabulary.length - 1, Math.floor(Math.exp(rand() * Math.log(vocabulary.length))) - 1)];
}

/** The p-th percentile (nearest rank) of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
