import { z } from 'zod';
import { audiences, performanceStatuses } from '../genres.ts';
import { instantInput, isoDate, textDto, textInput, titleDto } from '../schemas.ts';
import { productionKinds } from '../model.ts';
import { genreCodeInput } from './productions.ts';

/* Performances: one dated showing of a production in a hall. */

const performanceFields = {
  productionId: z.uuid(),
  hallId: z.uuid().nullish(),
  startsAt: instantInput,
  endsAt: instantInput.nullish(),
  status: z.enum(performanceStatuses),
  capacity: z.number().int().min(0).max(200_000).nullish().describe("seats on sale; omitted or null: the hall's capacity"),
  rescheduledFrom: instantInput.nullish().describe('the start it had before it was moved'),
  note: textInput(1000),
  bookingUrl: z.url().max(2000).nullish(),
};

export const performanceCreateInput = z
  .object(performanceFields)
  .partial()
  .required({ productionId: true, startsAt: true })
  .meta({ id: 'PerformanceCreate' });
export const performancePatchInput = z.object(performanceFields).partial().meta({ id: 'PerformancePatch' });
export type PerformanceCreateInput = z.input<typeof performanceCreateInput>;
export type PerformancePatchInput = z.input<typeof performancePatchInput>;

export const performanceDto = z
  .object({
    id: z.string(),
    productionId: z.string(),
    hallId: z.string().nullable(),
    startsAt: z.string(),
    endsAt: z.string().nullable(),
    status: z.enum(performanceStatuses),
    capacity: z.number().int().nullable(),
    /** The performance's own capacity, or else its hall's. */
    effectiveCapacity: z.number().int().nullable(),
    rescheduledFrom: z.string().nullable(),
    note: textDto,
    bookingUrl: z.string().nullable(),
    sourceRef: z.string().nullable(),
    production: z.object({
      id: z.string(),
      slug: z.string(),
      kind: z.enum(productionKinds),
      title: titleDto,
      genres: z.array(z.string()),
      audience: z.enum(audiences),
      unitId: z.string().nullable(),
    }),
    hall: z.object({ id: z.string(), name: z.string(), capacity: z.number().int(), venueId: z.string(), venueName: z.string() }).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Performance' });
export type Performance = z.output<typeof performanceDto>;
export type PerformanceFields = Pick<
  Performance,
  'productionId' | 'hallId' | 'startsAt' | 'endsAt' | 'status' | 'capacity' | 'rescheduledFrom' | 'note' | 'bookingUrl'
>;

const boundary = z
  .union([z.iso.datetime({ offset: true }), isoDate])
  .describe("an ISO instant, or a date read in the house's time zone (from: start of that day; to: end of that day)");

export const performanceListQuery = z.object({
  from: boundary.optional(),
  to: boundary.optional(),
  productionId: z.uuid().optional(),
  hallId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  genre: genreCodeInput.optional(),
  audience: z.enum(audiences).optional(),
  status: z.enum(performanceStatuses).optional(),
  q: z.string().max(200).optional().describe('free text in German and English over the production'),
});
export type PerformanceListQuery = z.input<typeof performanceListQuery>;
