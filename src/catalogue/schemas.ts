import { z } from 'zod';
import { isKnownCurrency, isValidTimeZone, SLUG_MAX, slugPattern } from './model.ts';

/*
 * Shared zod pieces of the catalogue and the house: inputs are checked with these in
 * the service (so the CLI, the importer and the demo seed get the same checks as the
 * API), and the routes reuse them for /api/docs. Entity schemas are in schemas/*.ts.
 */

export const languageCodes = ['de', 'en'] as const;

export const requiredText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
export const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v === '' ? null : v));

/** A title-like text: German required, English optional. */
export const titleInput = z.object({ de: requiredText(300), en: optionalText(300) });
/** In a PATCH: either language of a title may be sent alone; German cannot be cleared. */
export const titlePatch = z.object({ de: requiredText(300).optional(), en: optionalText(300) });
/** A longer text, either language optional. */
export const textInput = (max: number) => z.object({ de: optionalText(max), en: optionalText(max) });

export const titleDto = z.object({ de: z.string(), en: z.string().nullable() });
export const textDto = z.object({ de: z.string().nullable(), en: z.string().nullable() });

export const slugInput = z.string().trim().max(SLUG_MAX).regex(slugPattern, 'lower-case letters, digits and single hyphens');
export const timeZoneInput = z.string().trim().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin');
export const currencyInput = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => /^[A-Z]{3}$/.test(code) && isKnownCurrency(code), 'must be an ISO 4217 currency code such as EUR');
export const countryInput = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 country code such as DE');
export const isoDate = z.iso.date();
export const instantInput = z.iso.datetime({ offset: true }).transform((v) => new Date(v).toISOString());

// ---------- house ----------

const houseFields = {
  name: requiredText(200),
  slug: slugInput,
  timeZone: timeZoneInput,
  languages: z.array(z.enum(languageCodes)).min(1).max(2),
  defaultLanguage: z.enum(languageCodes),
  currency: currencyInput,
  street: optionalText(200),
  postalCode: optionalText(20),
  city: optionalText(100),
  country: countryInput.nullish(),
  website: z.url().max(500).nullish(),
  email: z.email().max(200).nullish(),
  phone: optionalText(50),
};

export const houseCreateInput = z
  .object(houseFields)
  .partial()
  .required({ name: true })
  .meta({ id: 'HouseCreate' });
export type HouseCreateInput = z.input<typeof houseCreateInput>;

export const housePatchInput = z.object(houseFields).partial().meta({ id: 'HousePatch' });
export type HousePatchInput = z.input<typeof housePatchInput>;

export const houseDto = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    timeZone: z.string(),
    languages: z.array(z.string()),
    defaultLanguage: z.string(),
    currency: z.string(),
    street: z.string().nullable(),
    postalCode: z.string().nullable(),
    city: z.string().nullable(),
    country: z.string().nullable(),
    website: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'House' });
export type House = z.output<typeof houseDto>;
