import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { accessibilityFeatures, audiences } from '../catalogue/genres.ts';
import { genresInput } from '../catalogue/schemas/productions.ts';
import { roles } from '../core/auth/model.ts';

/*
 * The demo house as people write it: examples/demo-house/house.json and productions.json.
 * These schemas check the files when they are read, so a typo in an edited file is an
 * error naming the place, not a half-seeded house. Planning them into catalogue inputs
 * is in plan.ts.
 */

export const demoDirectory = new URL('../../examples/demo-house/', import.meta.url);

const localDate = z.iso.date();
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, "must be 'YYYY-MM-DD HH:mm'");
const clockTime = z.string().regex(/^\d{2}:\d{2}$/, "must be 'HH:mm'");
const hoursRange = z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, "must be 'HH:mm-HH:mm'");
const localized = z.object({ de: z.string().min(1), en: z.string().min(1) }).strict();
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens');
const feature = z.enum(accessibilityFeatures);

const hallSchema = z.object({ key: z.string(), name: z.string(), capacity: z.number().int().positive(), accessibility: z.array(feature) }).strict();

export const houseFileSchema = z
  .object({
    $comment: z.string().optional(),
    house: z
      .object({
        slug,
        name: z.string(),
        timeZone: z.string(),
        languages: z.array(z.enum(['de', 'en'])),
        defaultLanguage: z.enum(['de', 'en']),
        currency: z.string(),
        street: z.string(),
        postalCode: z.string(),
        city: z.string(),
        country: z.string(),
        website: z.string(),
        email: z.string(),
        phone: z.string(),
      })
      .strict(),
    season: z.object({ name: localized, from: localDate, until: localDate }).strict(),
    calendar: z
      .object({
        $comment: z.string().optional(),
        holidays: z.record(localDate, z.string()),
        schoolHolidays: z.array(z.object({ name: z.string(), from: localDate, until: localDate }).strict()),
        closed: z.record(localDate, z.string()),
      })
      .strict(),
    units: z.array(z.object({ slug, name: localized, description: localized }).strict()),
    venues: z.array(
      z
        .object({
          key: z.string(),
          name: z.string(),
          street: z.string(),
          postalCode: z.string(),
          city: z.string(),
          country: z.string(),
          directions: localized,
          halls: z.array(hallSchema).min(1),
        })
        .strict(),
    ),
    staff: z.array(
      z
        .object({ email: z.email(), name: z.string(), role: z.enum(roles), unit: slug.optional(), language: z.enum(['de', 'en']) })
        .strict(),
    ),
  })
  .strict();
export type HouseFile = z.infer<typeof houseFileSchema>;

const ruleSchema = z
  .object({
    days: z.string(),
    at: z.union([clockTime, z.array(clockTime).min(1)]),
    from: localDate,
    until: localDate,
    everyWeeks: z.number().int().min(1).optional(),
    except: z.array(z.union([z.enum(['holidays', 'school_holidays']), localDate])).optional(),
    note: localized.optional(),
  })
  .strict();

const scheduleSchema = z
  .object({
    premiere: localDateTime.optional(),
    revival: localDateTime.optional(),
    dates: z.array(localDateTime).optional(),
    rules: z.array(ruleSchema).optional(),
    skip: z.array(z.union([localDate, localDateTime])).optional(),
    cancelled: z.array(z.object({ at: localDateTime, note: localized.optional() }).strict()).optional(),
    rescheduled: z.array(z.object({ from: localDateTime, to: localDateTime, note: localized.optional() }).strict()).optional(),
    soldOut: z.array(localDateTime).optional(),
    audioDescription: z.array(localDateTime).optional(),
    signLanguage: z.array(localDateTime).optional(),
    relaxed: z.array(localDateTime).optional(),
    touchTour: z.array(localDateTime).optional(),
    notes: z.array(z.object({ at: localDateTime, note: localized }).strict()).optional(),
  })
  .strict();

const person = z.object({ name: z.string().min(1), role: z.string().min(1).optional() }).strict();

const productionBase = {
  slug,
  unit: slug.nullable(),
  title: localized,
  subtitle: localized,
  description: localized,
  genres: genresInput.pipe(z.array(z.string()).min(1)),
  tags: z.array(z.string()),
  audience: z.enum(audiences),
  ageMin: z.number().int().nullable(),
  ageMax: z.number().int().nullable(),
  durationMinutes: z.number().int().positive().nullable(),
  language: z.string().regex(/^([a-z]{2}|none)$/),
  surtitles: z.array(z.string().regex(/^[a-z]{2}$/)).optional(),
  accessibility: z.array(feature),
  performers: z.array(person),
  creativeTeam: z.array(person),
  prices: z.string(),
};

const stagedSchema = z
  .object({
    ...productionBase,
    kind: z.literal('staged').optional(),
    hall: z.string(),
    capacity: z.number().int().positive().optional(),
    specialPrices: z.array(z.object({ at: localDateTime, prices: z.string() }).strict()).optional(),
    schedule: scheduleSchema,
  })
  .strict();

const exhibitionSchema = z
  .object({
    ...productionBase,
    kind: z.literal('exhibition'),
    venue: z.string(),
    runs: z.object({ from: localDate, until: localDate }).strict(),
    openingHours: z.string(),
  })
  .strict();

const reductionSchema = z
  .object({ de: z.string(), en: z.string(), percent: z.number().min(0).max(100).optional(), eur: z.number().min(0).optional(), eligible: z.array(z.string()) })
  .strict()
  .refine((r) => (r.percent === undefined) !== (r.eur === undefined), 'give either percent or eur');

export const productionsFileSchema = z
  .object({
    $comment: z.array(z.string()).optional(),
    reductions: z.record(z.string(), reductionSchema),
    priceSchemes: z.record(
      z.string(),
      z
        .object({
          categories: z.array(z.object({ code: z.string(), de: z.string(), en: z.string(), eur: z.number().min(0) }).strict()).min(1),
          reductions: z.array(z.string()),
        })
        .strict(),
    ),
    openingHours: z.record(
      z.string(),
      z
        .object({
          weekly: z.array(z.object({ days: z.string(), hours: hoursRange }).strict()),
          exceptions: z.array(
            z.object({ date: localDate, closed: z.literal(true).optional(), hours: hoursRange.optional(), de: z.string(), en: z.string() }).strict(),
          ),
        })
        .strict(),
    ),
    // Each entry is checked on its own below (staged or exhibition by its kind), so an
    // error names the production instead of listing both variants' complaints.
    productions: z.array(z.looseObject({ slug: z.string().optional(), kind: z.string().optional() })),
  })
  .strict();
export type StagedEntry = z.infer<typeof stagedSchema>;
export type ExhibitionEntry = z.infer<typeof exhibitionSchema>;
export type ProductionEntry = StagedEntry | ExhibitionEntry;
export type ProductionsFile = Omit<z.infer<typeof productionsFileSchema>, 'productions'> & { productions: ProductionEntry[] };

export interface DemoFiles {
  house: HouseFile;
  productions: ProductionsFile;
}

function parseValue<T extends z.ZodType>(schema: T, where: string, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`);
  throw new Error(`examples/demo-house is not valid: ${problems.join('; ')}`);
}

export function parseHouseFile(value: unknown): HouseFile {
  return parseValue(houseFileSchema, 'house.json', value);
}

export function parseProductionsFile(value: unknown): ProductionsFile {
  const file = parseValue(productionsFileSchema, 'productions.json', value);
  const productions = file.productions.map((entry, index): ProductionEntry => {
    const where = `productions.json productions[${index}]${entry.slug === undefined ? '' : ` (${entry.slug})`}`;
    return entry.kind === 'exhibition' ? parseValue(exhibitionSchema, where, entry) : parseValue(stagedSchema, where, entry);
  });
  return { ...file, productions };
}

/** Reads and checks both files; `directory` defaults to examples/demo-house. */
export function readDemoFiles(directory: URL = demoDirectory): DemoFiles {
  return {
    house: parseHouseFile(JSON.parse(readFileSync(new URL('house.json', directory), 'utf8'))),
    productions: parseProductionsFile(JSON.parse(readFileSync(new URL('productions.json', directory), 'utf8'))),
  };
}
