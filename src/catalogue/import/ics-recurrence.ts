import ICAL from 'ical.js';
import { addDays, isoDate, midnight, wallMs } from './local-time.ts';
import type { Jcal } from './ics-events.ts';
import { icsTimeOf, tzidOf, wallOf, type IcalTime, type IcsTime, type IcsZones } from './ics-timezones.ts';

/*
 * A recurring event's occurrences: RRULE expanded by ical.js in wall-clock time, each
 * start read in the event's zone (so 19:30 stays 19:30 across a clock change), RDATEs
 * added, EXDATEs taken out. UNTIL is compared here, as an instant: ical.js compares it
 * with zone-less times and drops the last occurrence when UNTIL is given in UTC.
 * Occurrences before the floor (today) are left out and not counted: a daily series
 * that began ten years ago still gets its coming dates.
 */

type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalPeriod = InstanceType<typeof ICAL.Period>;
type IcalRecur = InstanceType<typeof ICAL.Recur>;

/** No real programme has more occurrences from today to the horizon. */
const MAX_OCCURRENCES = 5_000;
/**
 * Steps of the iterator, past occurrences included: a daily series from 1900 to the
 * horizon is about 46,000; a FREQ=MINUTELY rule must not run for minutes.
 */
const MAX_STEPS = 100_000;

export interface Occurrence {
  /** The instant the occurrence was planned at: what a RECURRENCE-ID names. */
  id: number;
  start: number;
  /** Set when an RDATE period gives its own end. */
  end?: number;
}

export interface Series {
  occurrences: Occurrence[];
  /** An RRULE without COUNT or UNTIL: expanded up to the horizon only. */
  openEnded: boolean;
  /** A bounded RRULE that runs past the horizon: cut there too. */
  cutAtHorizon: boolean;
  /** Occurrences left out because they are before the floor. */
  beforeFloor: number;
  problems: string[];
}

function isPeriod(value: unknown): value is IcalPeriod {
  return value instanceof ICAL.Period;
}

function isTime(value: unknown): value is IcalTime {
  return value instanceof ICAL.Time;
}

/** The last instant an UNTIL allows. A date means the whole day. */
function untilInstant(until: IcalTime, start: IcsTime, zones: IcsZones, houseZone: string): number {
  if (until.isDate) return midnight(addDays(wallOf(until), 1), houseZone) - 1;
  if (until.zone === ICAL.Timezone.utcTimezone) return wallMs(wallOf(until));
  return zones.instantLike(wallOf(until), start);
}

export interface SeriesOptions {
  zones: IcsZones;
  houseZone: string;
  /** The last instant to expand to. */
  horizon: number;
  /** The first instant to keep: occurrences before it are skipped, and not counted against the limit. */
  floor: number;
  where: string;
}

export function expandSeries(jcal: Jcal, start: IcsTime, options: SeriesOptions): Series {
  const { zones, houseZone, horizon, floor, where } = options;
  const event: IcalComponent = new ICAL.Component(jcal);
  const tzid = start.tzid;
  const series: Series = { occurrences: [], openEnded: false, cutAtHorizon: false, beforeFloor: 0, problems: [] };
  const byId = new Map<number, Occurrence>();
  /** Dates of the occurrences, for EXDATEs given as a date only. */
  const dates = new Map<number, string>();
  const past = new Set<number>();
  // DTSTART is always the first occurrence (RFC 5545 3.8.5.3), also when only RDATEs follow; before the floor it is left out like any other.
  const first = zones.instant(start, where);
  if (first < floor) past.add(first);
  else {
    byId.set(first, { id: first, start: first });
    dates.set(first, isoDate(start.wall));
  }

  for (const property of event.getAllProperties('rrule')) {
    const value = property.getFirstValue();
    if (!(value instanceof ICAL.Recur)) continue;
    const rule: IcalRecur = value.clone();
    const until = rule.until;
    rule.until = null;
    const last = until === null ? undefined : untilInstant(until, start, zones, houseZone);
    if (until === null && rule.count === null) series.openEnded = true;
    try {
      const iterator = rule.iterator(ICAL.Time.fromData({ ...start.wall, isDate: start.isDate }));
      let steps = 0;
      for (let time: IcalTime | null = iterator.next(); time !== null && time !== undefined; time = iterator.next()) {
        steps += 1;
        const instant = zones.instantLike(wallOf(time), start);
        if (last !== undefined && instant > last) break;
        if (instant > horizon) {
          if (until !== null || rule.count !== null) series.cutAtHorizon = true;
          break;
        }
        if (steps > MAX_STEPS) {
          series.problems.push(`the recurrence takes more than ${MAX_STEPS} steps to expand: only the ${byId.size} occurrence(s) found by then are imported`);
          break;
        }
        if (instant < floor) {
          past.add(instant);
          continue;
        }
        if (byId.size >= MAX_OCCURRENCES) {
          series.problems.push(`the recurrence produces too many occurrences: only the first ${byId.size} are imported`);
          break;
        }
        if (!byId.has(instant)) {
          byId.set(instant, { id: instant, start: instant });
          dates.set(instant, isoDate(wallOf(time)));
        }
      }
    } catch (error) {
      series.problems.push(`RRULE "${value.toString()}" could not be expanded: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  for (const property of event.getAllProperties('rdate')) {
    const rdateTzid = tzidOf(property);
    for (const value of property.getValues()) {
      const time = isPeriod(value) ? value.start : isTime(value) ? value : undefined;
      if (time === undefined) continue;
      const instant = zones.instant(icsTimeOf(time, rdateTzid), where);
      if (instant < floor) {
        past.add(instant);
        continue;
      }
      if (byId.has(instant)) continue;
      const occurrence: Occurrence = { id: instant, start: instant };
      if (isPeriod(value)) occurrence.end = zones.instant(icsTimeOf(value.getEnd(), rdateTzid), where);
      byId.set(instant, occurrence);
      dates.set(instant, isoDate(wallOf(time)));
    }
  }

  const excludedInstants = new Set<number>();
  const excludedDates = new Set<string>();
  for (const property of event.getAllProperties('exdate')) {
    const exdateTzid = tzidOf(property);
    for (const value of property.getValues()) {
      if (!isTime(value)) continue;
      if (value.isDate || start.isDate) excludedDates.add(isoDate(wallOf(value)));
      else {
        excludedInstants.add(zones.instant(icsTimeOf(value, exdateTzid ?? tzid), where));
      }
    }
  }
  for (const occurrence of byId.values()) {
    if (excludedInstants.has(occurrence.id) || excludedDates.has(dates.get(occurrence.id) ?? '')) continue;
    series.occurrences.push(occurrence);
  }
  series.occurrences.sort((a, b) => a.id - b.id);
  series.beforeFloor = past.size;
  return series;
}
