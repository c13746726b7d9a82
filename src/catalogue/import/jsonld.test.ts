import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJsonLd } from './jsonld.ts';
import type { ImportBatch, ImportedPerformance, ImportedProduction, ParseOptions } from './model.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/import/${name}`, import.meta.url), 'utf8');
const options: ParseOptions = { timeZone: 'Europe/Berlin', language: 'de', now: new Date('2026-09-01T00:00:00Z') };

function performance(batch: ImportBatch, ref: string): ImportedPerformance {
  const found = batch.performances.find((p) => p.ref === ref);
  if (found === undefined) throw new Error(`no performance ${ref} in ${batch.performances.map((p) => p.ref).join(', ')}`);
  return found;
}

function production(batch: ImportBatch, ref: string): ImportedProduction {
  const found = batch.productions.find((p) => p.ref === ref);
  if (found === undefined) throw new Error(`no production ${ref} in ${batch.productions.map((p) => p.ref).join(', ')}`);
  return found;
}

describe('JSON-LD import from a theatre page', () => {
  const batch = parseJsonLd(fixture('theatre-programme.html'), options);
  const faust = 'https://theater.example/stuecke/faust';

  it('reads every ld+json block of the page and skips only the broken one, saying why', () => {
    expect(batch.skipped).toHaveLength(1);
    expect(batch.skipped[0]?.where).toBe('script block 3');
    expect(batch.skipped[0]?.reason).toMatch(/^is not valid JSON \(.+\): the block is left out$/);
    expect(batch.productions.map((p) => p.ref)).toEqual([faust, 'title:sacre', 'title:die kleine hexe']);
  });

  it('makes the work presented the production, with the performances of all its events', () => {
    expect(production(batch, faust)).toMatchObject({
      title: { de: 'Faust. Der Tragödie erster Teil' },
      description: { de: 'Goethes Drama über den Gelehrten, der mehr will.\nNeu inszeniert.' },
      genres: ['drama'],
      durationMinutes: 165,
      performanceLanguage: 'de',
      imageUrl: 'https://theater.example/img/faust.jpg',
      creativeTeam: [
        { name: 'Johann Wolfgang von Goethe', role: 'author' },
        { name: 'Petra Regie', role: 'director' },
      ],
    });
    expect(batch.performances.filter((p) => p.productionRef === faust)).toHaveLength(4);
  });

  it('reads performers given as Person, Role and plain text', () => {
    expect(production(batch, faust).performers).toEqual([{ name: 'Anna Beispiel' }, { name: 'Max Muster', role: 'Mephisto' }, { name: 'Ensemble des Stadttheaters' }]);
  });

  it('reads offsets with and without a colon', () => {
    expect(performance(batch, 'https://theater.example/termine/faust-2026-12-19').startsAt).toBe('2026-12-19T18:30:00.000Z');
    expect(performance(batch, 'https://theater.example/termine/faust-2026-12-23').startsAt).toBe('2026-12-23T18:30:00.000Z');
  });

  it('reads offers: several prices, comma decimals, currency, booking link, sold out', () => {
    expect(performance(batch, 'https://theater.example/termine/faust-2026-12-19')).toMatchObject({
      status: 'scheduled',
      bookingUrl: 'https://tickets.example/faust/1219',
      prices: [
        { name: 'Parkett', amountMinor: 3850, currency: 'EUR' },
        { name: 'Rang', amountMinor: 2400, currency: 'EUR' },
      ],
    });
    expect(performance(batch, 'https://theater.example/termine/faust-2026-12-23')).toMatchObject({
      status: 'sold_out',
      prices: [{ name: 'Standard', amountMinor: 3850, currency: 'EUR' }],
    });
  });

  it('reads a Place by reference, with its postal address and coordinates', () => {
    expect(batch.venues[0]).toEqual({
      ref: 'https://theater.example/#grosses-haus',
      name: 'Großes Haus',
      street: 'Theaterplatz 1',
      postalCode: '12345',
      city: 'Beispielstadt',
      country: 'DE',
      latitude: 52.5163,
      longitude: 13.3777,
      where: 'script block 2, @graph[2]',
    });
  });

  it('marks cancelled events cancelled and keeps a rescheduled one under the ref of its previous date', () => {
    expect(performance(batch, `${faust}@2027-01-08T18:30:00.000Z`).status).toBe('cancelled');
    expect(performance(batch, `${faust}@2027-01-14T18:30:00.000Z`)).toMatchObject({ status: 'rescheduled', startsAt: '2027-01-15T19:00:00.000Z' });
  });

  it('imports a postponed event as cancelled on its date and warns', () => {
    expect(performance(batch, 'title:sacre@2027-02-01T19:00:00.000Z').status).toBe('cancelled');
    expect(batch.warnings).toEqual([
      { where: 'script block 2, @graph[6]', message: 'postponed (EventPostponed) without a new date: imported as cancelled on the date the page gives' },
    ]);
  });

  it('reads a block wrapped in CDATA: age range, a hall inside a venue, an image list, an AggregateOffer', () => {
    expect(production(batch, 'title:die kleine hexe')).toMatchObject({
      genres: ['children_theatre'],
      audience: 'children',
      ageMin: 6,
      ageMax: 12,
      imageUrl: 'https://theater.example/img/hexe-1.jpg',
    });
    expect(performance(batch, 'title:die kleine hexe@2026-12-06T10:00:00.000Z')).toMatchObject({
      endsAt: '2026-12-06T11:10:00.000Z',
      venueRef: 'Kulturhaus am Markt',
      hallName: 'Studiobühne',
      prices: [
        { name: 'Kinder', amountMinor: 950, currency: 'EUR' },
        { name: 'Erwachsene', amountMinor: 1400, currency: 'EUR' },
      ],
    });
    expect(batch.venues.find((v) => v.ref === 'Kulturhaus am Markt')).toMatchObject({ street: 'Marktplatz 3', postalCode: '12345', city: 'Beispielstadt' });
  });
});

describe('JSON-LD import from a JSON document', () => {
  it('makes a festival a tag and genre of its events, which share its location when they name none', () => {
    const batch = parseJsonLd(fixture('festival.jsonld'), options);
    expect(batch.productions.map((p) => p.ref)).toEqual(['title:bolero', 'title:festivalkonzert', 'title:festivalparty']);
    expect(production(batch, 'title:bolero')).toMatchObject({
      genres: ['contemporary_dance', 'festival'],
      tags: ['Tanzfestival Beispielstadt 2027'],
      performers: [{ name: 'Compagnie Exemple' }],
    });
    expect(batch.performances.filter((p) => p.productionRef === 'title:bolero').map((p) => p.startsAt)).toEqual(['2027-05-01T18:00:00.000Z', '2027-05-02T16:00:00.000Z']);
    expect(performance(batch, 'title:festivalparty@2027-05-09T20:00:00.000Z').venueRef).toBe('Stadttheater Beispielstadt');
    expect(performance(batch, 'title:festivalkonzert@2027-05-05T19:30:00.000Z')).toMatchObject({
      status: 'scheduled',
      prices: [{ name: 'Normal', amountMinor: 2850, currency: 'EUR' }],
    });
    expect(batch.warnings).toContainEqual({ where: 'subEvent[2]', message: 'price "abc" is not an amount: left out' });
    expect(batch.warnings).toContainEqual({ where: 'subEvent[3]', message: 'moved online (EventMovedOnline): imported as scheduled, check the venue' });
  });

  describe('a season as a top-level array', () => {
    const batch = parseJsonLd(fixture('season.json'), options);
    const woyzeck = 'https://theater.example/stuecke/woyzeck';

    it('makes an event with subEvents the production, and its subEvents (by @id) the performances', () => {
      expect(batch.performances.filter((p) => p.productionRef === woyzeck).map((p) => p.ref)).toEqual([
        'https://theater.example/termine/woyzeck-1',
        'https://theater.example/termine/woyzeck-2',
        `${woyzeck}@2027-02-06T18:15:00.000Z`,
      ]);
      expect(batch.productions.filter((p) => p.ref.startsWith('https://theater.example/termine/'))).toEqual([]);
    });

    it('reads texts in both languages, the age, language, length, image and keywords of the production', () => {
      expect(production(batch, woyzeck)).toMatchObject({
        title: { de: 'Woyzeck', en: 'Woyzeck (with English surtitles)' },
        description: { de: 'Georg Büchners Fragment.' },
        genres: ['drama'],
        tags: ['Büchner'],
        ageMin: 14,
        durationMinutes: 100,
        performanceLanguage: 'de',
        imageUrl: 'https://theater.example/img/woyzeck.jpg',
        bookingUrl: woyzeck,
      });
      expect(production(batch, woyzeck).ageMax).toBeUndefined();
    });

    it('imports an exhibition over months as an exhibition with its run and venue', () => {
      expect(production(batch, 'title:bühnenbilder aus 100 jahren')).toMatchObject({
        kind: 'exhibition',
        runsFrom: '2027-03-01',
        runsUntil: '2027-06-30',
        venueRef: 'Theatermuseum',
      });
      expect(batch.venues.find((v) => v.ref === 'Theatermuseum')).toMatchObject({ street: 'Am Fluss 2', city: 'Beispielstadt', country: 'DE' });
    });

    it('imports a date without a time as an all-day performance', () => {
      expect(performance(batch, 'title:tag der offenen tür@2027-03-13T23:00:00.000Z')).toMatchObject({ allDay: true, endsAt: '2027-03-14T23:00:00.000Z' });
    });

    it('skips events without a name or a usable start, and creates no production for them', () => {
      expect(batch.skipped).toEqual([
        { where: '[6]', reason: 'has no name, so it has no title' },
        { where: '[7]', reason: 'has no startDate, so it has no date' },
        { where: '[8]', reason: 'startDate "20.03.2027 20:00" is not a date (expected e.g. 2026-12-24T19:30:00+01:00)' },
      ]);
      expect(batch.productions.some((p) => p.ref === 'title:improtheater')).toBe(false);
    });
  });

  it('reads @graph, schema.org types with prefixes and numbers as prices', () => {
    const batch = parseJsonLd(
      JSON.stringify({
        '@context': 'https://schema.org',
        '@graph': [{ '@type': ['schema:MusicEvent'], name: 'Liederabend', startDate: '2026-11-20T19:30', offers: { price: 18, priceCurrency: 'EUR' } }],
      }),
      options,
    );
    expect(batch.performances).toEqual([
      {
        ref: 'title:liederabend@2026-11-20T18:30:00.000Z',
        productionRef: 'title:liederabend',
        startsAt: '2026-11-20T18:30:00.000Z',
        status: 'scheduled',
        prices: [{ name: 'Standard', amountMinor: 1800, currency: 'EUR' }],
        where: '@graph[0]',
      },
    ]);
    expect(production(batch, 'title:liederabend').genres).toEqual(['orchestral']);
  });

  it('warns when the document holds no event at all', () => {
    const batch = parseJsonLd('{"@context":"https://schema.org","@type":"Organization","name":"Theater"}', options);
    expect(batch.performances).toEqual([]);
    expect(batch.warnings).toEqual([{ message: 'no schema.org Event found (found: Organization)' }]);
  });

  it('refuses a page without JSON-LD, a page whose blocks are all broken, and broken JSON', () => {
    expect(() => parseJsonLd('<html><body>Spielplan</body></html>', options)).toThrow(expect.objectContaining({ code: 'unreadable_input', message: expect.stringMatching(/no schema.org JSON-LD/) }));
    expect(() => parseJsonLd('<script type="application/ld+json">{"@type": "Event",}</script>', options)).toThrow(
      expect.objectContaining({ code: 'unreadable_input', message: expect.stringMatching(/^none of the page's 1 JSON-LD block\(s\) is valid JSON: script block 1/) }),
    );
    expect(() => parseJsonLd('{"@type": "Event", "name": ', options)).toThrow(expect.objectContaining({ code: 'unreadable_input', message: expect.stringMatching(/^the JSON document cannot be read/) }));
  });

  it('reports progress while reading many events', () => {
    const events = Array.from({ length: 200 }, (_, i) => ({ '@type': 'Event', name: `Stück ${i}`, startDate: '2026-11-20T19:30:00+01:00' }));
    const calls: number[] = [];
    parseJsonLd(JSON.stringify(events), { ...options, onProgress: (done) => calls.push(done) });
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.length).toBeLessThanOrEqual(52);
    expect(calls.at(-1)).toBe(200);
  });

  it.each([
    ['TheaterEvent', ['drama']],
    ['MusicEvent', ['orchestral']],
    ['DanceEvent', ['contemporary_dance']],
    ['ComedyEvent', ['comedy']],
    ['ChildrensEvent', ['children_theatre']],
    ['ScreeningEvent', ['film']],
    ['EducationEvent', ['lecture']],
    ['LiteraryEvent', ['reading']],
    ['Festival', ['festival']],
    ['Event', []],
  ])('maps the schema.org type %s to genres', (type, genres) => {
    const batch = parseJsonLd(JSON.stringify({ '@type': `https://schema.org/${type}`, name: 'Abend', startDate: '2026-11-20T19:30:00+01:00' }), options);
    expect(batch.productions[0]?.genres).toEqual(genres);
    expect(batch.performances).toHaveLength(1);
  });
});
