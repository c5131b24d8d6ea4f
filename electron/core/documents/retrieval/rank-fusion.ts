/**
 * Reciprocal rank fusion: each ranking gives a chunk 1 / (k + rank), the sums decide. It needs
 * no calibration between BM25 scores and cosines, which live on unrelated scales; k = 60 is the
 * value of the paper that proposed it (Cormack, Clarke and Büttcher, SIGIR 2009).
 */
import type { RetrievedChunk } from './keyword-search.js';

export const defaultFusionConstant = 60;

export function fuseRankings(rankings: readonly (readonly RetrievedChunk[])[], limit: number, constant = defaultFusionConstant): RetrievedChunk[] {
  const fused = new Map<number, RetrievedChunk>();
  for (const ranking of rankings) {
    ranking.forEach((chunk, rank) => {
      const score = 1 / (constant + rank + 1);
      const seen = fused.get(chunk.id);
      fused.set(chunk.id, seen ? { ...seen, score: seen.score + score } : { ...chunk, score });
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.id - b.id).slice(0, limit);
}
