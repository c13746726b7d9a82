import type { PerformanceStatus } from './model.ts';

/*
 * Cell values of ticketing exports: German and English dates and times, statuses,
 * counts. Each reader returns undefined for an empty cell and 'invalid' for a cell it
 * cannot read, so the row can be skipped with a reason.
 */

export interface CellDate {
  year: number;
  month: number;
  day: number;
}

export interface CellTime {
  hour: number;
  minute: number;
  second: number;
}

export interface CellDateTime {
  date: CellDate;
  time?: CellTime;
  /** An offset written in the cell (ISO 8601), in minutes east of UTC. */
  offsetMinutes?: number;
}

function validDate(year: number, month: number, day: number): CellDate | 'invalid' {
  const check = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || year > 2200 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return 'invalid';
  return { year, month, day };
}

/**
 * A date, possibly with a time: 24.12.2026, 24.12.26, 2026-12-24, 24/12/2026 (day first
 * unless the second number cannot be a month), with a weekday before it ("Do, 24.12.2026")
 * and a time after it ("24.12.2026 19:30", "2026-12-24T19:30:00+01:00").
 */
export function readDate(cell: string | undefined): CellDateTime | 'invalid' | undefined {
  const text = cell?.trim().replace(/^[A-Za-zÄÖÜäöü]{2,10}\.?,?\s+(?=\d)/, '');
  if (text === undefined || text.length === 0) return undefined;
  let date: CellDate | 'invalid';
  let rest: string;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s,]+(.*))?$/.exec(text);
  if (match !== null) {
    date = validDate(Number(match[1]), Number(match[2]), Number(match[3]));
    rest = match[4] ?? '';
  } else if ((match = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?:[\s,]+(.*))?$/.exec(text)) !== null) {
    const year = Number(match[3]);
    date = validDate(year < 100 ? 2000 + year : year, Number(match[2]), Number(match[1]));
    rest = match[4] ?? '';
  } else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:[\s,]+(.*))?$/.exec(text)) !== null) {
    const [first, second, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const dayFirst = second <= 12;
    date = validDate(year < 100 ? 2000 + year : year, dayFirst ? second : first, dayFirst ? first : second);
    rest = match[4] ?? '';
  } else {
    return 'invalid';
  }
  if (date === 'invalid') return 'invalid';
  if (rest.trim().length === 0) return { date };
  const offset = /(Z|[+-]\d{2}:?\d{2})$/i.exec(rest.trim());
  const time = readTime(offset === null ? rest : rest.trim().slice(0, -offset[0].length));
  if (time === undefined || time === 'invalid') return 'invalid';
  if (offset === null) return { date, time };
  const sign = offset[1]?.startsWith('-') ? -1 : 1;
  const digits = (offset[1] ?? '').replace(/[+:-]/g, '');
  const offsetMinutes = offset[1]?.toUpperCase() === 'Z' ? 0 : sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  return { date, time, offsetMinutes };
}

/** A time: 19:30, 19.30, 19:30 Uhr, 19 Uhr, 19:30:00, 7:30 PM, 7 pm. */
export function readTime(cell: string | undefined): CellTime | 'invalid' | undefined {
  const text = cell?.trim().toLowerCase().replace(/\s*uhr$/, '').replace(/\s*h$/, '');
  if (text === undefined || text.length === 0) return undefined;
  const match = /^(\d{1,2})(?:[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?)?\s*(am|pm|a\.m\.|p\.m\.)?$/.exec(text);
  if (match === null) return 'invalid';
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const second = Number(match[3] ?? 0);
  const meridiem = match[4]?.replaceAll('.', '');
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return 'invalid';
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hour > 24 || minute > 59 || second > 59 || (hour === 24 && (minute > 0 || second > 0))) return 'invalid';
  return { hour: hour === 24 ? 0 : hour, minute, second };
}

const statusWords: ReadonlyMap<string, PerformanceStatus> = new Map([
  ['abgesagt', 'cancelled'],
  ['entfällt', 'cancelled'],
  ['entfaellt', 'cancelled'],
  ['ausgefallen', 'cancelled'],
  ['fällt aus', 'cancelled'],
  ['storniert', 'cancelled'],
  ['cancelled', 'cancelled'],
  ['canceled', 'cancelled'],
  ['ausverkauft', 'sold_out'],
  ['sold out', 'sold_out'],
  ['soldout', 'sold_out'],
  ['sold_out', 'sold_out'],
  ['verschoben', 'rescheduled'],
  ['verlegt', 'rescheduled'],
  ['rescheduled', 'rescheduled'],
  ['postponed', 'rescheduled'],
  ['geplant', 'scheduled'],
  ['findet statt', 'scheduled'],
  ['aktiv', 'scheduled'],
  ['active', 'scheduled'],
  ['scheduled', 'scheduled'],
  ['confirmed', 'scheduled'],
  ['bestätigt', 'scheduled'],
  ['im verkauf', 'scheduled'],
  ['on sale', 'scheduled'],
  ['buchbar', 'scheduled'],
  ['ok', 'scheduled'],
]);

export function readStatus(cell: string | undefined): PerformanceStatus | 'invalid' | undefined {
  const text = cell?.trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === undefined || text.length === 0) return undefined;
  return statusWords.get(text) ?? 'invalid';
}

/** A whole count: 450, 1.200, 1,200, 1 200. */
export function readCount(cell: string | undefined): number | 'invalid' | undefined {
  const text = cell?.trim().replace(/[\s.,']/g, '');
  if (text === undefined || text.length === 0) return undefined;
  return /^\d+$/.test(text) ? Number(text) : 'invalid';
}
