import { z } from 'zod';
import { contactLanguages, type DataItem, expiryFrom, genreCodes, justifiedBy, type Purpose, purposes } from '../model.ts';

/*
 * Segments, pure: the rule tree people build, its validation with errors that name the
 * path of the bad node, the limits that keep a tree cheap to evaluate, and what each
 * condition reads (the purpose rule in compile.ts wraps every condition with the consent
 * that justifies reading its data).
 *
 * A rule is an object with exactly one key:
 *   { all: Rule[] } | { any: Rule[] } | { not: Rule }
 *   { language: ['de', 'en'] }                 the contact's language is one of these
 *   { postcode: ['10', '12'] }                 the postcode starts with one of these
 *   { age: { min?: 18, max?: 30 } }             age = evaluation year - birth year, both ends inclusive
 *   { interest: ['opera'] }                     declared any of these genres
 *   { booked | attended: { atLeast?: 1, months?: 24, genre? | productionId? | unitId? } }
 *                                              at least N distinct performances (or visits) in the last M months (no months: ever)
 *   { firstTime: { months?: 12 } }              first booking or attendance ever within the last M months, attended at most once
 *   { lapsed: { months?: 18 } }                 attended before, but not in the last M months
 *   { opened | clicked: { days: 30 } }          opened / clicked an e-mail at least once in the last N days
 *   { consent: 'newsletter' }                   valid consent for the purpose (granted, not expired)
 *   { segment: '<id>' }                         member of a static list, or matches a saved segment
 */

export const segmentLimits = {
  /** Levels of the tree: a lone condition is 1, { all: [condition] } is 2. */
  depth: 6,
  conditions: 50,
  /** Values in one condition's list (postcode prefixes, genres). */
  values: 100,
  /** Saved segments referencing saved segments, counted from the evaluated one. */
  nesting: 4,
  /** Conditions once the saved segments it references are put in. */
  resolvedConditions: 200,
} as const;

export const DEFAULT_LAPSED_MONTHS = 18;
export const DEFAULT_FIRST_TIME_MONTHS = 12;

export interface PerformanceCondition {
  /** Distinct performances (a visit without a performance, e.g. to an exhibition, counts once). */
  atLeast: number;
  /** The last M months before the evaluation date; absent: ever. */
  months?: number | undefined;
  genre?: string | undefined;
  productionId?: string | undefined;
  unitId?: string | undefined;
}

export type SegmentRule =
  | { all: SegmentRule[] }
  | { any: SegmentRule[] }
  | { not: SegmentRule }
  | { language: string[] }
  | { postcode: string[] }
  | { age: { min?: number | undefined; max?: number | undefined } }
  | { interest: string[] }
  | { booked: PerformanceCondition }
  | { attended: PerformanceCondition }
  | { firstTime: { months: number } }
  | { lapsed: { months: number } }
  | { opened: { days: number } }
  | { clicked: { days: number } }
  | { consent: Purpose }
  | { segment: string };

export const ruleKeys = [
  'all', 'any', 'not',
  'language', 'postcode', 'age', 'interest',
  'booked', 'attended', 'firstTime', 'lapsed', 'opened', 'clicked',
  'consent', 'segment',
] as const;
export type RuleKey = (typeof ruleKeys)[number];

export const segmentKinds = ['rules', 'static'] as const;
export type SegmentKind = (typeof segmentKinds)[number];

// ---------- the schema ----------

const months = z.number().int().min(1).max(240);
const genre = z.string().refine((code) => genreCodes.has(code), { message: 'not a genre code of the vocabulary' });
const list = <T extends z.ZodType<string>>(item: T) =>
  z
    .array(item)
    .min(1)
    .max(segmentLimits.values)
    .refine((values) => new Set(values).size === values.length, { message: 'lists a value twice' });

const performanceCondition = z
  .strictObject({
    atLeast: z.number().int().min(1).max(1000).default(1),
    months: months.optional(),
    genre: genre.optional(),
    productionId: z.uuid().optional(),
    unitId: z.uuid().optional(),
  })
  .refine((value) => [value.genre, value.productionId, value.unitId].filter((v) => v !== undefined).length <= 1, {
    message: 'name at most one of genre, productionId, unitId',
  });

interface RuleInput {
  all?: RuleInput[] | undefined;
  any?: RuleInput[] | undefined;
  not?: RuleInput | undefined;
  [key: string]: unknown;
}

const ruleObject: z.ZodType<RuleInput> = z.lazy(() =>
  z
    .strictObject({
      all: z.array(ruleObject).min(1).max(segmentLimits.conditions).optional(),
      any: z.array(ruleObject).min(1).max(segmentLimits.conditions).optional(),
      not: ruleObject.optional(),
      language: list(z.enum(contactLanguages)).optional(),
      postcode: list(
        z
          .string()
          .trim()
          .toUpperCase()
          .regex(/^[A-Z0-9]{1,10}$/, 'a postcode prefix is 1 to 10 letters or digits'),
      ).optional(),
      age: z
        .strictObject({ min: z.number().int().min(0).max(130).optional(), max: z.number().int().min(0).max(130).optional() })
        .refine((band) => band.min !== undefined || band.max !== undefined, { message: 'give min, max or both' })
        .refine((band) => band.min === undefined || band.max === undefined || band.min <= band.max, { message: 'min is above max' })
        .optional(),
      interest: list(genre).optional(),
      booked: performanceCondition.optional(),
      attended: performanceCondition.optional(),
      firstTime: z.strictObject({ months: months.default(DEFAULT_FIRST_TIME_MONTHS) }).optional(),
      lapsed: z.strictObject({ months: months.default(DEFAULT_LAPSED_MONTHS) }).optional(),
      opened: z.strictObject({ days: z.number().int().min(1).max(3650) }).optional(),
      clicked: z.strictObject({ days: z.number().int().min(1).max(3650) }).optional(),
      consent: z.enum(purposes).optional(),
      segment: z.uuid().optional(),
    })
    .superRefine((value, context) => {
      const keys = Object.keys(value).filter((key) => value[key as keyof typeof value] !== undefined);
      if (keys.length === 1) return;
      context.addIssue({
        code: 'custom',
        message: keys.length === 0 ? `a rule needs one of: ${ruleKeys.join(', ')}` : `a rule has exactly one key, not ${keys.join(' and ')}`,
      });
    }),
);

export interface Problem {
  field: string;
  message: string;
}

export type RuleCheck = { ok: true; rule: SegmentRule } | { ok: false; problems: Problem[] };

/** 'rules' + ['all', 2, 'attended', 'months'] -> 'rules.all[2].attended.months'. */
export function fieldPath(root: string, path: readonly PropertyKey[]): string {
  let text = root;
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  return text;
}

/** How deeply JSON nests, stopping early: a tree nested a thousand levels is refused before the schema walks it. */
function jsonDepth(value: unknown, limit: number, depth = 0): number {
  if (depth > limit || typeof value !== 'object' || value === null) return depth;
  let deepest = depth;
  for (const child of Object.values(value)) {
    deepest = Math.max(deepest, jsonDepth(child, limit, depth + 1));
    if (deepest > limit) break;
  }
  return deepest;
}

/** Checks a rule tree: shape, values, depth and size. `root` names it in error fields. */
export function checkRule(input: unknown, root = 'rules'): RuleCheck {
  // A rule level is an object and an array; a condition an object holding one more.
  const jsonLimit = segmentLimits.depth * 2 + 3;
  if (jsonDepth(input, jsonLimit) > jsonLimit) {
    return { ok: false, problems: [{ field: root, message: `nests more than ${segmentLimits.depth} levels` }] };
  }
  const parsed = ruleObject.safeParse(input);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => ({ field: fieldPath(root, issue.path), message: issue.message })) };
  }
  const rule = parsed.data as SegmentRule;
  const problems: Problem[] = [];
  const size = measure(rule);
  if (size.depth > segmentLimits.depth) problems.push({ field: fieldPath(root, size.deepestPath), message: `nests more than ${segmentLimits.depth} levels` });
  if (size.conditions > segmentLimits.conditions) problems.push({ field: root, message: `has ${size.conditions} conditions, more than ${segmentLimits.conditions}` });
  return problems.length === 0 ? { ok: true, rule } : { ok: false, problems };
}

export function children(rule: SegmentRule): SegmentRule[] {
  if ('all' in rule) return rule.all;
  if ('any' in rule) return rule.any;
  if ('not' in rule) return [rule.not];
  return [];
}

export function isCombinator(rule: SegmentRule): rule is { all: SegmentRule[] } | { any: SegmentRule[] } | { not: SegmentRule } {
  return 'all' in rule || 'any' in rule || 'not' in rule;
}

/** Levels and conditions of a tree, and the path to its deepest node (for the error). */
export function measure(rule: SegmentRule): { depth: number; conditions: number; deepestPath: PropertyKey[] } {
  if (!isCombinator(rule)) return { depth: 1, conditions: 1, deepestPath: [] };
  const key = 'all' in rule ? 'all' : 'any' in rule ? 'any' : 'not';
  let depth = 1;
  let conditions = 0;
  let deepestPath: PropertyKey[] = [key];
  children(rule).forEach((child, index) => {
    const inner = measure(child);
    conditions += inner.conditions;
    if (inner.depth + 1 > depth) {
      depth = inner.depth + 1;
      deepestPath = key === 'not' ? [key, ...inner.deepestPath] : [key, index, ...inner.deepestPath];
    }
  });
  return { depth, conditions, deepestPath };
}

/** Every node with its path, depth first: for the service's checks of ids and references. */
export function walk(rule: SegmentRule, visit: (node: SegmentRule, path: PropertyKey[]) => void, path: PropertyKey[] = []): void {
  visit(rule, path);
  if ('all' in rule) rule.all.forEach((child, index) => walk(child, visit, [...path, 'all', index]));
  else if ('any' in rule) rule.any.forEach((child, index) => walk(child, visit, [...path, 'any', index]));
  else if ('not' in rule) walk(rule.not, visit, [...path, 'not']);
}

// ---------- what a condition reads, and what justifies reading it ----------

/** The personal data a condition reads. Consent and membership read no personal data of their own. */
export function conditionReads(rule: SegmentRule): DataItem[] {
  if ('language' in rule) return ['language'];
  if ('postcode' in rule) return ['postal_code'];
  if ('age' in rule) return ['birth_year'];
  if ('interest' in rule) return ['interests'];
  if ('booked' in rule) return ['interaction:booking'];
  if ('attended' in rule || 'lapsed' in rule) return ['interaction:attendance'];
  if ('firstTime' in rule) return ['interaction:booking', 'interaction:attendance'];
  if ('opened' in rule) return ['interaction:email_opened'];
  if ('clicked' in rule) return ['interaction:email_clicked'];
  return [];
}

/**
 * The consents a condition needs before it may look at a contact's data: for each item it
 * reads, valid consent for one of the purposes that justify the item (justifiedBy). An
 * item every purpose justifies (the language) needs no check: a contact with no purpose
 * left is erased by retention. An item the evaluation's own purpose justifies needs none
 * either: the top-level check for that purpose already holds.
 */
export function justificationsFor(rule: SegmentRule, evaluationPurpose: Purpose | null): Purpose[][] {
  const needed: Purpose[][] = [];
  for (const item of conditionReads(rule)) {
    const allowed = justifiedBy[item];
    if (allowed.length === purposes.length) continue;
    if (evaluationPurpose !== null && allowed.includes(evaluationPurpose)) continue;
    const sorted = [...allowed].sort();
    if (!needed.some((set) => set.join() === sorted.join())) needed.push(sorted);
  }
  return needed;
}

// ---------- time ----------

/**
 * The start of "the last M months": the evaluation instant moved back by whole calendar
 * months, clamped to the month's last day (31 Aug - 6 months = 28/29 Feb). An event at
 * exactly this instant lies within the period.
 */
export function monthsBefore(now: Date, months: number): string {
  return expiryFrom(now, -months).toISOString();
}

export function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

/**
 * Birth years for an age band. Foyer stores the birth year only, so the age is the one
 * reached in the evaluation year (UTC): evaluation year - birth year. Both ends inclusive.
 */
export function birthYears(now: Date, band: { min?: number | undefined; max?: number | undefined }): { from: number | null; to: number | null } {
  const year = now.getUTCFullYear();
  return { from: band.max === undefined ? null : year - band.max, to: band.min === undefined ? null : year - band.min };
}
