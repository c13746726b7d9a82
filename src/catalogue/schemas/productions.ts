import { z } from 'zod';
import { accessibilityFeatures, audiences, genreCodes } from '../genres.ts';
import { productionKinds, weekdays } from '../model.ts';
import { isoDate, optionalText, requiredText, slugInput, textDto, titlePatch, textInput, titleDto, titleInput } from '../schemas.ts';

/* Productions: staged works with performances, and exhibitions with a run and opening hours. */


const knownGenres = new Set(genreCodes);

/** Codes from the controlled vocabulary; the error lists every unknown one. */
export const genresInput = z
  .array(z.string().trim())
  .max(10)
  .superRefine((codes, ctx) => {
    const unknown = codes.filter((code) => !knownGenres.has(code));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown genre codes: ${unknown.join(', ')} (the codes are listed at GET /api/vocabulary; free words belong in tags)`,
      });
    }
  })
  .transform((codes) => [...new Set(codes)]);

export const genreCodeInput = z.string().refine((code) => knownGenres.has(code), 'unknown genre code (see GET /api/vocabulary)');

const wallClock = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:MM');
export const timeRangeInput = z.object({ opens: wallClock, closes: wallClock });

export const openingHoursInput = z
  .object({
    weekly: z.partialRecord(z.enum(weekdays), z.array(timeRangeInput).max(4)),
    exceptions: z
      .array(
        z.object({
          date: isoDate,
          closed: z.boolean().optional(),
          hours: z.array(timeRangeInput).max(4).optional(),
          note: textInput(300).optional(),
        }),
      )
      .max(400)
      .optional(),
  })
  .meta({
    id: 'OpeningHoursEdit',
    description: 'Weekly hours per weekday (a missing day is closed) and dated exceptions; an exception without hours, or with closed: true, is a closure.',
  });
export type OpeningHoursInput = z.output<typeof openingHoursInput>;

const personInput = z.object({ name: requiredText(200), role: optionalText(200) });

const productionFields = {
  kind: z.enum(productionKinds),
  unitId: z.uuid().nullish(),
  slug: slugInput,
  title: titleInput,
  subtitle: textInput(500),
  description: textInput(20_000),
  genres: genresInput,
  tags: z.array(z.string().trim().min(1).max(60)).max(30).transform((tags) => [...new Set(tags)]),
  audience: z.enum(audiences),
  ageMin: z.number().int().min(0).max(120).nullish(),
  ageMax: z.number().int().min(0).max(120).nullish(),
  durationMinutes: z.number().int().min(1).max(24 * 60).nullish(),
  performanceLanguage: z.string().regex(/^([a-z]{2}|none)$/, "ISO 639-1 code such as 'de', or 'none'").nullish(),
  surtitles: z.array(z.string().regex(/^[a-z]{2}$/, 'ISO 639-1 code such as en')).max(10),
  accessibility: z.array(z.enum(accessibilityFeatures)).max(accessibilityFeatures.length),
  performers: z.array(personInput).max(200),
  creativeTeam: z.array(personInput).max(200),
  imageUrl: z.url().max(2000).nullish(),
  bookingUrl: z.url().max(2000).nullish(),
  venueId: z.uuid().nullish(),
  runsFrom: isoDate.nullish(),
  runsUntil: isoDate.nullish(),
  openingHours: openingHoursInput.nullish(),
};

export const productionCreateInput = z
  .object(productionFields)
  .partial()
  .required({ title: true })
  .meta({ id: 'ProductionCreate' });
export const productionPatchInput = z.object({ ...productionFields, title: titlePatch }).partial().meta({ id: 'ProductionPatch' });
export type ProductionCreateInput = z.input<typeof productionCreateInput>;
export type ProductionPatchInput = z.input<typeof productionPatchInput>;

const timeRangeDto = z.object({ opens: z.string(), closes: z.string() });
export const openingHoursDto = z
  .object({
    weekly: z.partialRecord(z.enum(weekdays), z.array(timeRangeDto)),
    exceptions: z.array(z.object({ date: z.string(), closed: z.boolean(), hours: z.array(timeRangeDto), note: textDto.nullable() })),
  })
  .meta({ id: 'OpeningHours' });
export type OpeningHours = z.output<typeof openingHoursDto>;

const personDto = z.object({ name: z.string(), role: z.string().nullable() });

export const productionDto = z
  .object({
    id: z.string(),
    kind: z.enum(productionKinds),
    unitId: z.string().nullable(),
    slug: z.string(),
    title: titleDto,
    subtitle: textDto,
    description: textDto,
    genres: z.array(z.string()),
    tags: z.array(z.string()),
    audience: z.enum(audiences),
    ageMin: z.number().int().nullable(),
    ageMax: z.number().int().nullable(),
    durationMinutes: z.number().int().nullable(),
    performanceLanguage: z.string().nullable(),
    surtitles: z.array(z.string()),
    accessibility: z.array(z.string()),
    performers: z.array(personDto),
    creativeTeam: z.array(personDto),
    imageUrl: z.string().nullable(),
    bookingUrl: z.string().nullable(),
    venueId: z.string().nullable(),
    runsFrom: z.string().nullable(),
    runsUntil: z.string().nullable(),
    openingHours: openingHoursDto.nullable(),
    sourceRef: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Production' });
export type Production = z.output<typeof productionDto>;
/** What a write decides over: the production without identity and bookkeeping. */
export type ProductionFields = Omit<Production, 'id' | 'slug' | 'sourceRef' | 'createdAt' | 'updatedAt'>;

export const productionListQuery = z.object({
  kind: z.enum(productionKinds).optional(),
  genre: genreCodeInput.optional(),
  audience: z.enum(audiences).optional(),
  unitId: z.uuid().optional(),
  q: z.string().max(200).optional().describe('free text in German and English: titles, texts, names, tags'),
});
export type ProductionListQuery = z.input<typeof productionListQuery>;

/** A production with nothing filled in: what a create starts from before the input is merged in. */
export const blankProduction: ProductionFields = {
  kind: 'staged',
  unitId: null,
  title: { de: '', en: null },
  subtitle: { de: null, en: null },
  description: { de: null, en: null },
  genres: [],
  tags: [],
  audience: 'adults',
  ageMin: null,
  ageMax: null,
  durationMinutes: null,
  performanceLanguage: null,
  surtitles: [],
  accessibility: [],
  performers: [],
  creativeTeam: [],
  imageUrl: null,
  bookingUrl: null,
  venueId: null,
  runsFrom: null,
  runsUntil: null,
  openingHours: null,
};
