import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { invalid } from '../core/errors.ts';
import * as store from './store.ts';

/*
 * A house's discovery setting: list length and how many places are discovery slots
 * (default 2 of 6, PRODUCT.md idea 3). Read on every request, so kept per process for a
 * few seconds; a change shows in every process within that time.
 */

export interface RecommendationSettings {
  listSize: number;
  discoverySlots: number;
  updatedAt: string | null;
}

export const defaultSettings = { listSize: 6, discoverySlots: 2 } as const;
export const listSizeRange = { min: 3, max: 20 } as const;

/** At least one place stays relevant; discovery never takes the whole list. */
export function checkSettings(values: { listSize: number; discoverySlots: number }): void {
  if (values.listSize < listSizeRange.min || values.listSize > listSizeRange.max) throw invalid('listSize', `between ${listSizeRange.min} and ${listSizeRange.max}`);
  if (values.discoverySlots < 0 || values.discoverySlots > values.listSize - 1) throw invalid('discoverySlots', `between 0 and listSize - 1 (${values.listSize - 1})`);
}

/**
 * Discovery slots for a list of another length than the setting's (a mail's three
 * places): the same share, rounded, and at least one when the house wants discovery at all.
 */
export function slotsFor(settings: { listSize: number; discoverySlots: number }, k: number): number {
  if (settings.discoverySlots === 0 || k <= 1) return 0;
  return Math.min(k - 1, Math.max(1, Math.round((settings.discoverySlots * k) / settings.listSize)));
}

const TTL_MS = 5_000;

export function createRecommendationSettings({ database, clock }: { database: Database; clock: Clock }) {
  const cache = new Map<string, { at: number; settings: RecommendationSettings }>();

  async function get(houseId: string): Promise<RecommendationSettings> {
    const now = clock.now().getTime();
    const hit = cache.get(houseId);
    if (hit !== undefined && now - hit.at < TTL_MS && now >= hit.at) return hit.settings;
    const row = await store.findSettings(database.db, houseId);
    const settings = row === undefined ? { ...defaultSettings, updatedAt: null } : { listSize: row.list_size, discoverySlots: row.discovery_slots, updatedAt: row.updated_at };
    cache.set(houseId, { at: now, settings });
    return settings;
  }

  async function put(houseId: string, values: { listSize: number; discoverySlots: number }, actor: string): Promise<RecommendationSettings> {
    checkSettings(values);
    const at = clock.now().toISOString();
    await store.saveSettings(database.db, houseId, values, actor, at);
    const settings = { ...values, updatedAt: at };
    cache.set(houseId, { at: clock.now().getTime(), settings });
    return settings;
  }

  return { get, put };
}

export type RecommendationSettingsService = ReturnType<typeof createRecommendationSettings>;
