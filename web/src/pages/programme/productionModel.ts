import type { Audience, Person, Production, ProductionKind, TimeRange, Weekday } from '../../api/types.ts';
import { weekdays } from '../../api/types.ts';

/* The production editor's form values and their mapping to and from the API. */

export interface PersonRow {
  name: string;
  role: string;
}

export interface ProductionValues {
  kind: ProductionKind;
  unitId: string | null;
  slug: string;
  title: { de: string; en: string };
  subtitle: { de: string; en: string };
  description: { de: string; en: string };
  genres: string[];
  tags: string[];
  audience: Audience;
  ageMin: number | string;
  ageMax: number | string;
  durationMinutes: number | string;
  performanceLanguage: string | null;
  surtitles: string[];
  accessibility: string[];
  performers: PersonRow[];
  creativeTeam: PersonRow[];
  imageUrl: string;
  bookingUrl: string;
  venueId: string | null;
  runsFrom: string | null;
  runsUntil: string | null;
  weekly: Record<Weekday, TimeRange[]>;
}

const pair = (text: { de: string | null; en: string | null }) => ({ de: text.de ?? '', en: text.en ?? '' });
const people = (list: Person[]) => list.map((person) => ({ name: person.name, role: person.role ?? '' }));

export function emptyWeek(): Record<Weekday, TimeRange[]> {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
}

export function valuesOf(production: Production | undefined, defaults: { unitId: string | null }): ProductionValues {
  const weekly = emptyWeek();
  for (const day of weekdays) weekly[day] = [...(production?.openingHours?.weekly[day] ?? [])];
  return {
    kind: production?.kind ?? 'staged',
    unitId: production?.unitId ?? defaults.unitId,
    slug: production?.slug ?? '',
    title: production ? { de: production.title.de, en: production.title.en ?? '' } : { de: '', en: '' },
    subtitle: production ? pair(production.subtitle) : { de: '', en: '' },
    description: production ? pair(production.description) : { de: '', en: '' },
    genres: production?.genres ?? [],
    tags: production?.tags ?? [],
    audience: production?.audience ?? 'adults',
    ageMin: production?.ageMin ?? '',
    ageMax: production?.ageMax ?? '',
    durationMinutes: production?.durationMinutes ?? '',
    performanceLanguage: production?.performanceLanguage ?? null,
    surtitles: production?.surtitles ?? [],
    accessibility: production?.accessibility ?? [],
    performers: people(production?.performers ?? []),
    creativeTeam: people(production?.creativeTeam ?? []),
    imageUrl: production?.imageUrl ?? '',
    bookingUrl: production?.bookingUrl ?? '',
    venueId: production?.venueId ?? null,
    runsFrom: production?.runsFrom ?? null,
    runsUntil: production?.runsUntil ?? null,
    weekly,
  };
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());
const numberOrNull = (value: number | string) => (value === '' || value === null ? null : Number(value));
const textPair = (text: { de: string; en: string }) => ({ de: orNull(text.de), en: orNull(text.en) });
const personList = (rows: PersonRow[]) =>
  rows.filter((row) => row.name.trim() !== '').map((row) => ({ name: row.name.trim(), role: orNull(row.role) }));

/** The body of POST or PATCH /api/productions. Dated opening-hour exceptions are kept as they were. */
export function bodyOf(values: ProductionValues, original: Production | undefined) {
  const exhibition = values.kind === 'exhibition';
  const weekly: Partial<Record<Weekday, TimeRange[]>> = {};
  for (const day of weekdays) {
    const ranges = values.weekly[day].filter((range) => range.opens !== '' && range.closes !== '');
    if (ranges.length > 0) weekly[day] = ranges;
  }
  const exceptions = (original?.openingHours?.exceptions ?? []).map((exception) => ({
    date: exception.date,
    closed: exception.closed,
    hours: exception.hours,
    ...(exception.note !== null ? { note: exception.note } : {}),
  }));
  const hasHours = Object.keys(weekly).length > 0 || exceptions.length > 0;
  return {
    kind: values.kind,
    unitId: values.unitId,
    ...(values.slug.trim() !== '' ? { slug: values.slug.trim() } : {}),
    title: { de: values.title.de.trim(), en: orNull(values.title.en) },
    subtitle: textPair(values.subtitle),
    description: textPair(values.description),
    genres: values.genres,
    tags: values.tags,
    audience: values.audience,
    ageMin: numberOrNull(values.ageMin),
    ageMax: numberOrNull(values.ageMax),
    durationMinutes: numberOrNull(values.durationMinutes),
    performanceLanguage: values.performanceLanguage,
    surtitles: values.surtitles,
    accessibility: values.accessibility,
    performers: personList(values.performers),
    creativeTeam: personList(values.creativeTeam),
    imageUrl: orNull(values.imageUrl),
    bookingUrl: orNull(values.bookingUrl),
    venueId: values.venueId,
    // Runs and opening hours belong to exhibitions; a staged production has none.
    runsFrom: exhibition ? values.runsFrom : null,
    runsUntil: exhibition ? values.runsUntil : null,
    openingHours: exhibition && hasHours ? { weekly, exceptions } : null,
  };
}

/** Server field names to form paths: the opening hours are edited as `weekly.*`. */
export function productionField(field: string): string {
  return field.replace(/^openingHours\.weekly\./, 'weekly.').replace(/^openingHours$/, 'weekly');
}
