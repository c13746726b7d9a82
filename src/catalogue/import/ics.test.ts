import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../core/errors.ts';
import { readBatch } from './detect.ts';
import { parseIcs } from './ics.ts';
import type { ImportBatch, ImportedPerformance, ParseOptions } from './model.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/import/${name}`, import.meta.url));
const options: ParseOptions = { timeZone: 'Europe/Berlin', language: 'de', now: new Date('2026-09-01T00:00:00Z') };
const parse = (name: string, extra: Partial<ParseOptions> = {}) => readBatch({ bytes: fixture(name), name }, { ...options, ...extra });

function performance(batch: ImportBatch, ref: string): ImportedPerformance {
  const found = batch.performances.find((p) => p.ref === ref);
  if (found === undefined) throw new Error(`no performance ${ref} in ${batch.performances.map((p) => p.ref).join(', ')}`);
  return found;
}

describe('iCalendar import: a theatre feed with one event per performance', () => {
  const batch = parse('theatre-feed.ics');

  it('groups events with the same title into one production, each UID a performance', () => {
    const faust = batch.productions.filter((p) => p.ref === 'title:faust');
    expect(faust).toHaveLength(1);
    expect(batch.performances.filter((p) => p.productionRef === 'title:faust').map((p) => p.ref)).toEqual([
      'vorstellung-10452@theater.example',
      'vorstellung-10453@theater.example',
      'vorstellung-10454@theater.example',
    ]);
  });

  it('reads times in their zone and keeps the end', () => {
    expect(performance(batch, 'vorstellung-10452@theater.example')).toMatchObject({
      startsAt: '2026-12-19T18:30:00.000Z',
      endsAt: '2026-12-19T21:15:00.000Z',
      status: 'scheduled',
      venueRef: 'Großes Haus',
      bookingUrl: 'https://tickets.example/10452',
    });
  });

  it('unescapes text: commas, semicolons, backslashes and line breaks', () => {
    expect(batch.productions.find((p) => p.ref === 'title:faust')?.description?.de).toBe(
      'Goethes Drama über den Gelehrten, der mehr will.\nRegie: Petra Regie; Bühne: Max Bau, Backslash: \\ Ende.',
    );
  });

  it('maps CATEGORIES to genres and keeps unknown words as tags', () => {
    expect(batch.productions.find((p) => p.ref === 'title:faust')).toMatchObject({ genres: ['drama'], tags: ['Klassiker'], durationMinutes: 165 });
    expect(batch.productions.find((p) => p.ref === 'title:familienführung')).toMatchObject({ genres: ['guided_tour'], audience: 'families' });
  });

  it('turns LOCATION into a venue, with GEO when given', () => {
    expect(batch.venues).toEqual([{ ref: 'Großes Haus', name: 'Großes Haus', latitude: 52.5163, longitude: 13.3777, where: 'VEVENT UID=vorstellung-10452@theater.example (line 23)' }]);
  });

  it('marks STATUS:CANCELLED performances as cancelled', () => {
    expect(performance(batch, 'vorstellung-10454@theater.example').status).toBe('cancelled');
  });

  it('ends a performance by its DURATION when it has no DTEND', () => {
    expect(performance(batch, 'vorstellung-10470@theater.example')).toMatchObject({ startsAt: '2027-01-01T17:00:00.000Z', endsAt: '2027-01-01T19:00:00.000Z' });
  });

  it('reads a line broken without the leading space as part of the line before, and says so', () => {
    expect(batch.productions.find((p) => p.ref === 'title:neujahrskonzert')?.description?.de).toBe('Walzer und Polka\nmit dem Philharmonischen Orchester');
    expect(batch.warnings.map((w) => w.message)).toContain(
      '1 line(s) had no property name and were read as the continuation of the line before (a line folded without the leading space)',
    );
  });

  it('skips events without a date or title, naming the line and UID', () => {
    expect(batch.skipped).toEqual([
      { where: 'VEVENT UID=vorstellung-ohne-datum@theater.example (line 64)', reason: 'has no DTSTART, so it has no date' },
      { where: 'VEVENT UID=vorstellung-ohne-titel@theater.example (line 70)', reason: 'has no SUMMARY, so it has no title' },
    ]);
  });

  it('gives an event without UID a ref from its title and start, with a warning', () => {
    expect(performance(batch, 'title:familienführung@2027-01-10T15:00:00.000Z').where).toBe('VEVENT at line 75');
    expect(batch.warnings.some((w) => w.message.startsWith('1 event(s) have no UID'))).toBe(true);
  });
});

describe('iCalendar import: recurrences', () => {
  const batch = parse('recurrence.ics');
  const tour = batch.performances.filter((p) => p.productionRef === 'title:abendführung');

  it('expands RRULE, leaves out EXDATEs and adds RDATEs, keeping the wall time across the clock change', () => {
    expect(tour.map((p) => p.ref)).toEqual([
      'tour@museum.example@2026-10-08T16:00:00.000Z',
      'tour@museum.example@2026-10-17T09:00:00.000Z',
      'tour@museum.example@2026-10-22T16:00:00.000Z',
      'tour@museum.example@2026-10-29T17:00:00.000Z',
      'tour@museum.example@2026-11-05T17:00:00.000Z',
      'tour@museum.example@2026-11-12T17:00:00.000Z',
    ]);
    expect(performance(batch, 'tour@museum.example@2026-10-29T17:00:00.000Z').endsAt).toBe('2026-10-29T18:00:00.000Z');
  });

  it('replaces an occurrence by its RECURRENCE-ID override, under the ref of the planned start', () => {
    expect(performance(batch, 'tour@museum.example@2026-10-22T16:00:00.000Z')).toMatchObject({
      startsAt: '2026-10-22T17:00:00.000Z',
      endsAt: '2026-10-22T18:00:00.000Z',
      venueRef: 'Studio im Museum',
      status: 'scheduled',
      where: 'VEVENT UID=tour@museum.example (line 32)',
    });
  });

  it('keeps a cancelled single occurrence as a cancelled performance', () => {
    expect(performance(batch, 'tour@museum.example@2026-11-05T17:00:00.000Z').status).toBe('cancelled');
    expect(tour.filter((p) => p.status === 'cancelled')).toHaveLength(1);
  });

  it('includes the last occurrence when UNTIL is its exact start in UTC', () => {
    expect(batch.performances.filter((p) => p.productionRef === 'title:adventslesung').map((p) => p.startsAt)).toEqual([
      '2026-12-01T18:30:00.000Z',
      '2026-12-02T18:30:00.000Z',
      '2026-12-03T18:30:00.000Z',
    ]);
  });

  it('expands an open-ended rule up to the horizon, with a warning', () => {
    const open = batch.performances.filter((p) => p.productionRef === 'title:offene bühne');
    expect(open).toHaveLength(19);
    expect(open.at(-1)?.startsAt).toBe('2028-03-03T19:00:00.000Z');
    expect(batch.warnings).toContainEqual({
      where: 'VEVENT UID=open-stage@theater.example (line 56)',
      message: 'the recurrence has no end (no COUNT or UNTIL): performances are imported up to 2028-03-04, 550 days ahead',
    });
  });

  it('takes the horizon from the options', () => {
    const short = parse('recurrence.ics', { horizonDays: 60 });
    expect(short.performances.filter((p) => p.productionRef === 'title:offene bühne').map((p) => p.startsAt)).toEqual([
      '2026-09-04T18:00:00.000Z',
      '2026-10-02T18:00:00.000Z',
    ]);
  });
});

describe('iCalendar import: long-running series', () => {
  const calendar = (...events: string[][]) =>
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//DE', ...events.flatMap((lines) => ['BEGIN:VEVENT', 'DTSTAMP:20260801T120000Z', ...lines, 'END:VEVENT']), 'END:VCALENDAR', ''].join('\r\n');

  it('imports the coming dates of a daily series that began years ago, and none of the past', () => {
    const batch = parseIcs(calendar(['UID:daily@museum.example', 'DTSTART;TZID=Europe/Berlin:20100101T110000', 'RRULE:FREQ=DAILY', 'SUMMARY:Führung']), options);
    const starts = batch.performances.map((p) => p.startsAt);
    expect(starts[0]).toBe('2026-09-01T09:00:00.000Z');
    expect(starts.at(-1)).toBe('2028-03-03T10:00:00.000Z');
    expect(starts).toHaveLength(550);
    expect(batch.warnings.map((w) => w.message)).not.toContainEqual(expect.stringContaining('too many'));
  });

  it('skips a series that is over, saying so, and creates no production for it', () => {
    const batch = parseIcs(calendar(['UID:old@theater.example', 'DTSTART;TZID=Europe/Berlin:20250301T193000', 'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:Alte Serie']), options);
    expect(batch.performances).toEqual([]);
    expect(batch.productions).toEqual([]);
    expect(batch.skipped).toEqual([{ where: expect.stringContaining('old@theater.example'), reason: 'every occurrence of the recurrence is before 2026-09-01: nothing left to import' }]);
  });

  it('stops a rule that would step through the past for ever', () => {
    const batch = parseIcs(calendar(['UID:tick@theater.example', 'DTSTART:20200101T000000Z', 'RRULE:FREQ=SECONDLY', 'SUMMARY:Uhr']), options);
    expect(batch.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/^the recurrence takes more than \d+ steps to expand/));
    expect(batch.skipped).toEqual([]);
  });
});

describe('iCalendar import: time zones', () => {
  const batch = parse('timezones.ics');
  const startOf = (uid: string) => performance(batch, uid).startsAt;

  it('reads Windows zone names and Outlook display names as their IANA zone', () => {
    expect(startOf('windows@example')).toBe('2026-12-10T18:30:00.000Z');
    expect(startOf('display@example')).toBe('2026-12-11T18:30:00.000Z');
    expect(startOf('mozilla@example')).toBe('2026-12-15T18:30:00.000Z');
  });

  it('uses the VTIMEZONE of a made-up TZID, summer time included', () => {
    expect(startOf('custom@example')).toBe('2026-07-10T18:00:00.000Z');
    expect(startOf('eastern@example')).toBe('2026-07-11T00:00:00.000Z');
  });

  it('reads an unknown zone in the house zone and warns once, naming the zone and the event', () => {
    expect(startOf('unknown@example')).toBe('2026-12-12T18:30:00.000Z');
    expect(batch.warnings).toEqual([
      {
        where: 'VEVENT UID=unknown@example (line 55)',
        message: 'time zone "Mars/Olympus_Mons" is unknown (used here and 1 more time(s)): its times are read in the house zone Europe/Berlin',
      },
    ]);
  });

  it('reads floating times in the house zone and UTC times as UTC', () => {
    expect(startOf('floating@example')).toBe('2026-07-15T18:00:00.000Z');
    expect(parseIcs(fixture('timezones.ics').toString('utf8'), { ...options, timeZone: 'Europe/London' }).performances.find((p) => p.ref === 'floating@example')?.startsAt).toBe(
      '2026-07-15T19:00:00.000Z',
    );
    expect(startOf('utc@example')).toBe('2026-12-14T18:30:00.000Z');
  });

  it("reads floating times in the calendar's own zone when X-WR-TIMEZONE names one", () => {
    const text = 'BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:Europe/London\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261210T193000\r\nSUMMARY:Gastspiel\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    expect(parseIcs(text, options).performances[0]?.startsAt).toBe('2026-12-10T19:30:00.000Z');
  });

  it('moves a time skipped by the clock change forward, as RFC 5545 says', () => {
    expect(startOf('gap@example')).toBe('2027-03-28T01:30:00.000Z');
  });
});

describe('iCalendar import: all-day events and exhibitions', () => {
  const batch = parse('all-day.ics');

  it('starts an all-day event at midnight in the house zone and ends it at DTEND, which is exclusive', () => {
    expect(performance(batch, 'tag-der-offenen-tuer@museum.example')).toMatchObject({
      allDay: true,
      startsAt: '2026-10-02T22:00:00.000Z',
      endsAt: '2026-10-03T22:00:00.000Z',
    });
  });

  it('ends an all-day event by its DURATION in days', () => {
    expect(performance(batch, 'theaterfest@theater.example')).toMatchObject({ allDay: true, startsAt: '2026-09-11T22:00:00.000Z', endsAt: '2026-09-13T22:00:00.000Z' });
  });

  it('imports a multi-day exhibition as its run, not as a performance', () => {
    expect(batch.productions.find((p) => p.ref === 'title:licht und schatten')).toMatchObject({
      kind: 'exhibition',
      runsFrom: '2026-10-15',
      runsUntil: '2027-02-28',
      venueRef: 'Museum am Fluss',
      genres: ['exhibition'],
    });
    expect(batch.performances.some((p) => p.productionRef === 'title:licht und schatten')).toBe(false);
    expect(performance(batch, 'vernissage@museum.example').endsAt).toBe('2026-10-14T19:30:00.000Z');
  });
});

describe('iCalendar import: reading the file', () => {
  it('keeps multi-byte characters whole when a fold cuts them', () => {
    const batch = parse('folded-utf8.ics');
    expect(batch.productions[0]?.title.de).toBe('Schneeweißchen und Rosenrot – Familienstück');
    expect(batch.productions[0]?.description?.de).toBe('Über Mut, Bären; und Rosen.\nMit Musik für Groß und Klein 🎭 Eintritt 9 €, Kinder frei.');
    expect(batch.venues[0]?.name).toBe('Studiobühne');
    expect(batch.warnings).toEqual([]);
  });

  it('refuses a file that is not iCalendar with a clear error', () => {
    const text = fixture('not-a-calendar.ics').toString('utf8');
    expect(() => parseIcs(text, options)).toThrow(expect.objectContaining({ code: 'unreadable_input', message: expect.stringMatching(/not an iCalendar file/) }));
    expect(() => parseIcs('Titel;Datum\nFaust;19.12.2026\n', options)).toThrow(/not an iCalendar file/);
  });

  it('skips one unreadable event and keeps the others', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'UID:broken',
      'DTSTART:20261219T193000',
      'RRULE:FREQ=SOMETIMES;COUNT=x',
      'SUMMARY:Kaputt',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:fine',
      'DTSTART:20261220T193000',
      'SUMMARY:Heil',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const batch = parseIcs(text, options);
    expect(batch.performances.map((p) => p.ref)).toEqual(['fine']);
    expect(batch.skipped).toHaveLength(1);
    expect(batch.skipped[0]?.where).toBe('VEVENT UID=broken (line 2)');
  });

  it('reports progress in steps, not per event', () => {
    const events = Array.from({ length: 500 }, (_, i) => `BEGIN:VEVENT\r\nUID:e${i}\r\nDTSTART:20261201T190000Z\r\nSUMMARY:Stück ${i % 7}\r\nEND:VEVENT`);
    const calls: [number, number][] = [];
    parseIcs(`BEGIN:VCALENDAR\r\n${events.join('\r\n')}\r\nEND:VCALENDAR\r\n`, { ...options, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.length).toBeLessThanOrEqual(52);
    expect(calls.at(-1)).toEqual([500, 500]);
  });

  it('is not thrown off by a truncated file', () => {
    const batch = parseIcs('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:cut\r\nDTSTART:20261219T183000Z\r\nSUMMARY:Faust\r\n', options);
    expect(batch.performances.map((p) => p.ref)).toEqual(['cut']);
    expect(batch.warnings).toContainEqual({ where: 'line 2', message: 'the component has no END line (is the file cut off?): read up to the next component' });
  });

  it('throws unreadable_input, not a crash, for an empty calendar file', () => {
    let error: unknown;
    try {
      parseIcs('', options);
    } catch (caught) {
      error = caught;
    }
    expect(isDomainError(error, 'unreadable_input')).toBe(true);
  });
});
