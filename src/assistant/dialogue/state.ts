import { z } from 'zod';

/*
 * The dialogue's state, stored as JSON in assistant_conversation.dialogue_state and
 * validated on every read: a state written by an older version (or by hand) that no
 * longer fits starts the conversation afresh instead of crashing it.
 */

export const steps = [
  'idle',
  'clarifying',
  'booking.production',
  'booking.performance',
  'booking.count',
  'booking.category',
  'booking.name',
  'booking.email',
  'booking.consent_newsletter',
  'booking.consent_recommendations',
  'booking.confirm',
  'resend.email',
  'resend.code',
  'handover.email',
] as const;
export type Step = (typeof steps)[number];

const offeredPerformance = z.object({ id: z.string(), label: z.string(), startsAt: z.string() });
const offeredCategory = z.object({ priceCategoryId: z.string(), tariff: z.string().nullable(), label: z.string(), unitPriceMinor: z.number().int() });

export const bookingSlots = z.object({
  productionId: z.string().optional(),
  productionTitle: z.string().optional(),
  performanceId: z.string().optional(),
  performanceLabel: z.string().optional(),
  count: z.number().int().min(1).optional(),
  priceCategoryId: z.string().optional(),
  tariff: z.string().nullable().optional(),
  categoryLabel: z.string().optional(),
  /** Asked for a reduced tariff earlier in the conversation ("zwei ermäßigte Karten"). */
  reduced: z.boolean().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  newsletter: z.boolean().optional(),
  recommendations: z.boolean().optional(),
  /** The real hold taken for the summary; released on cancel. */
  hold: z.object({ id: z.string(), token: z.string(), expiresAt: z.string(), totalMinor: z.number().int(), currency: z.string() }).optional(),
  paymentMethod: z.string().optional(),
  /** What the last question offered, so that a quick reply's text maps back to its choice. */
  offeredPerformances: z.array(offeredPerformance).optional(),
  offeredCategories: z.array(offeredCategory).optional(),
});
export type BookingSlots = z.infer<typeof bookingSlots>;

export const dialogueState = z.object({
  step: z.enum(steps),
  booking: bookingSlots.optional(),
  /** The intents a clarifying question offered, best first. */
  clarifying: z.array(z.string()).optional(),
  resend: z
    .object({
      email: z.string(),
      /** sha256 of conversation id and code: the code itself is only in the visitor's mail. */
      codeHash: z.string().optional(),
      expiresAt: z.string().optional(),
      attempts: z.number().int().min(0).default(0),
    })
    .optional(),
  /** What the visitor told so far and suggestions build on. */
  memory: z
    .object({
      genres: z.array(z.string()).default([]),
      audience: z.string().optional(),
      age: z.number().int().optional(),
      productionId: z.string().optional(),
      intents: z.array(z.string()).default([]),
    })
    .default({ genres: [], intents: [] }),
});
export type DialogueState = z.infer<typeof dialogueState>;

export function initialState(): DialogueState {
  return { step: 'idle', memory: { genres: [], intents: [] } };
}

export function readState(json: string): DialogueState {
  try {
    const parsed = dialogueState.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : initialState();
  } catch {
    return initialState();
  }
}
