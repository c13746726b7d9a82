import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { notFound } from '../core/errors.ts';
import { type HouseCatalogue, loadHouseCatalogue } from './catalogue-data.ts';
import { foyerRecommender } from './foyer.ts';
import * as store from './store.ts';
import type { FittedRecommender, Recommender } from './types.ts';

/*
 * One fitted recommender per house and process. The first request for a house fits (it
 * has nothing else to answer from); afterwards every request answers from the cache, and
 * a stale fit (the catalogue version moved, or refitMs passed for new interactions and
 * consents) is replaced in the background while requests keep using the old one. The
 * version is read at most once per versionTtlMs, so a burst of requests costs one query.
 */

export interface HouseFit extends HouseCatalogue {
  fitted: FittedRecommender;
  version: string;
  fittedAt: number;
}

export interface FitCacheOptions {
  database: Database;
  clock: Clock;
  recommender?: Recommender;
  /** New interactions and consents are learned after this long (default 10 minutes). */
  refitMs?: number;
  /** How long one reading of the catalogue version serves (default 5 s). */
  versionTtlMs?: number;
  onError?: (error: unknown, houseId: string) => void;
}

export function createFitCache(options: FitCacheOptions) {
  const { database, clock } = options;
  const recommender = options.recommender ?? foyerRecommender();
  const refitMs = options.refitMs ?? 10 * 60_000;
  const versionTtlMs = options.versionTtlMs ?? 5_000;
  const fits = new Map<string, HouseFit>();
  const versionReadAt = new Map<string, number>();
  const fitting = new Map<string, Promise<HouseFit>>();

  async function fit(houseId: string): Promise<HouseFit> {
    const now = clock.now();
    const version = await store.catalogueVersion(database.db, houseId);
    const catalogue = await loadHouseCatalogue(database.db, houseId, now);
    if (catalogue === undefined) throw notFound('house', houseId);
    const result: HouseFit = { ...catalogue, fitted: recommender.fit(catalogue.data), version, fittedAt: now.getTime() };
    fits.set(houseId, result);
    versionReadAt.set(houseId, now.getTime());
    return result;
  }

  /** Fits once even when many ask at the same moment. */
  function refit(houseId: string): Promise<HouseFit> {
    let running = fitting.get(houseId);
    if (running === undefined) {
      running = fit(houseId).finally(() => fitting.delete(houseId));
      fitting.set(houseId, running);
    }
    return running;
  }

  async function isStale(houseId: string, current: HouseFit, now: number): Promise<boolean> {
    if (now - current.fittedAt >= refitMs || now < current.fittedAt) return true;
    if (now - (versionReadAt.get(houseId) ?? 0) < versionTtlMs) return false;
    versionReadAt.set(houseId, now);
    return (await store.catalogueVersion(database.db, houseId)) !== current.version;
  }

  return {
    /** The house's fit: cached, or fitted now when the house has none yet. */
    async get(houseId: string): Promise<HouseFit> {
      const current = fits.get(houseId);
      if (current === undefined) return refit(houseId);
      if (!fitting.has(houseId) && (await isStale(houseId, current, clock.now().getTime()))) {
        refit(houseId).catch((error: unknown) => options.onError?.(error, houseId));
      }
      return current;
    },
    /** Fits now and waits: the refit job, and tests that changed the data. */
    refresh: refit,
    /** The houses this process holds a fit for. */
    houses: () => [...fits.keys()],
    /** When this process fitted the house (ms), undefined when it holds no fit: the nightly refit asks. */
    fittedAt: (houseId: string): number | undefined => fits.get(houseId)?.fittedAt,
  };
}

export type FitCache = ReturnType<typeof createFitCache>;
