import { z } from 'zod';
import { listSizeRange } from './settings.ts';

/* The recommendation API's shapes (routes.ts, public-routes.ts). */

export const language = z.enum(['de', 'en']);

export const listQuery = z.object({
  language: language.optional(),
  limit: z.coerce.number().int().min(1).max(listSizeRange.max).optional(),
});

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

export const settingsInput = z
  .object({
    listSize: z.number().int().min(listSizeRange.min).max(listSizeRange.max),
    discoverySlots: z.number().int().min(0),
  })
  .refine((value) => value.discoverySlots <= value.listSize - 1, { path: ['discoverySlots'], message: 'at most listSize - 1: one place stays relevant' });

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
});
