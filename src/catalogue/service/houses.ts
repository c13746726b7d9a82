import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { fromJson, toJson } from '../../core/db/json.ts';
import { DomainError, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Scope } from '../../core/auth/model.ts';
import { mergeFields, slugify, slugStem, uniqueSlug } from '../model.ts';
import { type House, type HouseCreateInput, type HousePatchInput, houseCreateInput, housePatchInput } from '../schemas.ts';
import { parseInput } from '../../core/input.ts';
import * as store from '../store/houses.ts';
import type { HouseRow } from '../store/houses.ts';
import { slugRace } from './access.ts';

export function houseFromRow(row: HouseRow): House {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    timeZone: row.time_zone,
    languages: fromJson<string[]>(row.languages, ['de']),
    defaultLanguage: row.default_language,
    currency: row.currency,
    street: row.street,
    postalCode: row.postal_code,
    city: row.city,
    country: row.country,
    website: row.website,
    email: row.email,
    phone: row.phone,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type HouseFields = Omit<House, 'id' | 'createdAt' | 'updatedAt'>;

function checkLanguages(house: HouseFields): void {
  if (!house.languages.includes(house.defaultLanguage)) {
    throw invalid('defaultLanguage', `must be one of the house's languages (${house.languages.join(', ')})`);
  }
}

function columns(house: HouseFields) {
  return {
    slug: house.slug,
    name: house.name,
    time_zone: house.timeZone,
    languages: toJson([...new Set(house.languages)]),
    default_language: house.defaultLanguage,
    currency: house.currency,
    street: house.street,
    postal_code: house.postalCode,
    city: house.city,
    country: house.country,
    website: house.website,
    email: house.email,
    phone: house.phone,
  };
}

function slugTaken(slug: string): DomainError {
  return new DomainError('conflict', `slug: another house already uses ${slug}`, [{ field: 'slug', message: 'taken' }]);
}

export function createHouseService({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;

  async function getHouse(houseId: string): Promise<House> {
    const row = await store.findHouse(db, houseId);
    if (row === undefined) throw notFound('house', houseId);
    return houseFromRow(row);
  }

  /** The house behind a public URL; not_found when no house has that slug. */
  async function getHouseBySlug(slug: string): Promise<House> {
    const row = await store.findHouseBySlug(db, slug);
    if (row === undefined) throw new DomainError('not_found', `no house with the address ${slug}`);
    return houseFromRow(row);
  }

  async function createHouse(input: HouseCreateInput): Promise<House> {
    const parsed = parseInput(houseCreateInput, input);
    const languages = parsed.languages ?? ['de', 'en'];
    const fields: HouseFields = {
      slug: parsed.slug ?? slugify(parsed.name, 'house'),
      name: parsed.name,
      timeZone: parsed.timeZone ?? 'Europe/Berlin',
      languages,
      defaultLanguage: parsed.defaultLanguage ?? languages[0] ?? 'de',
      currency: parsed.currency ?? 'EUR',
      street: parsed.street ?? null,
      postalCode: parsed.postalCode ?? null,
      city: parsed.city ?? null,
      country: parsed.country ?? null,
      website: parsed.website ?? null,
      email: parsed.email ?? null,
      phone: parsed.phone ?? null,
    };
    checkLanguages(fields);
    const id = newId();
    const now = clock.now().toISOString();
    await db
      .transaction()
      .execute(async (trx) => {
        if (parsed.slug === undefined) {
          fields.slug = uniqueSlug(fields.slug, await store.houseSlugsLike(trx, slugStem(fields.slug)));
        } else if ((await store.findHouseBySlug(trx, fields.slug)) !== undefined) {
          throw slugTaken(fields.slug);
        }
        await store.insertHouse(trx, { id, ...columns(fields), created_at: now, updated_at: now });
      })
      .catch(slugRace(() => fields.slug, slugTaken));
    return getHouse(id);
  }

  async function updateHouse(scope: Scope, input: HousePatchInput): Promise<House> {
    const patch = parseInput(housePatchInput, input);
    await db
      .transaction()
      .execute(async (trx) => {
        const row = await store.findHouse(trx, scope.houseId);
        if (row === undefined) throw notFound('house', scope.houseId);
        const { id: _id, createdAt: _c, updatedAt: _u, ...current } = houseFromRow(row);
        const next = mergeFields<HouseFields>(current, patch);
        checkLanguages(next);
        if (next.slug !== current.slug) {
          const holder = await store.findHouseBySlug(trx, next.slug);
          if (holder !== undefined) throw slugTaken(next.slug);
        }
        if (next.currency !== current.currency) {
          const other = (await store.priceCurrencies(trx, scope.houseId)).filter((c) => c !== next.currency);
          if (other.length > 0) {
            throw new DomainError('conflict', `currency: price categories are still in ${other.join(', ')}; change them first`, [
              { field: 'currency', message: 'price categories use another currency' },
            ]);
          }
        }
        await store.updateHouse(trx, scope.houseId, { ...columns(next), updated_at: clock.now().toISOString() });
      })
      .catch(slugRace(() => patch.slug, slugTaken));
    return getHouse(scope.houseId);
  }

  /** Removes a house with everything in it. No route reaches this: see store.deleteHouse. */
  async function deleteHouse(houseId: string): Promise<void> {
    const deleted = await db.transaction().execute((trx) => store.deleteHouse(trx, houseId));
    if (!deleted) throw notFound('house', houseId);
  }

  return {
    createHouse,
    getHouse,
    getHouseBySlug,
    updateHouse,
    deleteHouse,
    listHouses: async () => (await store.listHouses(db)).map(houseFromRow),
    countHouses: () => store.countHouses(db),
  };
}
