import type { Purpose } from '../audience/model.ts';
import { insertConsent, insertContact, insertInteraction } from '../audience/testing.ts';
import { type Programme, seedProgramme } from '../campaigns/templates/test-fixtures.ts';
import type { TestApp } from '../core/testing/app.ts';

/*
 * A house for the recommendation service tests, on the test clock (2026-09-01 08:00 UTC):
 * the template tests' programme (Carmen and Tosca: opera, the Broken Jug: comedy, Swan
 * Lake: ballet) plus past operas with the same director, and more coming productions in
 * other genres that share a director or conductor with them: bridges for an opera lover's discoveries.
 */

export interface RecommendationHouse extends Programme {
  past: string[];
  hamlet: string;
  jazz: string;
  giselle: string;
  concert: string;
}

export async function seedRecommendationHouse(t: Pick<TestApp, 'foyer'>, houseId: string): Promise<RecommendationHouse> {
  const programme = await seedProgramme(t, houseId);
  const { catalogue } = t.foyer.services;
  const scope = programme.scope;
  const staged = async (title: string, genres: string[], startsAt: string, team: string[] = []) => {
    const production = await catalogue.createProduction(scope, {
      title: { de: title, en: title },
      genres,
      creativeTeam: team.map((name) => ({ name, role: 'Regie' })),
    });
    await catalogue.createPerformance(scope, { productionId: production.id, startsAt });
    return production.id;
  };
  const past = [
    await staged('Aida', ['opera'], '2026-03-10T18:00:00.000Z', ['Ruth Berghaus']),
    await staged('La Bohème', ['opera'], '2026-04-12T18:00:00.000Z', ['Ruth Berghaus']),
    await staged('Nabucco', ['opera'], '2026-05-14T18:00:00.000Z', ['Kirill Petrenko']),
  ];
  return {
    ...programme,
    past,
    hamlet: await staged('Hamlet', ['drama'], '2026-09-15T18:00:00.000Z', ['Ruth Berghaus']),
    jazz: await staged('Jazznacht', ['jazz'], '2026-09-16T18:00:00.000Z', ['Kirill Petrenko']),
    giselle: await staged('Giselle', ['ballet'], '2026-09-18T18:00:00.000Z'),
    concert: await staged('Sinfoniekonzert', ['orchestral'], '2026-09-19T18:00:00.000Z', ['Kirill Petrenko']),
  };
}

/** A person who booked the house's past operas, with the given consents. */
export async function addOperaLover(t: Pick<TestApp, 'foyer'>, houseId: string, house: RecommendationHouse, purposes: readonly Purpose[], interests: string[] = []): Promise<string> {
  const { db } = t.foyer.database;
  const contactId = await insertContact(db, houseId, { interests });
  for (const purpose of purposes) await insertConsent(db, houseId, contactId, purpose);
  for (const [i, productionId] of house.past.entries()) {
    await insertInteraction(db, houseId, contactId, 'booking', { productionId, occurredAt: `2026-0${3 + i}-01T10:00:00.000Z` });
  }
  return contactId;
}
