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
  /** "24:00": midnight at the end of the day, which is 00:00 of the next. */
  nextDay?: true;
}

export interface CellDateTime {
  date: CellDate;
  time?: CellTime;
  /** The end of a range in the cell: "24.12.2026 19:30-21:30". */
  endTime?: CellTime;
  /** An offset written in the cell (ISO 8601), in minutes east of UTC. */
  offsetMinutes?: number;
}

/** No zone on earth is further from UTC (Kiribati, +14:00). */
const MAX_OFFSET_MINUTES = 14 * 60;

function validDate(year: number, month: number, day: number): CellDate | 'invalid' {
  const check = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || year > 2200 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return 'invalid';
  return { year, month, day };
}

/**
 * A date, possibly with a time: 24.12.2026, 24.12.26, 2026-12-24, 24/12/2026 (day first
 * unless the second number cannot be a month), with a weekday before it ("Do, 24.12.2026")
 * and a time after it ("24.12.2026 19:30", "2026-12-24T19:30:00+01:00") or a range of
 * times ("24.12.2026 19:30-21:30").
 */
export function readDate(cell: string | undefined): CellDateTime | 'invalid' | undefined {
  const text = cell?.trim().replace(/^[A-Za-zÄÖÜäöü]{2,10}\.?,?\s+(?=\d)/, '');
  if (text === undefined || text.length === 0) return undefined;
  let date: CellDate | 'invalid';
  let rest: string;
  let isoWithT = false;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([T\s,]+)(.*))?$/i.exec(text);
  if (match !== null) {
    date = validDate(Number(match[1]), Number(match[2]), Number(match[3]));
    isoWithT = /t/i.test(match[4] ?? '');
    rest = match[5] ?? '';
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
  const tail = rest.trim();
  if (tail.length === 0) return { date };
  const withOffset = readOffset(tail, isoWithT);
  if (withOffset !== undefined) return { date, ...withOffset };
  const range = readTimeRange(tail);
  if (range !== 'invalid') return { date, time: range.start, ...(range.end === undefined ? {} : { endTime: range.end }) };
  return 'invalid';
}

/**
 * A time with an ISO 8601 offset: "19:30:00+01:00", "19:30Z". "19:30-21:30" is read as
 * a range, not as 19:30 at UTC-21:30: a ±hh:mm offset counts only after an ISO date
 * with 'T' or a time with seconds, and only up to ±14:00.
 */
function readOffset(text: string, isoWithT: boolean): { time: CellTime; offsetMinutes: number } | undefined {
  const offset = /(Z|[+-]\d{2}:?\d{2})$/i.exec(text);
  if (offset === null) return undefined;
  const timeText = text.slice(0, -offset[0].length).trim();
  const time = readTime(timeText);
  if (time === undefined || time === 'invalid') return undefined;
  const written = (offset[1] ?? '').toUpperCase();
  if (written === 'Z') return { time, offsetMinutes: 0 };
  const withSeconds = /^\d{1,2}[:.]\d{2}[:.]\d{2}/.test(timeText);
  if (!isoWithT && !withSeconds) return undefined;
  const digits = written.replace(/[+:-]/g, '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  if (minutes > MAX_OFFSET_MINUTES) return undefined;
  return { time, offsetMinutes: (written.startsWith('-') ? -1 : 1) * minutes };
}

/** A time, or a range of two: "19:30", "19:30-21:30", "19:30 – 21:30 Uhr", "7 pm - 9 pm". */
export function readTimeRange(cell: string): { start: CellTime; end?: CellTime } | 'invalid' {
  const single = readTime(cell);
  if (single !== undefined && single !== 'invalid') return { start: single };
  const match = /^(.+?)\s*[-–—]\s*(.+)$/.exec(cell.trim());
  if (match === null) return 'invalid';
  const start = readTime(match[1]);
  const end = readTime(match[2]);
  if (start === undefined || start === 'invalid' || end === undefined || end === 'invalid') return 'invalid';
  return { start, end };
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
  return hour === 24 ? { hour: 0, minute, second, nextDay: true } : { hour, minute, second };
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
