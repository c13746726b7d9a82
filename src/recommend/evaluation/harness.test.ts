import { describe, expect, it } from 'vitest';
import { contentRecommender, foyerRecommender } from '../foyer.ts';
import { itemKnnMmrRecommender, itemKnnRecommender, popularityRecommender } from './baselines.ts';
import { evaluate, formatTable, metricKeys } from './harness.ts';
import { evaluationMethods } from './methods.ts';
import { simulatedEvaluationData, simulateHouse } from './simulator.ts';

// A small house: seconds, not minutes. The structure and the ranges are under test, not the figures.
const house = simulateHouse({ seed: 7, people: 80, seasons: 3, productionsPerSeason: 24 });
const result = evaluate(simulatedEvaluationData(house), evaluationMethods());

describe('the evaluation harness on a small simulated house', () => {
  it('gives one row per method, in the order of the issue, with every metric as a finite number', () => {
    expect(result.rows.map((row) => row.method)).toEqual(['popularity', 'content', 'item-knn', 'item-knn-mmr', 'foyer']);
    for (const row of result.rows) {
      expect(Object.keys(row).sort()).toEqual(['method', ...metricKeys].sort());
      for (const key of metricKeys) expect(Number.isFinite(row[key])).toBe(true);
    }
    expect(result.testUsers).toBeGreaterThan(0);
  });

  it.each(result.rows)('keeps $method within the ranges of its metrics', (row) => {
    for (const key of ['ndcg10', 'recall10', 'ild', 'unexpectedness', 'serendipity', 'coverage', 'gini'] as const) {
      expect(row[key]).toBeGreaterThanOrEqual(0);
      expect(row[key]).toBeLessThanOrEqual(1);
    }
    expect(row.novelty).toBeGreaterThanOrEqual(0);
    expect(row.calibrationKL).toBeGreaterThanOrEqual(0);
  });

  it('shows popularity with the lowest catalogue coverage', () => {
    const popularity = result.rows.find((row) => row.method === 'popularity')?.coverage ?? 1;
    for (const row of result.rows) expect(row.coverage).toBeGreaterThanOrEqual(popularity);
  });

  it('runs the same methods to the same figures (no hidden chance)', () => {
    const again = evaluate(simulatedEvaluationData(simulateHouse({ seed: 7, people: 80, seasons: 3, productionsPerSeason: 24 })), [
      popularityRecommender(),
      contentRecommender(),
      itemKnnRecommender(),
      itemKnnMmrRecommender(),
      foyerRecommender(),
    ]);
    expect(again.rows).toEqual(result.rows);
  });

  it('prints a table with a line per method', () => {
    const lines = formatTable(result);
    expect(lines[0]).toMatch(/^method\s+ndcg10\s+recall10/);
    expect(lines.slice(1, 6).map((line) => line.split(/\s+/)[0])).toEqual(['popularity', 'content', 'item-knn', 'item-knn-mmr', 'foyer']);
  });
});
