import { z } from 'zod';
import type { SegmentRule } from '../../audience/segments/model.ts';
import type { JourneyGraph, JourneyTrigger } from '../journeys/definition.ts';

/*
 * The autopilot: five ready-made automations a house switches on instead of drawing them.
 * Pure: what each rule is, its settings with their defaults, the journey it stands for,
 * the audience it writes to, and the decision whether a performance needs a push.
 *
 * Three rules are journeys (reminder, thank_you, win_back): switching one on creates a
 * journey and its mail, which staff can then open in the builder like any other. Two are
 * newsletters decided by a scan (new_production, sales_push): a new production gets an
 * announcement to the people interested in its genres, a performance selling below the
 * house's own booking curve gets a push to them, each at most once.
 */

export const autopilotRuleKeys = ['new_production', 'sales_push', 'reminder', 'thank_you', 'win_back'] as const;
export type AutopilotRuleKey = (typeof autopilotRuleKeys)[number];

export const autopilotModes = ['autopilot', 'approval'] as const;
export type AutopilotMode = (typeof autopilotModes)[number];

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');

export const ruleParams = {
  /** Announce productions created after the rule was switched on, to those interested in their genres. */
  new_production: z.strictObject({}),
  /**
   * `daysBefore`: when to look. `expectedShare`: the share of seats a performance should
   * have sold by then; left out, it is learnt from the house's past performances.
   * `tolerance`: how far below the expectation is "below the curve" (0.8 = 20 % below).
   */
  sales_push: z.strictObject({
    daysBefore: z.number().int().min(2).max(60).default(14),
    expectedShare: z.number().min(0.01).max(1).optional(),
    tolerance: z.number().min(0.1).max(1).default(0.8),
  }),
  reminder: z.strictObject({ daysBefore: z.number().int().min(1).max(14).default(2), time: clockTime.default('10:00') }),
  thank_you: z.strictObject({ time: clockTime.default('09:00') }),
  /** `includeCurrent`: also write to the people who are lapsed already when the rule is switched on. */
  win_back: z.strictObject({ months: z.number().int().min(6).max(60).default(18), includeCurrent: z.boolean().default(true) }),
} as const satisfies Record<AutopilotRuleKey, z.ZodType>;

export type RuleParams<K extends AutopilotRuleKey> = z.output<(typeof ruleParams)[K]>;

/** The library template each rule writes with. */
export const ruleTemplate: Record<AutopilotRuleKey, string> = {
  new_production: 'new_production',
  sales_push: 'new_production',
  reminder: 'reminder',
  thank_you: 'thank_you',
  win_back: 'win_back',
};

export function isJourneyRule(rule: AutopilotRuleKey): rule is 'reminder' | 'thank_you' | 'win_back' {
  return rule === 'reminder' || rule === 'thank_you' || rule === 'win_back';
}

export function defaultParams<K extends AutopilotRuleKey>(rule: K): RuleParams<K> {
  return ruleParams[rule].parse({}) as RuleParams<K>;
}

// ---------- the journeys behind three rules ----------

const SEND = 'send';

/** A one-step journey: the trigger, an optional wait, the mail. */
function sendJourney(trigger: JourneyTrigger, campaignId: string, wait?: JourneyGraph['nodes'][number]): { trigger: JourneyTrigger; graph: JourneyGraph } {
  const send = { id: SEND, type: 'action' as const, action: { kind: 'send_email' as const, campaignId }, position: { x: 0, y: wait === undefined ? 0 : 160 } };
  if (wait === undefined) return { trigger, graph: { start: SEND, nodes: [send], edges: [] } };
  return { trigger, graph: { start: wait.id, nodes: [wait, send], edges: [{ from: wait.id, to: SEND }] } };
}

/** Booked a performance → the reminder with practical information, N days before at the given time. */
export function reminderJourney(params: RuleParams<'reminder'>, campaignId: string) {
  return sendJourney({ type: 'performance', days: -params.daysBefore, time: params.time }, campaignId);
}

/** Checked in → the thank-you with the survey the next morning (the next time the clock shows `time`). */
export function thankYouJourney(params: RuleParams<'thank_you'>, campaignId: string) {
  return sendJourney({ type: 'event', event: 'ticket.checked_in' }, campaignId, {
    id: 'next_morning',
    type: 'wait',
    wait: { kind: 'time_of_day', time: params.time },
    position: { x: 0, y: 0 },
  });
}

/** Entered the lapsed segment (no visit for N months) → the win-back. */
export function winBackJourney(params: RuleParams<'win_back'>, segmentId: string, campaignId: string) {
  return sendJourney({ type: 'segment_entry', segmentId, includeCurrent: params.includeCurrent }, campaignId);
}

// ---------- audiences ----------

/** People who attended before but not in the last N months. */
export function lapsedRule(months: number): SegmentRule {
  return { lapsed: { months } };
}

/** People who declared an interest in one of the genres; with a production, minus those who booked it already. */
export function interestedRule(genres: readonly string[], notBookedProductionId?: string): SegmentRule | null {
  if (genres.length === 0) return null;
  const interested: SegmentRule = { interest: [...genres].sort() };
  if (notBookedProductionId === undefined) return interested;
  return { all: [interested, { not: { booked: { atLeast: 1, productionId: notBookedProductionId } } }] };
}

/** The name of a segment the autopilot keeps; found again by it, so that each exists once. */
export function autopilotSegmentName(kind: 'interested' | 'lapsed', key: string): string {
  return kind === 'lapsed' ? `Autopilot: seit ${key} Monaten nicht da` : `Autopilot: interessiert an ${key}`;
}

// ---------- the booking curve ----------

/** What a past performance had sold N days before it began, against its seats. */
export interface PastSales {
  soldBy: number;
  capacity: number;
}

/** Below this many past performances the house's own curve is too thin to trust. */
export const MIN_HISTORY = 5;
/** Without history or a set expectation: half the house N days before. */
export const FALLBACK_SHARE = 0.5;

/**
 * The share of seats a performance should have sold N days before: the median over the
 * house's past performances (robust against one gala or one cancelled evening), or the
 * house's setting, or half the house.
 */
export function expectedShare(history: readonly PastSales[], configured: number | undefined): { share: number; source: 'setting' | 'history' | 'fallback' } {
  if (configured !== undefined) return { share: configured, source: 'setting' };
  const shares = history.filter((past) => past.capacity > 0).map((past) => Math.min(1, past.soldBy / past.capacity));
  if (shares.length < MIN_HISTORY) return { share: FALLBACK_SHARE, source: 'fallback' };
  shares.sort((a, b) => a - b);
  const middle = Math.floor(shares.length / 2);
  const median = shares.length % 2 === 1 ? (shares[middle] as number) : ((shares[middle - 1] as number) + (shares[middle] as number)) / 2;
  return { share: median, source: 'history' };
}

/** Below the curve: sold less than `tolerance` times the expected share. A performance without seats never is. */
export function belowCurve(current: { sold: number; capacity: number }, expected: number, tolerance: number): boolean {
  if (current.capacity <= 0) return false;
  return current.sold / current.capacity < expected * tolerance;
}
