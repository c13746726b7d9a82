import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertConsent, insertContact } from '../../audience/testing.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';
import { type Programme, seedProgramme, sell } from './test-fixtures.ts';

let t: TestApp;
let p: Programme;

beforeEach(async () => {
  t = await createTestApp({ env: { FOYER_PUBLIC_URL: 'https://foyer.example' } });
  p = await seedProgramme(t, t.house.id);
});
afterEach(async () => t.close());

describe('programme blocks', () => {
  it('"this week" lists the performances up to the end of the seventh day in the house’s time zone', async () => {
    const blocks = await t.foyer.services.contentBlocks.forHouse(t.house.id, 'de');
    const titles = blocks.this_week?.items?.map((item) => `${item.title} ${item.date}`);
    expect(titles).toEqual([
      'Carmen Donnerstag, 3. September 2026, 19:30 Uhr',
      'Der zerbrochne Krug Samstag, 5. September 2026, 19:30 Uhr',
      'Schwanensee Montag, 7. September 2026, 23:30 Uhr',
    ]);
    expect(blocks.this_week?.html).toContain('Großes Haus');
    const english = await t.foyer.services.contentBlocks.forHouse(t.house.id, 'en');
    expect(english.this_week?.text).toContain('The Broken Jug');
    expect(english.this_week?.text).toContain('Saturday 5 September 2026, 7:30 pm');
  });

  it('"last tickets" shows the performances of the next two weeks that real sales have nearly filled', async () => {
    const empty = await t.foyer.services.contentBlocks.forHouse(t.house.id, 'de');
    expect(empty.last_tickets?.items).toEqual([]);
    expect(empty.last_tickets?.text).toMatch(/gute Plätze/);

    await sell(t, p.scope, p.carmen.soon, p.stallsId, 88);
    await sell(t, p.scope, p.carmen.later, p.stallsId, 95); // beyond the fortnight
    await sell(t, p.scope, p.carmen.soon, p.stallsId, 0);
    const blocks = await t.foyer.services.contentBlocks.forHouse(t.house.id, 'de');
    expect(blocks.last_tickets?.items).toEqual([expect.objectContaining({ title: 'Carmen', seatsLeft: 12 })]);
    expect(blocks.last_tickets?.html).toContain('nur noch 12 Plätze');
  });

  it('a teaser for a production: escaped text, its dates, the lowest price and a booking link', async () => {
    const blocks = await t.foyer.services.contentBlocks.forHouse(t.house.id, 'de', { productionId: p.carmen.productionId });
    expect(blocks.teaser?.title).toBe('Carmen');
    expect(blocks.teaser?.html).toContain('Freiheit &amp; Eifersucht &lt;neu inszeniert&gt;');
    expect(blocks.teaser?.html).toMatch(/Karten ab 29,00\s€/);
    expect(blocks.teaser?.text).toContain('Donnerstag, 3. September 2026, 19:30 Uhr\nSonntag, 20. September 2026, 19:30 Uhr');
    expect(blocks.teaser?.html).toContain('https://theater-auenstadt.example');
    expect(blocks.teaser?.html).toContain('poster.jpg');
    const english = await t.foyer.services.contentBlocks.forHouse(t.house.id, 'en', { productionId: p.carmen.productionId });
    expect(english.teaser?.text).toContain('Tickets from €29.00');
  });

  it('practical info for a performance: hall, venue address, doors 30 minutes before, cloakroom, public transport', async () => {
    const blocks = await t.foyer.services.contentBlocks.forHouse(t.house.id, 'de', { performanceId: p.krug.performanceId });
    const text = blocks.practical_info?.text ?? '';
    expect(text).toContain('Der zerbrochne Krug');
    expect(text).toContain('Spielstätte: Großes Haus, Theater am Markt, Markt 3, 12345 Auenstadt');
    expect(text).toContain('Einlass ab 19:00 Uhr');
    expect(text).toContain('Garderobe');
    expect(text).toContain('Anreise: Straßenbahn 4 bis Marktplatz');
    const english = await t.foyer.services.contentBlocks.forHouse(t.house.id, 'en', { performanceId: p.krug.performanceId });
    expect(english.practical_info?.text).toContain('Doors open at 7:00 pm');
    expect(english.practical_info?.text).toContain('Getting here: Tram 4');
  });

  it('does not show another house’s programme', async () => {
    const other = await insertTestHouse(t.foyer, { name: 'Oper Nebenan' });
    const blocks = await t.foyer.services.contentBlocks.forHouse(other.id, 'de');
    expect(blocks.this_week?.items).toEqual([]);
    await expect(t.foyer.services.contentBlocks.forHouse(other.id, 'de', { productionId: p.carmen.productionId })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('the default recommendations', () => {
  it('offers what matches the declared interests, and one discovery outside them, explained', async () => {
    const { db } = t.foyer.database;
    const contactId = await insertContact(db, t.house.id, { name: 'Erika Mustermann', interests: ['opera'] });
    await insertConsent(db, t.house.id, contactId, 'newsletter');
    const block = await t.foyer.services.contentBlocks.recommendationsFor(t.house.id, contactId, 'de', 3);
    expect(block.items?.map((item) => [item.title, item.discovery])).toEqual([
      ['Carmen', 0],
      ['Tosca', 0],
      ['Der zerbrochne Krug', 1],
    ]);
    expect(block.text).toContain('Weil Sie sich für Oper interessieren');
    expect(block.text).toContain('Neu für Sie: Komödie');
    const english = await t.foyer.services.contentBlocks.recommendationsFor(t.house.id, contactId, 'en', 3);
    expect(english.text).toContain('New for you: comedy');
    expect(english.text).toContain('The Broken Jug');
  });

  it('without newsletter consent reads no interests and recommends as to anybody', async () => {
    const { db } = t.foyer.database;
    const contactId = await insertContact(db, t.house.id, { interests: ['ballet'] });
    await insertConsent(db, t.house.id, contactId, 'newsletter', { status: 'revoked', revokedAt: '2026-02-01T10:00:00.000Z' });
    const block = await t.foyer.services.contentBlocks.recommendationsFor(t.house.id, contactId, 'de', 2);
    expect(block.items?.map((item) => item.title)).toEqual(['Carmen', 'Der zerbrochne Krug']);
    expect(block.text).toContain('Bald im Spielplan');
  });

  it('never reads a contact of another house', async () => {
    const other = await insertTestHouse(t.foyer);
    const { db } = t.foyer.database;
    const stranger = await insertContact(db, other.id, { interests: ['ballet'] });
    await insertConsent(db, other.id, stranger, 'newsletter');
    const block = await t.foyer.services.contentBlocks.recommendationsFor(t.house.id, stranger, 'de', 1);
    expect(block.items?.map((item) => item.title)).toEqual(['Carmen']);
  });
});
