import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { fromJson, toJson } from '../../core/db/json.ts';
import { DomainError, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { mergeFields } from '../model.ts';
import { parseInput } from '../../core/input.ts';
import {
  type Hall,
  type HallCreateInput,
  type HallPatchInput,
  hallCreateInput,
  hallPatchInput,
  type Venue,
  type VenueCreateInput,
  type VenuePatchInput,
  venueCreateInput,
  venuePatchInput,
} from '../schemas/places.ts';
import * as store from '../store/places.ts';
import { type ListResult, now, type PageInput, pageOf, requireHouseWide, unknownReference } from './access.ts';

/* Venues and their halls: where things take place, with capacities. */

export function venueFromRow(row: store.VenueRow): Venue {
  return {
    id: row.id,
    name: row.name,
    street: row.street,
    postalCode: row.postal_code,
    city: row.city,
    country: row.country,
    latitude: row.latitude,
    longitude: row.longitude,
    directions: { de: row.directions_de, en: row.directions_en },
    sourceRef: row.source_ref,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function hallFromRow(row: store.HallRow): Hall {
  return {
    id: row.id,
    venueId: row.venue_id,
    venueName: row.venue_name,
    name: row.name,
    capacity: row.capacity,
    accessibility: fromJson<string[]>(row.accessibility, []),
    sourceRef: row.source_ref,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const emptyText = { de: null, en: null };

export function createVenueService({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;

  async function getVenue(scope: Scope, id: string): Promise<Venue> {
    const row = await store.findVenue(db, scope.houseId, id);
    if (row === undefined) throw notFound('venue', id);
    return venueFromRow(row);
  }

  async function listVenues(scope: Scope, pageInput?: PageInput): Promise<ListResult<Venue>> {
    const page = pageOf(pageInput);
    const { rows, total } = await store.listVenues(db, scope.houseId, page);
    return { items: rows.map(venueFromRow), total, ...page };
  }

  function venueColumns(venue: Omit<Venue, 'id' | 'sourceRef' | 'createdAt' | 'updatedAt'>) {
    return {
      name: venue.name,
      street: venue.street,
      postal_code: venue.postalCode,
      city: venue.city,
      country: venue.country,
      latitude: venue.latitude,
      longitude: venue.longitude,
      directions_de: venue.directions.de,
      directions_en: venue.directions.en,
    };
  }

  async function createVenue(scope: Scope, input: VenueCreateInput): Promise<Venue> {
    requireHouseWide(scope, 'venues');
    const parsed = parseInput(venueCreateInput, input);
    const id = newId();
    const at = now(clock);
    const directions = parsed.directions ?? emptyText;
    await store.insertVenue(db, {
      id,
      house_id: scope.houseId,
      ...venueColumns({
        name: parsed.name,
        street: parsed.street ?? null,
        postalCode: parsed.postalCode ?? null,
        city: parsed.city ?? null,
        country: parsed.country ?? null,
        latitude: parsed.latitude ?? null,
        longitude: parsed.longitude ?? null,
        directions: { de: directions.de ?? null, en: directions.en ?? null },
      }),
      source_ref: null,
      created_at: at,
      updated_at: at,
    });
    return getVenue(scope, id);
  }

  async function updateVenue(scope: Scope, id: string, input: VenuePatchInput): Promise<Venue> {
    requireHouseWide(scope, 'venues');
    const patch = parseInput(venuePatchInput, input);
    await db.transaction().execute(async (trx) => {
      const row = await store.findVenue(trx, scope.houseId, id);
      if (row === undefined) throw notFound('venue', id);
      const next = mergeFields(venueFromRow(row), patch, ['directions']);
      await store.updateVenue(trx, scope.houseId, id, { ...venueColumns(next), updated_at: now(clock) });
    });
    return getVenue(scope, id);
  }

  async function deleteVenue(scope: Scope, id: string): Promise<void> {
    requireHouseWide(scope, 'venues');
    await db.transaction().execute(async (trx) => {
      if ((await store.findVenue(trx, scope.houseId, id)) === undefined) throw notFound('venue', id);
      const { halls, productions } = await store.venueDependents(trx, scope.houseId, id);
      if (halls > 0) throw new DomainError('conflict', `the venue still has ${halls} hall(s); delete them first`);
      if (productions > 0) throw new DomainError('conflict', `${productions} exhibition(s) are shown at this venue; move them first`);
      await store.deleteVenue(trx, scope.houseId, id);
    });
  }

  // ---------- halls ----------

  async function getHall(scope: Scope, id: string): Promise<Hall> {
    const row = await store.findHall(db, scope.houseId, id);
    if (row === undefined) throw notFound('hall', id);
    return hallFromRow(row);
  }

  async function listHalls(scope: Scope, filter: { venueId?: string | undefined } = {}, pageInput?: PageInput): Promise<ListResult<Hall>> {
    const page = pageOf(pageInput);
    const { rows, total } = await store.listHalls(db, scope.houseId, filter, page);
    return { items: rows.map(hallFromRow), total, ...page };
  }

  async function createHall(scope: Scope, input: HallCreateInput): Promise<Hall> {
    requireHouseWide(scope, 'halls');
    const parsed = parseInput(hallCreateInput, input);
    const id = newId();
    const at = now(clock);
    await db.transaction().execute(async (trx) => {
      if ((await store.findVenue(trx, scope.houseId, parsed.venueId)) === undefined) throw unknownReference('venueId', 'venue');
      await store.insertHall(trx, {
        id,
        house_id: scope.houseId,
        venue_id: parsed.venueId,
        name: parsed.name,
        capacity: parsed.capacity,
        accessibility: toJson([...new Set(parsed.accessibility ?? [])]),
        source_ref: null,
        created_at: at,
        updated_at: at,
      });
    });
    return getHall(scope, id);
  }

  async function updateHall(scope: Scope, id: string, input: HallPatchInput): Promise<Hall> {
    requireHouseWide(scope, 'halls');
    const patch = parseInput(hallPatchInput, input);
    await db.transaction().execute(async (trx) => {
      const row = await store.findHall(trx, scope.houseId, id);
      if (row === undefined) throw notFound('hall', id);
      const next = mergeFields(hallFromRow(row), patch);
      if (next.venueId !== row.venue_id && (await store.findVenue(trx, scope.houseId, next.venueId)) === undefined) {
        throw unknownReference('venueId', 'venue');
      }
      await store.updateHall(trx, scope.houseId, id, {
        venue_id: next.venueId,
        name: next.name,
        capacity: next.capacity,
        accessibility: toJson([...new Set(next.accessibility)]),
        updated_at: now(clock),
      });
    });
    return getHall(scope, id);
  }

  async function deleteHall(scope: Scope, id: string): Promise<void> {
    requireHouseWide(scope, 'halls');
    await db.transaction().execute(async (trx) => {
      if ((await store.findHall(trx, scope.houseId, id)) === undefined) throw notFound('hall', id);
      const performances = await store.countHallPerformances(trx, scope.houseId, id);
      if (performances > 0) throw new DomainError('conflict', `${performances} performance(s) take place in this hall; move or delete them first`);
      await store.deleteHall(trx, scope.houseId, id);
    });
  }

  return {
    listVenues, getVenue, createVenue, updateVenue, deleteVenue,
    listHalls, getHall, createHall, updateHall, deleteHall,
  };
}
