import { describe, expect, it } from 'vitest';
import { readDate, readTime } from './csv-values.ts';
import { parseIsoDateTime, resolveZoneName, wallToUtc } from './local-time.ts';
import { ageRange, durationMinutes } from './measures.ts';
import { parseAmount, parseAmounts } from './prices.ts';

/* The small readers every format shares, table by table. */

describe('prices as sources write them', () => {
  it.each([
    ['19,50 €', { amountMinor: 1950, currency: 'EUR' }],
    ['19.50', { amountMinor: 1950 }],
    ['EUR 19.50', { amountMinor: 1950, currency: 'EUR' }],
    ['19.50EUR', { amountMinor: 1950, currency: 'EUR' }],
    ['€ 1.234,50', { amountMinor: 123450, currency: 'EUR' }],
    ['1,234.50 $', { amountMinor: 123450, currency: 'USD' }],
    ['1.500', { amountMinor: 150000 }],
    ['19,-', { amountMinor: 1900 }],
    ['ab 12 €', { amountMinor: 1200, currency: 'EUR' }],
    ['CHF 30', { amountMinor: 3000, currency: 'CHF' }],
    ['Eintritt frei', { amountMinor: 0 }],
    [25, { amountMinor: 2500 }],
    [19.99, { amountMinor: 1999 }],
  ] as const)('reads %s', (text, expected) => {
    expect(parseAmount(text)).toEqual(expected);
  });

  it.each(['', 'auf Anfrage', '12 bis 20', '-5'])('refuses %j', (text) => {
    expect(parseAmount(text)).toBeUndefined();
  });

  it('reads a list of category prices, sharing the currency', () => {
    expect(parseAmounts('38 / 29 / 19 €')).toEqual([
      { amountMinor: 3800, currency: 'EUR' },
      { amountMinor: 2900, currency: 'EUR' },
      { amountMinor: 1900, currency: 'EUR' },
    ]);
    expect(parseAmounts('38 / unbekannt')).toBeUndefined();
  });
});

describe('dates and times', () => {
  it.each([
    ['2026-12-24T19:30:00+01:00', '2026-12-24T18:30:00.000Z'],
    ['2026-12-24T19:30:00+0100', '2026-12-24T18:30:00.000Z'],
    ['2026-12-24T19:30+01', '2026-12-24T18:30:00.000Z'],
    ['2026-12-24T19:30:00.000Z', '2026-12-24T19:30:00.000Z'],
    ['2026-12-24 19:30', '2026-12-24T18:30:00.000Z'],
    ['2026-07-24T19:30', '2026-07-24T17:30:00.000Z'],
    ['2026-12-24', '2026-12-23T23:00:00.000Z'],
  ])('reads the ISO date-time %s', (text, instant) => {
    expect(new Date(parseIsoDateTime(text, 'Europe/Berlin')?.ms ?? NaN).toISOString()).toBe(instant);
  });

  it.each(['24.12.2026', '2026-02-30', '2026-12-24T25:00', 'morgen'])('refuses the ISO date-time %s', (text) => {
    expect(parseIsoDateTime(text, 'Europe/Berlin')).toBeUndefined();
  });

  it.each([
    ['24.12.2026', { date: { year: 2026, month: 12, day: 24 } }],
    ['24.12.26', { date: { year: 2026, month: 12, day: 24 } }],
    ['Do., 24.12.2026', { date: { year: 2026, month: 12, day: 24 } }],
    ['24/12/2026', { date: { year: 2026, month: 12, day: 24 } }],
    ['12/24/2026', { date: { year: 2026, month: 12, day: 24 } }],
    ['2026-12-24', { date: { year: 2026, month: 12, day: 24 } }],
    ['24.12.2026 19:30', { date: { year: 2026, month: 12, day: 24 }, time: { hour: 19, minute: 30, second: 0 } }],
  ])('reads the table date %s', (text, expected) => {
    expect(readDate(text)).toEqual(expected);
  });

  it.each(['31.02.2027', '2026-13-01', '24.12.', 'Weihnachten', '2026-12-24T19:30+15:00'])('refuses the table date %s', (text) => {
    expect(readDate(text)).toBe('invalid');
  });

  it.each([
    ['24.12.2026 19:30-21:30', { hour: 19, minute: 30 }, { hour: 21, minute: 30 }],
    ['24.12.2026 19:30 – 21:30 Uhr', { hour: 19, minute: 30 }, { hour: 21, minute: 30 }],
    ['2026-12-24 19:30-21:30', { hour: 19, minute: 30 }, { hour: 21, minute: 30 }],
    ['2026-12-24T19:30-21:30', { hour: 19, minute: 30 }, { hour: 21, minute: 30 }],
  ])('reads %s as a start and an end, not as an offset', (text, start, end) => {
    expect(readDate(text)).toEqual({ date: { year: 2026, month: 12, day: 24 }, time: { ...start, second: 0 }, endTime: { ...end, second: 0 } });
  });

  it.each([
    ['2026-12-24T19:30:00+01:00', 60],
    ['2026-12-24T19:30-05:00', -300],
    ['2026-12-24 19:30:00-0500', -300],
    ['2026-12-24T19:30+14:00', 840],
    ['24.12.2026 19:30Z', 0],
  ])('reads the offset of %s', (text, offsetMinutes) => {
    expect(readDate(text)).toMatchObject({ time: { hour: 19, minute: 30 }, offsetMinutes });
  });

  it.each([
    ['19:30', { hour: 19, minute: 30, second: 0 }],
    ['19.30', { hour: 19, minute: 30, second: 0 }],
    ['19:30 Uhr', { hour: 19, minute: 30, second: 0 }],
    ['19 Uhr', { hour: 19, minute: 0, second: 0 }],
    ['7:30 PM', { hour: 19, minute: 30, second: 0 }],
    ['12 am', { hour: 0, minute: 0, second: 0 }],
    ['19:30:15', { hour: 19, minute: 30, second: 15 }],
  ])('reads the time %s', (text, expected) => {
    expect(readTime(text)).toEqual(expected);
  });

  it('reads 24:00 as midnight at the end of the day', () => {
    expect(readTime('24:00')).toEqual({ hour: 0, minute: 0, second: 0, nextDay: true });
  });

  it.each(['25:00', '19:75', '13 pm', 'abends', '24:30'])('refuses the time %s', (text) => {
    expect(readTime(text)).toBe('invalid');
  });

  it('resolves zone names of many programs to IANA zones', () => {
    expect(resolveZoneName('Europe/Berlin')).toBe('Europe/Berlin');
    expect(resolveZoneName('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(resolveZoneName('GMT Standard Time')).toBe('Europe/London');
    expect(resolveZoneName('/citadel.org/20070101_1/Europe/Vienna')).toBe('Europe/Vienna');
    expect(resolveZoneName('(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna')).toBe('Europe/Amsterdam');
    expect(resolveZoneName('Customized Time Zone')).toBeUndefined();
  });

  it('takes the first of a repeated hour and moves a skipped one forward', () => {
    const at = (hour: number, day: number, month: number) => new Date(wallToUtc({ year: 2026, month, day, hour, minute: 30, second: 0 }, 'Europe/Berlin')).toISOString();
    expect(at(2, 25, 10)).toBe('2026-10-25T00:30:00.000Z');
    expect(at(3, 25, 10)).toBe('2026-10-25T02:30:00.000Z');
    expect(at(2, 29, 3)).toBe('2026-03-29T01:30:00.000Z');
    expect(at(19, 29, 3)).toBe('2026-03-29T17:30:00.000Z');
  });
});

describe('lengths and ages', () => {
  it.each([
    ['PT2H30M', 150],
    ['PT150M', 150],
    ['P0DT1H40M', 100],
    ['150', 150],
    ['150 min', 150],
    ['2:30', 150],
    ['2 Std. 30 Min.', 150],
    ['2,5 h', 150],
    ['1 hour 45 minutes', 105],
  ])('reads the length %s', (text, minutes) => {
    expect(durationMinutes(text)).toBe(minutes);
  });

  it.each([undefined, '', 'lang', 'PT', 'PT0M'])('has no length for %j', (text) => {
    expect(durationMinutes(text)).toBeUndefined();
  });

  it.each([
    ['6-12', { min: 6, max: 12 }],
    ['6–12', { min: 6, max: 12 }],
    ['14+', { min: 14 }],
    ['ab 6 Jahren', { min: 6 }],
    ['6 to 12 years', { min: 6, max: 12 }],
    ['8', { min: 8 }],
    ['für alle', {}],
  ])('reads the age range %s', (text, range) => {
    expect(ageRange(text)).toEqual(range);
  });
});
