import { z } from 'zod';
import { accessibilityFeatures, audiences } from '../catalogue/genres.ts';
import { listSizeRange } from './settings.ts';

/* The recommendation API's shapes (routes.ts, public-routes.ts). */

export const language = z.enum(['de', 'en']);

/** A comma-separated query value as a list: "7, 9" -> ["7", "9"]; empty parts are dropped. */
const commaList = <O>(element: z.ZodType<O, string>, max: number) =>
  z
    .string()
    .max(500)
    .transform((text) => text.split(',').map((part) => part.trim()).filter((part) => part !== ''))
    .pipe(z.array(element).max(max));

/**
 * The hard constraints of the people who would go (constraints.ts Needs): a production
 * that does not suit them is never in the list, however relevant.
 */
export const needsQuery = z.object({
  age: commaList(z.string().regex(/^\d{1,3}$/, 'a whole number of years').transform(Number).pipe(z.number().int().max(120)), 12)
    .optional()
    .describe('ages of the people who will go, comma-separated (7,9): family and school offers must suit every one'),
  understands: commaList(z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 code such as de or en'), 10)
    .optional()
    .describe('languages the people understand (ISO 639-1, comma-separated): a production in another language stays only with surtitles'),
  accessibility: commaList(z.enum(accessibilityFeatures), accessibilityFeatures.length)
    .optional()
    .describe(`accessibility the people need, comma-separated from the vocabulary (${accessibilityFeatures.join(', ')}): a production lacking one is left out`),
});

export const listQuery = z
  .object({
    language: language.optional(),
    limit: z.coerce.number().int().min(1).max(listSizeRange.max).optional(),
  })
  .extend(needsQuery.shape);

export const explanationDto = z
  .looseObject({ kind: z.enum(['because_you_saw', 'people_like_you', 'matches_interest', 'popular', 'new_for_you', 'similar_to']) })
  .describe('Why the item is in the list, as data (types.ts Explanation): the kind and its particulars, e.g. the bridge of a discovery');

export const recommendationItemDto = z
  .object({
    productionId: z.string(),
    title: z.string(),
    imageUrl: z.string().nullable(),
    slot: z.enum(['relevant', 'discovery']),
    explanation: explanationDto,
    text: z.string().describe('The explanation as a sentence in the asked language'),
    score: z.number(),
    nextPerformance: z.object({ id: z.string(), startsAt: z.string() }).nullable(),
    bookingUrl: z.string(),
  })
  .meta({ id: 'RecommendationItem' });

export const contactListDto = z.object({
  contactId: z.string(),
  personal: z.boolean().describe('false: the person has no valid recommendations consent; the list is what anybody gets'),
  language,
  items: z.array(recommendationItemDto),
});

export const itemsDto = z.object({ items: z.array(recommendationItemDto) });

export const settingsDto = z.object({ listSize: z.number().int(), discoverySlots: z.number().int(), updatedAt: z.string().nullable() });

const settingsFields = z.object({
  listSize: z.number().int().min(listSizeRange.min).max(listSizeRange.max),
  discoverySlots: z.number().int().min(0),
});
const oneRelevant = (value: { listSize: number; discoverySlots: number }) => value.discoverySlots <= value.listSize - 1;
const oneRelevantError = { path: ['discoverySlots'], message: 'at most listSize - 1: one place stays relevant' };

export const settingsInput = settingsFields.refine(oneRelevant, oneRelevantError);

export const previewInput = settingsFields
  .extend({ language: language.optional().describe("the language of the sample lists' titles and sentences; default the staff member's") })
  .refine(oneRelevant, oneRelevantError);

const measuresDto = z.object({ outsideComfortShare: z.number(), coverage: z.number(), meanCalibrationKL: z.number() });
const previewSideDto = z.object({ listSize: z.number().int(), discoverySlots: z.number().int(), measures: measuresDto });

export const previewDto = z.object({
  sampleSize: z.number().int(),
  current: previewSideDto,
  proposed: previewSideDto,
  people: z.array(z.object({ contactId: z.string(), current: z.array(recommendationItemDto), proposed: z.array(recommendationItemDto) })),
});

export const houseMetricsQuery = z.object({ days: z.coerce.number().int().min(7).max(365).default(90) });

const periodDto = z.object({
  from: z.string(),
  to: z.string(),
  exposures: z.number().int(),
  bookings: z.number().int(),
  coverage: z.number(),
  exposureGini: z.number(),
  discoveryBookingShare: z.number(),
  firstBookingsInNewGenre: z.number().int(),
});

export const houseMetricsDto = periodDto.extend({ days: z.number().int(), weeks: z.array(periodDto) });

export const contactMetricsQuery = z.object({ months: z.coerce.number().int().min(1).max(36).default(12) });

export const contactMetricsDto = z.object({
  contactId: z.string(),
  personal: z.boolean(),
  months: z.array(
    z.object({ month: z.string(), recommended: z.number().int(), booked: z.number().int(), recommendedEntropy: z.number().nullable(), bookedEntropy: z.number().nullable() }),
  ),
  narrowing: z.object({
    recommended: z.number().nullable().describe('Genre entropy of the six months before minus the last six: positive means the range is shrinking'),
    booked: z.number().nullable(),
  }),
});

const genreList = z
  .string()
  .max(500)
  .transform((text) => text.split(',').map((g) => g.trim()).filter((g) => g !== ''))
  .pipe(z.array(z.string().regex(/^[a-z0-9_-]{1,40}$/)).max(20));

export const publicQuery = listQuery.extend({
  genres: genreList.optional(),
  similarTo: z.uuid().optional(),
  audience: z.enum(audiences).optional().describe('only productions for this audience (catalogue vocabulary)'),
  surprise: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('true: only productions outside the chosen genres, through a bridge where there is one ("surprise me")'),
});
