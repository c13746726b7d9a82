import { DateTime } from 'luxon';

/**
 * Expands a production's compact schedule (as written in examples/demo-house/
 * productions.json) into performance start times. Pure and deterministic: the same
 * schedule and calendar always give the same list, in start order.
 *
 * Times are written as local wall-clock times of the house ('2026-10-25 19:30') and
 * converted with the house's IANA zone, so a Saturday 19:30 stays 19:30 across the
 * change from summer to winter time.
 */

/** A local date and time of the house: 'YYYY-MM-DD HH:mm'. */
export type LocalDateTime = string;
/** A calendar date: 'YYYY-MM-DD'. */
export type LocalDate = string;

export interface DateRange {
  from: LocalDate;
  until: LocalDate;
}

export interface LocalizedNote {
  de: string;
  en: string;
}

/** The house's calendar: which days a rule may skip, and the days the house is closed. */
export interface HouseCalendar {
  timeZone: string;
  /** Public holidays. */
  holidays: readonly LocalDate[];
  /** School holidays of the state: no school performances then. */
  schoolHolidays: readonly DateRange[];
  /** Days without any performance (24 December, Good Friday); rules always skip them. */
  closed: readonly LocalDate[];
}

export type Exclusion = 'holidays' | 'school_holidays' | LocalDate;

/** "Fr/Sa 19:30 from 2026-10-02 until 2027-01-30 except holidays". */
export interface ScheduleRule {
  /** Weekdays, German or English two-letter names: 'Fr/Sa', 'Di-Fr', 'Tu-Fr/Su'. */
  days: string;
  at: string | readonly string[];
  from: LocalDate;
  until: LocalDate;
  /** 2 plays every other week, counted from the week of `from`. */
  everyWeeks?: number;
  except?: readonly Exclusion[];
  note?: LocalizedNote;
}

export interface ScheduleChange {
  at: LocalDateTime;
  note?: LocalizedNote;
}

export interface Rescheduling {
  from: LocalDateTime;
  to: LocalDateTime;
  note?: LocalizedNote;
}

export interface Schedule {
  premiere?: LocalDateTime;
  /** The first performance of a production revived from an earlier season. */
  revival?: LocalDateTime;
  dates?: readonly LocalDateTime[];
  rules?: readonly ScheduleRule[];
  /** Dates or date-times the rules would produce but that do not take place. */
  skip?: readonly (LocalDate | LocalDateTime)[];
  cancelled?: readonly ScheduleChange[];
  rescheduled?: readonly Rescheduling[];
  soldOut?: readonly LocalDateTime[];
  audioDescription?: readonly LocalDateTime[];
  signLanguage?: readonly LocalDateTime[];
  relaxed?: readonly LocalDateTime[];
  touchTour?: readonly LocalDateTime[];
  notes?: readonly (ScheduleChange & { note: LocalizedNote })[];
}

export type PlannedStatus = 'scheduled' | 'cancelled' | 'rescheduled' | 'sold_out';
export type PerformanceFeature = 'audio_description' | 'sign_language' | 'relaxed' | 'touch_tour';

export interface PlannedPerformance {
  local: LocalDateTime;
  startsAt: string;
  endsAt: string | null;
  status: PlannedStatus;
  /** For a rescheduled performance: the instant it was first planned for. */
  rescheduledFrom: string | null;
  features: PerformanceFeature[];
  note: LocalizedNote | null;
}

export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

const weekdayNames: Record<string, number> = {
  mo: 1, di: 2, tu: 2, mi: 3, we: 3, do: 4, th: 4, fr: 5, sa: 6, so: 7, su: 7,
};

/** 'Di-Fr/So' -> {2,3,4,5,7} (ISO weekdays, Monday = 1). */
export function parseDays(days: string): Set<number> {
  const result = new Set<number>();
  for (const part of days.split('/')) {
    const [first, last, extra] = part.split('-').map((name) => name.trim().toLowerCase());
    const start = first === undefined ? undefined : weekdayNames[first];
    const end = last === undefined ? start : weekdayNames[last];
    if (start === undefined || end === undefined || extra !== undefined) {
      throw new ScheduleError(`unknown weekdays "${days}": write e.g. "Fr/Sa" or "Di-So"`);
    }
    // A range may wrap over the week's end: 'Sa-Mo' is Saturday, Sunday, Monday.
    for (let day = start; ; day = (day % 7) + 1) {
      result.add(day);
      if (day === end) break;
    }
  }
  return result;
}

const localDatePattern = /^\d{4}-\d{2}-\d{2}$/;
const localDateTimePattern = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$/;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar date as the number of days since 1970-01-01; plain arithmetic keeps long rules cheap. */
function parseLocalDate(value: string, what: string): number {
  const time = localDatePattern.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    throw new ScheduleError(`${what}: "${value}" is not a date (YYYY-MM-DD)`);
  }
  return time / DAY_MS;
}

function dayToDate(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday (Monday = 1) of a day number; 1970-01-01 was a Thursday. */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** The UTC instant of a wall-clock time in the zone; refuses times that do not exist there. */
export function localToInstant(local: LocalDateTime, timeZone: string): DateTime {
  const match = localDateTimePattern.exec(local);
  if (match === null) throw new ScheduleError(`"${local}" is not a local date and time (YYYY-MM-DD HH:mm)`);
  const [year, month, day] = (match[1] ?? '').split('-').map(Number);
  const [hour, minute] = (match[2] ?? '').split(':').map(Number);
  const instant = DateTime.fromObject({ year, month, day, hour, minute }, { zone: timeZone });
  if (!instant.isValid) throw new ScheduleError(`"${local}" is not a valid time in ${timeZone}: ${instant.invalidExplanation ?? ''}`);
  // Luxon moves a time inside the spring-forward gap to a real one; a performance at a
  // time that does not exist is a mistake in the data, not something to guess about.
  if (instant.hour !== hour || instant.minute !== minute || instant.day !== day) {
    throw new ScheduleError(`"${local}" does not exist in ${timeZone} (clocks change)`);
  }
  return instant.toUTC();
}

function spelledDate(local: LocalDateTime, language: 'de' | 'en'): string {
  const date = DateTime.fromISO(local.replace(' ', 'T'), { zone: 'UTC', locale: language });
  return language === 'de' ? date.toFormat("d. MMMM yyyy, HH:mm 'Uhr'") : date.toFormat('d MMMM yyyy, h:mm a');
}

function isoString(instant: DateTime): string {
  return instant.toJSDate().toISOString();
}

const featureNotes: Record<PerformanceFeature, LocalizedNote> = {
  audio_description: { de: 'Mit Audiodeskription', en: 'With audio description' },
  sign_language: { de: 'Mit Übersetzung in Deutsche Gebärdensprache', en: 'With German Sign Language interpretation' },
  relaxed: { de: 'Relaxed Performance: entspannte Atmosphäre, Kommen und Gehen erlaubt', en: 'Relaxed performance: a calm atmosphere, come and go as you need' },
  touch_tour: { de: 'Mit Tastführung vor der Vorstellung', en: 'With a touch tour before the performance' },
};

function inRanges(date: string, ranges: readonly DateRange[]): boolean {
  return ranges.some((range) => date >= range.from && date <= range.until);
}

function expandRule(rule: ScheduleRule, calendar: HouseCalendar): LocalDateTime[] {
  const days = parseDays(rule.days);
  const times = typeof rule.at === 'string' ? [rule.at] : [...rule.at];
  for (const time of times) if (!/^\d{2}:\d{2}$/.test(time)) throw new ScheduleError(`rule ${rule.days}: "${time}" is not a time (HH:mm)`);
  const from = parseLocalDate(rule.from, `rule ${rule.days} from`);
  const until = parseLocalDate(rule.until, `rule ${rule.days} until`);
  if (until < from) throw new ScheduleError(`rule ${rule.days}: until ${rule.until} is before from ${rule.from}`);
  const everyWeeks = rule.everyWeeks ?? 1;
  if (!Number.isInteger(everyWeeks) || everyWeeks < 1) throw new ScheduleError(`rule ${rule.days}: everyWeeks must be a whole number from 1`);
  const except = rule.except ?? [];
  const skipHolidays = except.includes('holidays');
  const skipSchoolHolidays = except.includes('school_holidays');
  const skipDates = new Set(except.filter((entry) => localDatePattern.test(entry)));
  const holidays = new Set(calendar.holidays);
  const closed = new Set(calendar.closed);
  const firstMonday = from - (isoWeekday(from) - 1);

  const result: LocalDateTime[] = [];
  for (let day = from; day <= until; day += 1) {
    if (!days.has(isoWeekday(day))) continue;
    if (Math.floor((day - firstMonday) / 7) % everyWeeks !== 0) continue;
    const date = dayToDate(day);
    if (closed.has(date) || skipDates.has(date)) continue;
    if (skipHolidays && holidays.has(date)) continue;
    if (skipSchoolHolidays && inRanges(date, calendar.schoolHolidays)) continue;
    for (const time of times) result.push(`${date} ${time}`);
  }
  return result;
}

function joinNotes(notes: LocalizedNote[]): LocalizedNote | null {
  if (notes.length === 0) return null;
  return { de: notes.map((n) => n.de).join(' · '), en: notes.map((n) => n.en).join(' · ') };
}

/**
 * The performances of one production. `durationMinutes` gives each its end. Every date
 * a status or note refers to must be one the schedule produces: a typo in the data is
 * an error here, not a silently ignored line.
 */
export function expandSchedule(schedule: Schedule, calendar: HouseCalendar, durationMinutes: number | null = null): PlannedPerformance[] {
  const closed = new Set(calendar.closed);
  const explicit = [schedule.premiere, schedule.revival, ...(schedule.dates ?? [])].filter((d): d is string => d !== undefined);
  for (const local of explicit) {
    localToInstant(local, calendar.timeZone);
    if (closed.has(local.slice(0, 10))) throw new ScheduleError(`${local}: the house is closed on that day`);
  }
  const locals = new Set<LocalDateTime>(explicit);
  const ruleNotes = new Map<LocalDateTime, LocalizedNote[]>();
  for (const rule of schedule.rules ?? []) {
    for (const local of expandRule(rule, calendar)) {
      locals.add(local);
      if (rule.note !== undefined) ruleNotes.set(local, [...(ruleNotes.get(local) ?? []), rule.note]);
    }
  }

  for (const skip of schedule.skip ?? []) {
    const matches = [...locals].filter((local) => (localDatePattern.test(skip) ? local.startsWith(`${skip} `) : local === skip));
    if (matches.length === 0) throw new ScheduleError(`skip ${skip}: no performance on that date`);
    for (const local of matches) locals.delete(local);
  }

  function requireExisting(local: LocalDateTime, what: string) {
    if (!locals.has(local)) throw new ScheduleError(`${what} ${local}: no performance at that time`);
  }

  const moved = new Map<LocalDateTime, Rescheduling>();
  for (const change of schedule.rescheduled ?? []) {
    requireExisting(change.from, 'rescheduled');
    localToInstant(change.to, calendar.timeZone);
    if (locals.has(change.to)) throw new ScheduleError(`rescheduled to ${change.to}: there is already a performance then`);
    locals.delete(change.from);
    locals.add(change.to);
    moved.set(change.to, change);
  }

  const status = new Map<LocalDateTime, PlannedStatus>();
  const notes = new Map<LocalDateTime, LocalizedNote[]>();
  const features = new Map<LocalDateTime, PerformanceFeature[]>();
  const addNote = (local: LocalDateTime, note: LocalizedNote) => notes.set(local, [...(notes.get(local) ?? []), note]);

  if (schedule.premiere !== undefined && locals.has(schedule.premiere)) addNote(schedule.premiere, { de: 'Premiere', en: 'Premiere' });
  if (schedule.revival !== undefined && locals.has(schedule.revival)) addNote(schedule.revival, { de: 'Wiederaufnahme', en: 'Revival' });
  for (const [local, list] of ruleNotes) if (locals.has(local)) for (const note of list) addNote(local, note);

  for (const [to, change] of moved) {
    status.set(to, 'rescheduled');
    addNote(to, change.note ?? { de: `Verlegt vom ${spelledDate(change.from, 'de')}`, en: `Moved from ${spelledDate(change.from, 'en')}` });
  }
  for (const local of schedule.soldOut ?? []) {
    requireExisting(local, 'sold out');
    status.set(local, 'sold_out');
  }
  for (const change of schedule.cancelled ?? []) {
    requireExisting(change.at, 'cancelled');
    if (status.get(change.at) === 'rescheduled') throw new ScheduleError(`cancelled ${change.at}: that performance was just rescheduled`);
    status.set(change.at, 'cancelled');
    addNote(change.at, change.note ?? { de: 'Diese Vorstellung entfällt.', en: 'This performance is cancelled.' });
  }
  const featureLists: [PerformanceFeature, readonly LocalDateTime[] | undefined][] = [
    ['audio_description', schedule.audioDescription],
    ['sign_language', schedule.signLanguage],
    ['relaxed', schedule.relaxed],
    ['touch_tour', schedule.touchTour],
  ];
  for (const [feature, list] of featureLists) {
    for (const local of list ?? []) {
      requireExisting(local, feature.replace('_', ' '));
      features.set(local, [...(features.get(local) ?? []), feature]);
      addNote(local, featureNotes[feature]);
    }
  }
  for (const entry of schedule.notes ?? []) {
    requireExisting(entry.at, 'note');
    addNote(entry.at, entry.note);
  }

  return [...locals]
    .map((local): PlannedPerformance => {
      const start = localToInstant(local, calendar.timeZone);
      const change = moved.get(local);
      return {
        local,
        startsAt: isoString(start),
        endsAt: durationMinutes === null ? null : isoString(start.plus({ minutes: durationMinutes })),
        status: status.get(local) ?? 'scheduled',
        rescheduledFrom: change === undefined ? null : isoString(localToInstant(change.from, calendar.timeZone)),
        features: features.get(local) ?? [],
        note: joinNotes(notes.get(local) ?? []),
      };
    })
    .sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0));
}
