import type { Scope } from '../core/auth/model.ts';
import type { TestApp } from '../core/testing/app.ts';

/* Shared set-up for the catalogue's tests: a venue with two halls and two units in a house. */

export function houseScope(t: TestApp, houseId = t.house.id): Scope {
  return { houseId, unitId: null };
}

export async function seedPlaces(t: TestApp, houseId = t.house.id) {
  const { catalogue } = t.foyer.services;
  const scope = houseScope(t, houseId);
  const venue = await catalogue.createVenue(scope, { name: 'Theater am Markt', city: 'Musterstadt', country: 'DE' });
  const bigHall = await catalogue.createHall(scope, { venueId: venue.id, name: 'Großes Haus', capacity: 720 });
  const studio = await catalogue.createHall(scope, { venueId: venue.id, name: 'Studio', capacity: 99 });
  const young = await catalogue.createUnit(scope, { name: { de: 'Junges Theater', en: 'Young theatre' } });
  const museum = await catalogue.createUnit(scope, { name: { de: 'Stadtmuseum', en: 'City museum' } });
  return { scope, venue, bigHall, studio, young, museum };
}

/** One request through the whole HTTP stack; returns status and parsed body. */
export async function call<T = unknown>(t: TestApp, headers: Record<string, string>, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) {
  const response = await t.foyer.http.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  // The caller names the body's type (a DTO, a list of them); error bodies are checked with toMatchObject.
  const body = (response.body === '' ? null : response.json()) as T;
  return { status: response.statusCode, body };
}
