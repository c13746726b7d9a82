import { z } from 'zod';
import { titleDto } from '../../catalogue/schemas.ts';
import { interactionKinds } from '../model.ts';

/* Interactions: the one input every capability writes history with, and the timeline. */

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

export const interactionRecordInput = z
  .object({
    houseId: z.string().min(1),
    contactId: z.string().min(1).optional(),
    email: z.string().trim().min(3).max(254).optional(),
    kind: z.enum(interactionKinds),
    occurredAt: instant,
    /** The capability that writes: ticketing, campaigns, assistant, web, survey, import, staff. */
    source: z.string().trim().min(1).max(40),
    /** The writer's own id for the fact: recording it again is a no-op. */
    ref: z.string().trim().min(1).max(200).nullish(),
    unitId: z.string().min(1).nullish(),
    productionId: z.string().min(1).nullish(),
    performanceId: z.string().min(1).nullish(),
    details: z.record(z.string(), z.unknown()).nullish(),
  })
  .refine((input) => input.contactId !== undefined || input.email !== undefined, { message: 'contactId or email is required', path: ['contactId'] });
export type InteractionRecordInput = z.input<typeof interactionRecordInput>;

/** Staff note what happened with a person: a visit at the box office, a call, a survey on paper. */
export const staffInteractionBody = z
  .object({
    kind: z.enum(interactionKinds),
    occurredAt: instant,
    productionId: z.uuid().nullish(),
    performanceId: z.uuid().nullish(),
    unitId: z.uuid().nullish().describe('unit staff: always their own unit'),
    note: z.string().trim().max(2000).optional().describe('kept as details only while behavioural analysis is allowed'),
  })
  .meta({ id: 'InteractionRecord' });
export type StaffInteractionBody = z.input<typeof staffInteractionBody>;

export const timelineQuery = z.object({ kind: z.enum(interactionKinds).optional() });

export const interactionDto = z
  .object({
    id: z.string(),
    kind: z.enum(interactionKinds),
    occurredAt: z.string(),
    source: z.string(),
    ref: z.string().nullable(),
    unitId: z.string().nullable(),
    productionId: z.string().nullable(),
    performanceId: z.string().nullable(),
    /** When the performance starts (an interaction's own time is when it happened: a booking weeks before). */
    performanceStartsAt: z.string().nullable(),
    productionTitle: titleDto.nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'Interaction' });
export type Interaction = z.output<typeof interactionDto>;

export const timelineDto = z
  .object({
    items: z.array(interactionDto),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    /** False when behavioural analysis is not allowed: details are withheld, the facts stay. */
    detailsShown: z.boolean(),
    /** Kinds no valid purpose of the person justifies reading; left out of the timeline. */
    hiddenKinds: z.array(z.enum(interactionKinds)),
  })
  .meta({ id: 'Timeline' });
export type Timeline = z.output<typeof timelineDto>;

export const recordResultDto = z.object({ id: z.string(), created: z.boolean(), detailsDropped: z.boolean() }).meta({ id: 'InteractionRecorded' });
