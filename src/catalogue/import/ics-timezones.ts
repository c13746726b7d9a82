import ICAL from 'ical.js';
import { isValidWall, midnight, resolveZoneName, wallMs, wallToUtc, type WallTime } from './local-time.ts';
import type { Warning } from './model.ts';

/*
 * Which zone an iCalendar time is in. A TZID that names an IANA or Windows zone is read
 * with the real zone rules (more current than a VTIMEZONE copied years ago); a made-up
 * TZID falls back to its VTIMEZONE; an unknown one to the house zone, with a warning.
 */

export type IcalTime = InstanceType<typeof ICAL.Time>;
type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalProperty = InstanceType<typeof ICAL.Property>;

type ZoneRule = (wall: WallTime) => number;

interface UnknownZone {
  firstWhere: string;
  events: number;
}

/** A DTSTART, DTEND, RDATE ... value as written: a wall time, a date, or a UTC time. */
export interface IcsTime {
  wall: WallTime;
  isDate: boolean;
  isUtc: boolean;
  tzid: string | undefined;
}

export function wallOf(time: IcalTime): WallTime {
  return { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second };
}

/** An ical.js time (from the recurrence iterator) as an IcsTime. */
export function icsTimeOf(time: IcalTime, tzid: string | undefined): IcsTime {
  return { wall: wallOf(time), isDate: time.isDate, isUtc: time.zone === ICAL.Timezone.utcTimezone, tzid };
}

const jcalTime = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z?))?$/;

/** A jCal date or date-time value ('2026-12-19', '2026-12-19T19:30:00', '...Z'); undefined if it is none. */
export function parseJcalTime(value: unknown, tzid: string | undefined): IcsTime | undefined {
  if (typeof value !== 'string') return undefined;
  const match = jcalTime.exec(value);
  if (match === null) return undefined;
  const wall: WallTime = {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4] ?? 0),
    minute: Number(match[5] ?? 0),
    second: Number(match[6] ?? 0),
  };
  if (!isValidWall(wall)) return undefined;
  return { wall, isDate: match[4] === undefined, isUtc: match[7] === 'Z', tzid };
}

/** The TZID parameter of a property, if any. */
export function tzidOf(property: IcalProperty): string | undefined {
  const value = property.getParameter('tzid');
  const tzid = Array.isArray(value) ? value[0] : value;
  return typeof tzid === 'string' && tzid.trim().length > 0 ? tzid : undefined;
}

function vtimezoneRule(component: IcalComponent): ZoneRule {
  const timezone = new ICAL.Timezone(component);
  return (wall) => wallMs(wall) - timezone.utcOffset(ICAL.Time.fromData({ ...wall, isDate: false })) * 1000;
}

export function createIcsZones(options: { houseZone: string; calendarZone: string | undefined; vtimezones: IcalComponent[] }) {
  const { houseZone } = options;
  const rules = new Map<string, ZoneRule | null>();
  const unknown = new Map<string, UnknownZone>();
  const warnings: Warning[] = [];
  const byTzid = new Map<string, IcalComponent>();
  for (const component of options.vtimezones) {
    const tzid = component.getFirstPropertyValue('tzid');
    if (typeof tzid === 'string') byTzid.set(tzid, component);
  }
  const house: ZoneRule = (wall) => wallToUtc(wall, houseZone);
  const calendarIana = options.calendarZone === undefined ? undefined : resolveZoneName(options.calendarZone);
  if (options.calendarZone !== undefined && calendarIana === undefined) {
    warnings.push({ message: `calendar time zone "${options.calendarZone}" (X-WR-TIMEZONE) is unknown: times without a zone are read in ${houseZone}` });
  }
  /** Times without a zone ("floating") are read in the calendar's zone if it names one, else in the house's. */
  const floating: ZoneRule = calendarIana === undefined ? house : (wall) => wallToUtc(wall, calendarIana);

  function ruleFor(tzid: string): ZoneRule | null {
    const known = rules.get(tzid);
    if (known !== undefined) return known;
    let rule: ZoneRule | null = null;
    const iana = resolveZoneName(tzid);
    const component = byTzid.get(tzid);
    if (iana !== undefined) {
      rule = (wall) => wallToUtc(wall, iana);
    } else if (component !== undefined) {
      const location = component.getFirstPropertyValue('x-lic-location');
      const located = typeof location === 'string' ? resolveZoneName(location) : undefined;
      if (located !== undefined) rule = (wall) => wallToUtc(wall, located);
      else {
        try {
          rule = vtimezoneRule(component);
        } catch {
          rule = null;
        }
      }
    }
    rules.set(tzid, rule);
    return rule;
  }

  /** The instant of a time. All-day dates are midnight in the house zone whatever their TZID. */
  function instant(time: IcsTime, where: string): number {
    const { wall, tzid } = time;
    if (time.isDate) return midnight(wall, houseZone);
    if (time.isUtc) return wallMs(wall);
    if (tzid === undefined) return floating(wall);
    const rule = ruleFor(tzid);
    if (rule !== null) return rule(wall);
    const seen = unknown.get(tzid);
    if (seen === undefined) unknown.set(tzid, { firstWhere: where, events: 1 });
    else seen.events += 1;
    return house(wall);
  }

  /** The instant a wall time stands for, read like a reference time (same zone, date or not). */
  function instantLike(wall: WallTime, like: IcsTime): number {
    if (like.isDate) return midnight(wall, houseZone);
    if (like.isUtc) return wallMs(wall);
    if (like.tzid === undefined) return floating(wall);
    return (ruleFor(like.tzid) ?? house)(wall);
  }

  function zoneWarnings(): Warning[] {
    const all = [...warnings];
    for (const [tzid, seen] of unknown) {
      const more = seen.events > 1 ? ` and ${seen.events - 1} more time(s)` : '';
      all.push({ where: seen.firstWhere, message: `time zone "${tzid}" is unknown (used here${more}): its times are read in the house zone ${houseZone}` });
    }
    return all;
  }

  return { instant, instantLike, zoneWarnings };
}

export type IcsZones = ReturnType<typeof createIcsZones>;
