import type { CatalogueService } from '../../catalogue/service.ts';
import { genres } from '../../catalogue/genres.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { catalogueVersion } from '../../recommend/store.ts';
import type { KnowledgeBase } from '../knowledge/service.ts';
import type { KnowledgeEntry } from '../knowledge/model.ts';
import type { GenreForUnderstanding, ProductionForUnderstanding, Understander, UnderstandingInput } from '../nlu/types.ts';

/*
 * One trained understander per house and process, the pattern of recommend/fits.ts: the
 * first message of a house trains (it has nothing else to answer from); afterwards every
 * message answers from the cache, and when the knowledge base's or the catalogue's
 * version moved a new one is trained in the background while messages keep using the
 * old one. The versions are read at most once per versionTtlMs.
 */

export interface HouseUnderstanding {
  understander: Understander;
  /** The knowledge entries it was trained on, by id: the answers with their links. */
  entries: Map<string, KnowledgeEntry>;
  version: string;
}

export type Train = (input: UnderstandingInput) => Promise<Understander>;

export interface UnderstanderCacheOptions {
  database: Database;
  clock: Clock;
  catalogue: Pick<CatalogueService, 'listProductions'>;
  knowledge: Pick<KnowledgeBase, 'list' | 'version'>;
  train: Train;
  versionTtlMs?: number;
  onError?: (error: unknown, houseId: string) => void;
}

/** Genre names in both languages and the importers' words, for matching "Oper" or "ballet" to a code. */
export const genresForUnderstanding: readonly GenreForUnderstanding[] = genres.map((genre) => ({
  code: genre.code,
  names: [...new Set([genre.de.toLowerCase(), genre.en.toLowerCase(), ...genre.words])],
}));

export function createUnderstanderCache(options: UnderstanderCacheOptions) {
  const { database, clock, catalogue, knowledge, train } = options;
  const versionTtlMs = options.versionTtlMs ?? 5_000;
  const cache = new Map<string, HouseUnderstanding>();
  const versionReadAt = new Map<string, number>();
  const training = new Map<string, Promise<HouseUnderstanding>>();

  async function versionOf(houseId: string): Promise<string> {
    const [kb, catalogueV] = await Promise.all([knowledge.version(houseId), catalogueVersion(database.db, houseId)]);
    return `${kb}|${catalogueV}`;
  }

  async function build(houseId: string): Promise<HouseUnderstanding> {
    const version = await versionOf(houseId);
    const scope = { houseId, unitId: null };
    const entries = await knowledge.list(houseId);
    // Every production of the house helps matching a title; booking later narrows to what is on sale.
    const productions: ProductionForUnderstanding[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await catalogue.listProductions(scope, {}, { limit: 500, offset });
      for (const production of page.items) {
        const titles = [production.title.de, production.title.en].filter((title): title is string => title !== null && title !== '');
        productions.push({ id: production.id, titles: [...new Set(titles)], genres: production.genres });
      }
      if (offset + page.items.length >= page.total || page.items.length === 0) break;
    }
    const understander = await train({
      knowledge: entries.map((entry) => ({ id: entry.id, topic: entry.topic, questions: entry.questions, answer: entry.answer })),
      productions,
      genres: genresForUnderstanding,
    });
    const result: HouseUnderstanding = { understander, entries: new Map(entries.map((entry) => [entry.id, entry])), version };
    cache.set(houseId, result);
    versionReadAt.set(houseId, clock.now().getTime());
    return result;
  }

  /** Trains once even when many messages ask at the same moment. */
  function retrain(houseId: string): Promise<HouseUnderstanding> {
    let running = training.get(houseId);
    if (running === undefined) {
      running = build(houseId).finally(() => training.delete(houseId));
      training.set(houseId, running);
    }
    return running;
  }

  async function isStale(houseId: string, current: HouseUnderstanding, now: number): Promise<boolean> {
    const readAt = versionReadAt.get(houseId) ?? 0;
    if (now - readAt < versionTtlMs && now >= readAt) return false;
    versionReadAt.set(houseId, now);
    return (await versionOf(houseId)) !== current.version;
  }

  return {
    async get(houseId: string): Promise<HouseUnderstanding> {
      const current = cache.get(houseId);
      if (current === undefined) return retrain(houseId);
      if (!training.has(houseId) && (await isStale(houseId, current, clock.now().getTime()))) {
        retrain(houseId).catch((error: unknown) => options.onError?.(error, houseId));
      }
      return current;
    },
    /** Trains now and waits: tests that changed the knowledge base or the catalogue. */
    refresh: retrain,
  };
}

export type UnderstanderCache = ReturnType<typeof createUnderstanderCache>;
