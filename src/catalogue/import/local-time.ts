import { findIana } from 'windows-iana';

/*
 * Wall-clock times in named zones, for every import format. Built on Intl with a cache
 * instead of Luxon: converting 30,000 wall times took 480 ms with Luxon and a few ms
 * here, and a 10,000-event calendar needs that many.
 */

/** A local date and time as written in a source; month 1-12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Zone offsets change on quarter hours at the finest (checked against the whole tz database). */
const BUCKET = 15 * MINUTE;

const validZones = new Map<string, boolean>();

/** True for a zone name Intl knows (IANA names, their aliases, UTC). */
export function isIanaZone(name: string): boolean {
  const known = validZones.get(name);
  if (known !== undefined) return known;
  let valid = name.length > 0;
  if (valid) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
    } catch {
      valid = false;
    }
  }
  validZones.set(name, valid);
  return valid;
}

let ianaByCity: Map<string, string> | undefined;

function zoneForCity(city: string): string | undefined {
  if (ianaByCity === undefined) {
    ianaByCity = new Map();
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const tail = zone.slice(zone.lastIndexOf('/') + 1).replaceAll('_', ' ').toLowerCase();
      if (!ianaByCity.has(tail)) ianaByCity.set(tail, zone);
    }
  }
  return ianaByCity.get(city.trim().toLowerCase());
}

const resolved = new Map<string, string | undefined>();

/**
 * The IANA zone a source's zone name means, or undefined. Understands IANA names,
 * Windows names ("W. Europe Standard Time"), the path-like ids some programs write
 * ("/mozilla.org/20050126_1/Europe/Berlin") and Outlook's display names
 * ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna").
 */
export function resolveZoneName(raw: string): string | undefined {
  if (resolved.has(raw)) return resolved.get(raw);
  const name = raw.trim().replace(/^"|"$/g, '');
  let zone: string | undefined;
  if (isIanaZone(name)) zone = name;
  if (zone === undefined) zone = findIana(name)[0];
  if (zone === undefined) {
    const path = /([A-Za-z]+\/[A-Za-z_+-]+(?:\/[A-Za-z_+-]+)?)$/.exec(name);
    if (path?.[1] !== undefined && isIanaZone(path[1])) zone = path[1];
  }
  if (zone === undefined && /^\((UTC|GMT)/.test(name)) {
    for (const city of name.replace(/^\([^)]*\)/, '').split(',')) {
      zone = zoneForCity(city);
      if (zone !== undefined) break;
    }
  }
  resolved.set(raw, zone);
  return zone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();

/** The zone's offset from UTC in ms at an instant. */
export function zoneOffset(zone: string, utcMs: number): number {
  let cache = offsets.get(zone);
  if (cache === undefined) {
    cache = new Map();
    offsets.set(zone, cache);
  }
  const bucket = Math.floor(utcMs / BUCKET);
  const hit = cache.get(bucket);
  if (hit !== undefined) return hit;
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    formatters.set(zone, formatter);
  }
  const part = formatter.formatToParts(bucket * BUCKET).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(part);
  const offset = match === null ? 0 : (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * MINUTE;
  cache.set(bucket, offset);
  return offset;
}

export function wallMs(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/**
 * The instant a wall time in a zone stands for. Like RFC 5545 (and Temporal's
 * "compatible"): a time skipped by a clock change moves forward by the gap, a time
 * that happens twice means the first one.
 */
export function wallToUtc(wall: WallTime, zone: string): number {
  const local = wallMs(wall);
  const before = zoneOffset(zone, local - DAY);
  const after = zoneOffset(zone, local + DAY);
  const early = local - before;
  if (before === after || zoneOffset(zone, early) === before) return early;
  const late = local - after;
  if (zoneOffset(zone, late) === after) return late;
  return early;
}

/** The wall time of an instant in a zone. */
export function utcToWall(utcMs: number, zone: string): WallTime {
  return wallOfMs(utcMs + zoneOffset(zone, utcMs));
}

export function wallOfMs(ms: number): WallTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** Midnight at the start of a local date, as an instant. */
export function midnight(date: { year: number; month: number; day: number }, zone: string): number {
  return wallToUtc({ year: date.year, month: date.month, day: date.day, hour: 0, minute: 0, second: 0 }, zone);
}

export function isoDate(date: { year: number; month: number; day: number }): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** Adds calendar days to a date, returning the new date. */
export function addDays(date: { year: number; month: number; day: number }, days: number): WallTime {
  return wallOfMs(Date.UTC(date.year, date.month - 1, date.day + days));
}

/** True when the numbers form a real calendar date and time (no 31 February, no 25:00). */
export function isValidWall(wall: WallTime): boolean {
  if (![wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second].every(Number.isInteger)) return false;
  if (wall.year < 1900 || wall.year > 2200 || wall.hour > 23 || wall.minute > 59 || wall.second > 60) return false;
  const check = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  return check.getUTCMonth() === wall.month - 1 && check.getUTCDate() === wall.day;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

export interface ParsedDateTime {
  /** The instant; for a date without a time, midnight in the zone given. */
  ms: number;
  /** True when only a date was given. */
  dateOnly: boolean;
  /** The local date as written ('YYYY-MM-DD'). */
  date: string;
}

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * An ISO 8601 date or date-time as web pages write them: with an offset with or without
 * a colon (+01:00, +0100, +01), Z, or none (then read in `zone`), seconds and fractions
 * optional, 'T' or a space between date and time. Undefined if it is none of these.
 */
export function parseIsoDateTime(value: string, zone: string): ParsedDateTime | undefined {
  const match = isoPattern.exec(value.trim());
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, offset] = match;
  const wall: WallTime = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h ?? 0), minute: Number(mi ?? 0), second: Number(s ?? 0) };
  if (!isValidWall({ ...wall, second: Math.min(wall.second, 59) })) return undefined;
  const date = isoDate(wall);
  if (h === undefined) return { ms: midnight(wall, zone), dateOnly: true, date };
  if (offset === undefined) return { ms: wallToUtc(wall, zone), dateOnly: false, date };
  if (offset.toUpperCase() === 'Z') return { ms: wallMs(wall), dateOnly: false, date };
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0);
  if (minutes > 18 * 60) return undefined;
  return { ms: wallMs(wall) - sign * minutes * MINUTE, dateOnly: false, date };
}
