/**
 * RouteLLM's cost–quality figures from points (share of strong calls, quality): PGR, its area
 * (APGR, by trapezoids over the realised share) and CPT(x), the share where PGR first reaches x.
 */
export interface CurvePoint {
  /** Realised share of prompts sent to the strong model, 0..1. */
  strongShare: number;
  /** Mean outcome of the answers kept. */
  quality: number;
}

export function performanceGapRecovered(quality: number, weakQuality: number, strongQuality: number): number {
  const gap = strongQuality - weakQuality;
  return gap === 0 ? 0 : (quality - weakQuality) / gap;
}

/** Points as (share, PGR), sorted by share. */
export function pgrCurve(points: CurvePoint[], weakQuality: number, strongQuality: number): Array<{ share: number; pgr: number }> {
  return points
    .map((point) => ({ share: point.strongShare, pgr: performanceGapRecovered(point.quality, weakQuality, strongQuality) }))
    .sort((left, right) => left.share - right.share);
}

/** The trapezoid area under PGR against the share; the curve should span shares 0 to 1 (all-weak to all-strong). */
export function averagePgr(curve: Array<{ share: number; pgr: number }>): number {
  let area = 0;
  for (let index = 1; index < curve.length; index += 1) {
    const left = curve[index - 1]!;
    const right = curve[index]!;
    area += ((right.share - left.share) * (left.pgr + right.pgr)) / 2;
  }
  return area;
}

/** The share at which PGR first reaches `target`, interpolated between the points around it; undefined if never. */
export function callPerformanceThreshold(curve: Array<{ share: number; pgr: number }>, target: number): number | undefined {
  for (let index = 0; index < curve.length; index += 1) {
    const point = curve[index]!;
    if (point.pgr < target) continue;
    const previous = curve[index - 1];
    if (!previous || point.pgr === previous.pgr) return point.share;
    return previous.share + ((target - previous.pgr) / (point.pgr - previous.pgr)) * (point.share - previous.share);
  }
  return undefined;
}

export function meanAndSpread(values: number[]): { mean: number; spread: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return { mean, spread: Math.sqrt(variance) };
}
