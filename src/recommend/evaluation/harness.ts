import type { Item, Recommender } from '../types.ts';
import { createSimilarityIndex } from '../similarity.ts';
import { calibrationKL, comfortGenres, genreDistribution } from './bubble.ts';
import {
  catalogueCoverage,
  exposureCounts,
  gini,
  intraListDiversity,
  meanOf,
  ndcgAt,
  novelty,
  recallAt,
  serendipity,
  unexpectedness,
} from './metrics.ts';
import type { SimilarityFactory } from './similarity.ts';
import { type EvaluationData, temporalSplit } from './split.ts';

/*
 * The evaluation harness: one temporal split, every method fitted on the same training
 * data, a top-10 list for every test user among the items bookable after the cut, and
 * every metric per method. One run, one data set: the goals compare methods side by side.
 */

export const metricKeys = ['ndcg10', 'recall10', 'ild', 'novelty', 'unexpectedness', 'serendipity', 'coverage', 'gini', 'calibrationKL'] as const;
export type MetricKey = (typeof metricKeys)[number];
export type EvaluationRow = { method: string } & Record<MetricKey, number>;

export interface EvaluationResult {
  rows: EvaluationRow[];
  testUsers: number;
  coldStartUsers: number;
  candidates: number;
  trainInteractions: number;
}

export interface HarnessOptions {
  k?: number;
  /** Discovery slots asked of the methods that have them (default 3 of 10, the house default of 2 of 6 scaled). */
  discoverySlots?: number;
  /** The ruler for ILD and unexpectedness, the same for every method; default the recommender's own index (recommend/similarity.ts). */
  similarity?: SimilarityFactory;
  /** The share of a history's genre mass that makes the comfort zone (serendipity, default 0.8). */
  comfortMass?: number;
}

export function evaluate(source: EvaluationData, methods: readonly Recommender[], options: HarnessOptions = {}): EvaluationResult {
  const k = options.k ?? 10;
  const split = temporalSplit(source);
  const items = new Map<string, Item>(split.train.items.map((item) => [item.id, item]));
  const index = (options.similarity ?? createSimilarityIndex)(split.train.items);
  const users = new Set(split.train.interactions.map((i) => i.userId)).size;
  const usersPerItem = new Map<string, number>();
  for (const [, seen] of split.history) for (const id of seen) usersPerItem.set(id, (usersPerItem.get(id) ?? 0) + 1);
  const testUsers = [...split.relevant.keys()].sort();

  const rows = methods.map((method): EvaluationRow => {
    const fitted = method.fit(split.train);
    const lists: string[][] = [];
    const per = { ndcg10: [], recall10: [], ild: [], novelty: [], unexpectedness: [], serendipity: [], calibrationKL: [] } as Record<
      Exclude<MetricKey, 'coverage' | 'gini'>,
      (number | null)[]
    >;
    for (const userId of testUsers) {
      const history = split.history.get(userId) ?? [];
      const relevant = split.relevant.get(userId) ?? new Set<string>();
      const list = fitted
        .recommend({
          subject: { kind: 'contact', userId },
          k,
          discoverySlots: options.discoverySlots ?? 3,
          candidates: split.candidates,
          exclude: new Set(history),
          language: 'de',
        })
        .slice(0, k)
        .map((r) => r.itemId);
      lists.push(list);
      per.ndcg10.push(ndcgAt(k, list, relevant));
      per.recall10.push(recallAt(k, list, relevant));
      per.ild.push(intraListDiversity(list, index));
      per.novelty.push(novelty(list, usersPerItem, users));
      per.unexpectedness.push(unexpectedness(list, history, index));
      const historyGenres = genreDistribution(history, items);
      const comfort = comfortGenres(historyGenres, options.comfortMass);
      const outside = (id: string) => !(items.get(id)?.genres ?? []).some((g) => comfort.has(g));
      per.serendipity.push(serendipity(list, history.length > 0, relevant, outside));
      per.calibrationKL.push(calibrationKL(historyGenres, genreDistribution(list, items)));
    }
    return {
      method: method.name,
      ndcg10: meanOf(per.ndcg10),
      recall10: meanOf(per.recall10),
      ild: meanOf(per.ild),
      novelty: meanOf(per.novelty),
      unexpectedness: meanOf(per.unexpectedness),
      serendipity: meanOf(per.serendipity),
      coverage: catalogueCoverage(lists, split.candidates),
      gini: gini(exposureCounts(lists, split.candidates)),
      calibrationKL: meanOf(per.calibrationKL),
    };
  });
  return {
    rows,
    testUsers: testUsers.length,
    coldStartUsers: split.coldStartUsers,
    candidates: split.candidates.size,
    trainInteractions: split.train.interactions.length,
  };
}

/** A fixed-width table for the terminal, one row per method. */
export function formatTable(result: EvaluationResult): string[] {
  const header = ['method', ...metricKeys];
  const body = result.rows.map((row) => [row.method, ...metricKeys.map((key) => row[key].toFixed(4))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [
    line(header),
    ...body.map(line),
    '',
    `${result.testUsers} test users (${result.coldStartUsers} cold start), ${result.candidates} candidate items, ${result.trainInteractions} training interactions.`,
  ];
}
