import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapColumns } from './csv-columns.ts';
import { parseCsv } from './csv.ts';
import { readBatch } from './detect.ts';
import type { CsvColumns, ImportBatch, ImportedPerformance, ParseOptions } from './model.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/import/${name}`, import.meta.url));
const options: ParseOptions = { timeZone: 'Europe/Berlin', language: 'de', now: new Date('2026-09-01T00:00:00Z') };
const parse = (name: string, columns?: CsvColumns) => readBatch({ bytes: fixture(name), name, columns }, options);

function performance(batch: ImportBatch, ref: string): ImportedPerformance {
  const found = batch.performances.find((p) => p.ref === ref);
  if (found === undefined) throw new Error(`no performance ${ref} in ${batch.performances.map((p) => p.ref).join(', ')}`);
  return found;
}

describe('CSV import: a German box office export', () => {
  const batch = parse('ticketing-de.csv');

  it('finds the header below a title line and reads each row as a performance with its id', () => {
    expect(batch.performances.map((p) => p.ref)).toEqual(['10452', '10453', '10460', '10470', '10480']);
    expect(batch.productions.map((p) => p.ref)).toEqual(['title:faust', 'title:die kleine hexe', 'title:neujahrskonzert', 'title:jazz im foyer']);
  });

  it('reads German dates and times in the house zone, with venue, hall, capacity and link', () => {
    expect(performance(batch, '10452')).toMatchObject({
      startsAt: '2026-12-19T18:30:00.000Z',
      endsAt: '2026-12-19T21:15:00.000Z',
      venueRef: 'Stadttheater',
      hallName: 'Großes Haus',
      capacity: 650,
      bookingUrl: 'https://tickets.example/10452',
      where: 'row 4',
    });
    expect(performance(batch, '10460').startsAt).toBe('2026-12-06T10:00:00.000Z');
    expect(performance(batch, '10470').startsAt).toBe('2027-01-01T17:00:00.000Z');
    expect(performance(batch, '10480')).toMatchObject({ startsAt: '2027-01-15T19:00:00.000Z', capacity: 1200 });
  });

  it('keeps a quoted field with a line break and a semicolon whole, and counts rows by file line', () => {
    expect(batch.productions[0]?.description).toEqual({ de: 'Goethes Drama;\nneu inszeniert.' });
    expect(performance(batch, '10453').where).toBe('row 6');
  });

  it('reads prices with comma decimals and euro signs, and a list as price categories', () => {
    expect(performance(batch, '10452').prices).toEqual([
      { name: 'Kategorie 1', amountMinor: 3800, currency: 'EUR' },
      { name: 'Kategorie 2', amountMinor: 2900, currency: 'EUR' },
      { name: 'Kategorie 3', amountMinor: 1900, currency: 'EUR' },
    ]);
    expect(performance(batch, '10453').prices).toEqual([{ name: 'Standard', amountMinor: 1950, currency: 'EUR' }]);
    expect(performance(batch, '10480').prices).toEqual([{ name: 'Standard', amountMinor: 0, currency: 'EUR' }]);
  });

  it('maps status words and the Sparte column', () => {
    expect(batch.performances.map((p) => p.status)).toEqual(['scheduled', 'sold_out', 'scheduled', 'cancelled', 'rescheduled']);
    expect(batch.productions.find((p) => p.ref === 'title:die kleine hexe')).toMatchObject({ genres: ['children_theatre'], audience: 'families' });
    expect(batch.productions.find((p) => p.ref === 'title:jazz im foyer')).toMatchObject({ genres: ['jazz'], tags: ['Live'] });
  });

  it('skips rows with a missing or impossible date, naming the line', () => {
    expect(batch.skipped).toEqual([
      { where: 'row 8', reason: 'has no date' },
      { where: 'row 9', reason: 'date "31.02.2027" is not a date (expected e.g. 24.12.2026 or 2026-12-24)' },
    ]);
  });

  it('warns once about columns it does not import', () => {
    expect(batch.warnings).toEqual([{ where: 'row 3', message: 'columns not imported: "Kostenstelle"' }]);
  });
});

describe('CSV import: English exports', () => {
  const batch = parse('export-en.csv');

  it('reads comma-separated English headers, ISO dates, 12-hour times and dot decimals', () => {
    expect(performance(batch, 'title:swan lake@2026-12-20T18:30:00.000Z')).toMatchObject({
      status: 'sold_out',
      endsAt: '2026-12-20T21:00:00.000Z',
      venueRef: 'City Theatre',
      hallName: 'Main Stage',
      capacity: 800,
      prices: [{ name: 'Standard', amountMinor: 4950, currency: 'EUR' }],
    });
    expect(performance(batch, 'title:swan lake@2026-12-21T14:00:00.000Z').endsAt).toBe('2026-12-21T16:30:00.000Z');
  });

  it('takes the time from a date cell with an offset, and free entry as a price of 0', () => {
    expect(performance(batch, 'title:poetry slam@2026-12-22T19:00:00.000Z')).toMatchObject({ status: 'cancelled', prices: [{ name: 'Standard', amountMinor: 0, currency: 'EUR' }] });
  });

  it('ends a performance past midnight on the next day, in the currency its price names', () => {
    expect(performance(batch, 'title:midnight show@2026-12-31T22:00:00.000Z')).toMatchObject({
      endsAt: '2027-01-01T00:00:00.000Z',
      prices: [{ name: 'Standard', amountMinor: 1200, currency: 'GBP' }],
    });
  });

  it('skips a row whose start is not a time and lists the unknown columns', () => {
    expect(batch.skipped).toEqual([{ where: 'row 5', reason: 'start time "not a time" is not a time (expected e.g. 19:30)' }]);
    expect(batch.warnings).toEqual([{ where: 'row 1', message: 'columns not imported: "Internal note", "Promoter"' }]);
  });

  it('reads tab-separated files with a byte order mark', () => {
    const tab = parse('export-tab.tsv');
    expect(tab.performances.map((p) => [p.ref, p.startsAt, p.prices[0]?.amountMinor])).toEqual([
      ['E-1', '2027-02-10T18:30:00.000Z', 2500],
      ['E-2', '2027-02-11T18:30:00.000Z', 2500],
    ]);
    expect(tab.productions[0]?.genres).toEqual(['drama']);
  });
});

describe('CSV import: encodings and mappings', () => {
  it('reads a Windows-1252 file with umlauts and the euro sign, and says it did', () => {
    const batch = parse('ticketing-cp1252.csv');
    expect(batch.productions.map((p) => p.title.de)).toEqual(['Kabale und Liebe', 'Die Zauberflöte']);
    expect(batch.venues[0]?.name).toBe('Großes Haus');
    expect(batch.performances[1]?.prices).toEqual([{ name: 'Standard', amountMinor: 5250, currency: 'EUR' }]);
    expect(batch.warnings[0]?.message).toMatch(/^the file is not valid UTF-8: it was read as Windows-1252/);
  });

  it('follows an explicit column mapping over the header names', () => {
    const batch = parse('custom-columns.csv', { title: 'Stück', date: 'Tag' });
    expect(batch.performances.map((p) => [p.ref, p.startsAt])).toEqual([
      ['title:woyzeck@2027-02-05T19:00:00.000Z', '2027-02-05T19:00:00.000Z'],
      ['title:woyzeck@2027-02-06T19:00:00.000Z', '2027-02-06T19:00:00.000Z'],
    ]);
    expect(batch.warnings).toEqual([{ where: 'row 1', message: 'columns not imported: "Nr", "Titel intern", "Datum"' }]);
    const detected = parse('custom-columns.csv');
    expect(detected.performances[0]?.startsAt).toBe('2026-09-01T18:00:00.000Z');
  });

  it('refuses a mapping to a column the file does not have', () => {
    expect(() => parse('custom-columns.csv', { title: 'Werk' })).toThrow(
      expect.objectContaining({ code: 'validation', message: 'columns.title: the file has no column "Werk" (its columns: "Nr", "Stück", "Titel intern", "Datum", "Tag", "Anfang", "Ort")' }),
    );
  });

  it('refuses a file without a header row it can read', () => {
    expect(() => parse('no-header.csv')).toThrow(expect.objectContaining({ code: 'unreadable_input', message: expect.stringMatching(/^no header row found/) }));
    expect(() => parseCsv('Titel;Ort\nFaust;Großes Haus\n', options)).toThrow(expect.objectContaining({ code: 'unreadable_input', message: expect.stringMatching(/^no date column/) }));
  });

  it('gives rows without an id a ref from title and start, and the same row twice is skipped once', () => {
    const batch = parseCsv('Titel,Datum,Uhrzeit\n"Faust",24.12.2026,18:00\nFaust,24.12.2026,18:00\n', options);
    expect(batch.performances.map((p) => p.ref)).toEqual(['title:faust@2026-12-24T17:00:00.000Z']);
    expect(batch.skipped).toEqual([{ where: 'row 3', reason: 'the same performance as at row 2 (listed twice)' }]);
  });

  it('honours an Excel "sep=" line, imports a row without a time as all-day, and reports progress', () => {
    const rows = Array.from({ length: 300 }, (_, i) => `Lesung ${i};${(i % 28) + 1}.02.2027`);
    const calls: number[] = [];
    const batch = parseCsv(`sep=;\nTitel;Datum\n${rows.join('\n')}\n`, { ...options, onProgress: (done) => calls.push(done) });
    expect(batch.performances[0]).toMatchObject({ allDay: true, startsAt: '2027-01-31T23:00:00.000Z', endsAt: '2027-02-01T23:00:00.000Z', where: 'row 3' });
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.length).toBeLessThanOrEqual(52);
    expect(calls.at(-1)).toBe(300);
  });

  it.each([
    ['Titel', 'title'], ['Title', 'title'], ['Datum', 'date'], ['Date', 'date'], ['Beginn', 'start'], ['Uhrzeit', 'start'], ['Start', 'start'],
    ['Time', 'start'], ['Ende', 'end'], ['End', 'end'], ['Spielstätte', 'venue'], ['Ort', 'venue'], ['Venue', 'venue'], ['Location', 'venue'],
    ['Saal', 'hall'], ['Hall', 'hall'], ['Preis (€)', 'price'], ['Price', 'price'], ['Kategorie', 'category'], ['Genre', 'category'],
    ['Sparte', 'category'], ['Status', 'status'], ['ID', 'id'], ['Veranstaltungs-ID', 'id'], ['Event ID', 'id'], ['Kapazität', 'capacity'],
    ['Capacity', 'capacity'], ['Beschreibung', 'description'], ['Description', 'description'], ['Link', 'url'], ['URL:', 'url'],
  ] as const)('recognises the header %j', (header, field) => {
    expect(mapColumns(['Kostenstelle', header], undefined).fields).toEqual({ [field]: 1 });
  });

  it('reads a time range in the date cell as start and end, not as an offset of -21:30', () => {
    const batch = parseCsv('Titel;Datum\nFaust;24.12.2026 19:30-21:30\n', options);
    expect(batch.performances[0]).toMatchObject({ startsAt: '2026-12-24T18:30:00.000Z', endsAt: '2026-12-24T20:30:00.000Z' });
    const inStart = parseCsv('Titel;Datum;Beginn\nFaust;24.12.2026;19:30 - 21:30 Uhr\n', options);
    expect(inStart.performances[0]).toMatchObject({ startsAt: '2026-12-24T18:30:00.000Z', endsAt: '2026-12-24T20:30:00.000Z' });
  });

  it('starts a performance at 24:00 at midnight that ends the day, which is the next day', () => {
    const batch = parseCsv('Titel;Datum;Beginn;Ende\nSilvesterkonzert;31.12.2026;24:00;01:30\nMitternachtslesung;24.12.2026 24:00\n', options);
    expect(batch.performances.map((p) => [p.startsAt, p.endsAt])).toEqual([
      ['2026-12-31T23:00:00.000Z', '2027-01-01T00:30:00.000Z'],
      ['2026-12-24T23:00:00.000Z', undefined],
    ]);
  });

  it('finds a comma delimiter when a title line above the header has none', () => {
    const batch = parseCsv('Spielplan Dezember\n\nTitel,Datum,Beginn,Preis\nFaust,24.12.2026,19:30,"19,50"\nMomo,25.12.2026,16:00,"12,00"\n', options);
    expect(batch.performances.map((p) => [p.startsAt, p.prices[0]?.amountMinor])).toEqual([
      ['2026-12-24T18:30:00.000Z', 1950],
      ['2026-12-25T15:00:00.000Z', 1200],
    ]);
  });

  it('keeps the semicolon when the title line above the header has a comma', () => {
    const batch = parseCsv('Spielplan Herbst, Winter 2026\nTitel;Datum;Beginn;Preis\nFaust;24.12.2026;19:30;19,50\nMomo;25.12.2026;16:00;12,00\n', options);
    expect(batch.performances.map((p) => [p.startsAt, p.prices[0]?.amountMinor])).toEqual([
      ['2026-12-24T18:30:00.000Z', 1950],
      ['2026-12-25T15:00:00.000Z', 1200],
    ]);
  });

  it('takes the start from its column when the date cell carries a midnight time, as spreadsheets write', () => {
    const batch = parseCsv('Title;Date;Time\nFaust;2026-12-19 00:00:00;19:30\n', options);
    expect(batch.performances[0]?.startsAt).toBe('2026-12-19T18:30:00.000Z');
  });
});
