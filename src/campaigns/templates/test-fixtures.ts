import type { Scope } from '../../core/auth/model.ts';
import type { TestApp } from '../../core/testing/app.ts';

/*
 * A small programme for the template tests, relative to the test clock's start
 * (2026-09-01 08:00 UTC, a Tuesday; 10:00 in Berlin): a venue with directions, one hall
 * of 100 seats, and four productions over the next three weeks.
 */

export interface Programme {
  scope: Scope;
  venueId: string;
  carmen: { productionId: string; soon: string; later: string };
  krug: { productionId: string; performanceId: string };
  schwanensee: { productionId: string; lateMonday: string; afterMidnight: string };
  tosca: { productionId: string; performanceId: string };
  stallsId: string;
}

export async function seedProgramme(t: Pick<TestApp, 'foyer'>, houseId: string): Promise<Programme> {
  const { catalogue } = t.foyer.services;
  const scope = { houseId, unitId: null };
  await catalogue.updateHouse(scope, { street: 'Theaterplatz 1', postalCode: '12345', city: 'Auenstadt', website: 'https://theater-auenstadt.example' });
  const venue = await catalogue.createVenue(scope, {
    name: 'Theater am Markt',
    street: 'Markt 3',
    postalCode: '12345',
    city: 'Auenstadt',
    country: 'DE',
    directions: { de: 'Straßenbahn 4 bis Marktplatz, dann 2 Minuten zu Fuß.', en: 'Tram 4 to Marktplatz, then a 2-minute walk.' },
  });
  const hall = await catalogue.createHall(scope, { venueId: venue.id, name: 'Großes Haus', capacity: 100 });
  const production = (title: { de: string; en: string }, genres: string[], description?: { de: string; en: string }) =>
    catalogue.createProduction(scope, { title, genres, ...(description === undefined ? {} : { description }), imageUrl: 'https://theater-auenstadt.example/poster.jpg' });
  const performance = async (productionId: string, startsAt: string) => (await catalogue.createPerformance(scope, { productionId, startsAt, hallId: hall.id })).id;

  const carmen = await production({ de: 'Carmen', en: 'Carmen' }, ['opera'], { de: 'Bizets Oper über Freiheit & Eifersucht <neu inszeniert>.', en: "Bizet's opera of freedom & jealousy." });
  const stalls = await catalogue.createPriceCategory(scope, { productionId: carmen.id, code: 'I', name: { de: 'Parkett', en: 'Stalls' }, amountMinor: 4800, sortOrder: 1 });
  await catalogue.createPriceCategory(scope, { productionId: carmen.id, code: 'II', name: { de: 'Rang', en: 'Balcony' }, amountMinor: 2900, sortOrder: 2 });
  const krug = await production({ de: 'Der zerbrochne Krug', en: 'The Broken Jug' }, ['comedy']);
  const schwanensee = await production({ de: 'Schwanensee', en: 'Swan Lake' }, ['ballet']);
  const tosca = await production({ de: 'Tosca', en: 'Tosca' }, ['opera']);
  return {
    scope,
    venueId: venue.id,
    stallsId: stalls.id,
    carmen: { productionId: carmen.id, soon: await performance(carmen.id, '2026-09-03T17:30:00.000Z'), later: await performance(carmen.id, '2026-09-20T17:30:00.000Z') },
    krug: { productionId: krug.id, performanceId: await performance(krug.id, '2026-09-05T17:30:00.000Z') },
    // Monday 7 September 23:30 in Berlin is still "this week"; 00:30 on the 8th is not.
    schwanensee: {
      productionId: schwanensee.id,
      lateMonday: await performance(schwanensee.id, '2026-09-07T21:30:00.000Z'),
      afterMidnight: await performance(schwanensee.id, '2026-09-07T22:30:00.000Z'),
    },
    tosca: { productionId: tosca.id, performanceId: await performance(tosca.id, '2026-09-12T17:30:00.000Z') },
  };
}

/** Sells seats at the box office, in batches the desk accepts. */
export async function sell(t: Pick<TestApp, 'foyer'>, scope: Scope, performanceId: string, priceCategoryId: string, seats: number): Promise<void> {
  for (let sold = 0; sold < seats; sold += 10) {
    const quantity = Math.min(10, seats - sold);
    await t.foyer.services.ticketing.sellAtDesk(scope, { items: [{ performanceId, priceCategoryId, quantity }], paymentMethod: 'cash' }, { actor: 'test' });
  }
}
