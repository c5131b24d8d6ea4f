import { describe, expect, it } from 'vitest';
import { parseCsv, routingDataFromRows } from '../../bench/routing-data.js';
import { averagePgr, callPerformanceThreshold, pgrCurve } from '../../bench/routing-metrics.js';
import { oraclePoints } from '../../bench/routing.js';

// Four prompts. Weak right on 1 and 4, strong right on 1, 2 and 4: Q_weak 0.5, Q_strong 0.75.
const csv = [
  'prompt,weak-model,strong-model,weak-model_response',
  '"Say hi, politely",True,True,Hi',
  '"Two lines:\nwhat is 2 + 2?",False,True,5',
  'An impossible question,0,0,?',
  'Name a colour,1,1,Red',
].join('\n');

describe('routing replay metrics', () => {
  it('reads the CSV format: quoted commas and line breaks, booleans or numbers, the weak response', () => {
    const data = routingDataFromRows(parseCsv(csv), 'tiny');
    expect(data.weakModel).toBe('weak-model');
    expect(data.strongModel).toBe('strong-model');
    expect(data.items.map((item) => [item.weak, item.strong])).toEqual([[1, 1], [0, 1], [0, 0], [1, 1]]);
    expect(data.items[1]?.prompt).toBe('Two lines:\nwhat is 2 + 2?');
    expect(data.items[1]?.weakResponse).toBe('5');
  });

  it('gives the APGR and CPT worked out by hand', () => {
    // By hand: share 0 → PGR 0; share 0.5 (prompts 2 and 3 strong) → quality 0.75, PGR 1; share 1 → PGR 1.
    // Area: 0.5 × (0 + 1) / 2 + 0.5 × (1 + 1) / 2 = 0.75; PGR reaches 0.5 halfway to the second point: CPT(50%) = 0.25.
    const curve = pgrCurve([{ strongShare: 1, quality: 0.75 }, { strongShare: 0, quality: 0.5 }, { strongShare: 0.5, quality: 0.75 }], 0.5, 0.75);
    expect(curve.map((point) => point.share)).toEqual([0, 0.5, 1]);
    expect(averagePgr(curve)).toBeCloseTo(0.75, 10);
    expect(callPerformanceThreshold(curve, 0.5)).toBeCloseTo(0.25, 10);
    expect(callPerformanceThreshold(curve, 1.5)).toBeUndefined();
  });

  it('puts the oracle where it must be on the tiny file', () => {
    // The oracle sends prompt 2 first (only the strong model gets it): at share 0.25 PGR is already 1.
    // Area: 0.25 × 0.5 + 0.75 × 1 = 0.875; CPT(50%) = 0.125.
    const data = routingDataFromRows(parseCsv(csv), 'tiny');
    const curve = pgrCurve(oraclePoints(data.items, [0, 0.25, 0.5, 0.75, 1]), 0.5, 0.75);
    expect(curve.map((point) => point.pgr)).toEqual([0, 1, 1, 1, 1]);
    expect(averagePgr(curve)).toBeCloseTo(0.875, 10);
    expect(callPerformanceThreshold(curve, 0.5)).toBeCloseTo(0.125, 10);
  });
});
