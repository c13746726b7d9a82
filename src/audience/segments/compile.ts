import { type RawBuilder, sql, type SqlBool } from 'kysely';
import type { Purpose } from '../model.ts';
import {
  birthYears,
  daysBefore,
  justificationsFor,
  monthsBefore,
  type PerformanceCondition,
  type SegmentKind,
  type SegmentRule,
} from './model.ts';

/*
 * A rule tree becomes one SQL condition over `contact c`, the same text on SQLite and
 * PostgreSQL. Every value is a bound parameter (Kysely's sql tag); only table and column
 * names, fixed here, are part of the text.
 *
 * Each condition is two-valued (true or false, never NULL), so that `not` is exactly the
 * complement: a missing birth year makes an age band false and its `not` true, and a
 * pseudonymised interaction (contact_id NULL) never turns `c.id in (...)` into NULL.
 *
 * The purpose rule, Foyer's privacy promise: a condition may only look at data a valid
 * consent justifies reading. Every condition that reads personal data is wrapped with a
 * check of the consents that justify the data it reads (justifiedBy in ../model.ts):
 * attendance and bookings need ticketing, recommendations or behavioural_analysis;
 * opened and clicked e-mails need behavioural_analysis; the birth year recommendations or
 * behavioural_analysis; and so on. For someone without that consent the condition is
 * false, whatever their data says (and its `not` true): the result never depends on data
 * that may not be read. Evaluated for a purpose, only contacts with valid consent for that
 * purpose are in the segment at all.
 *
 * Unit scope: a unit segment (or a unit actor) sees only the unit's contacts (contact_unit)
 * and only interactions with the unit, so that a unit coordinator cannot probe the
 * house-wide history of a person.
 *
 * Two physical forms give the same sets:
 * - 'in' materialises each condition once as a set of contact ids
 *   (`c.id in (select contact_id from interaction where ... group by contact_id having ...)`)
 *   and probes it per contact. PostgreSQL turns these into hash semi-joins.
 * - 'exists' looks at each contact's own rows (`exists (select ... where i.contact_id = c.id
 *   ...)`) through indexes that start with contact_id (migration j).
 * Measured with bench/segment-count.ts on SQLite (1,000,000 contacts, 10,000,000
 * interactions): 'in' spends its time building the sets (a consent set of a million ids
 * alone takes about a second), 'exists' counts the benchmark's segment in about a second
 * and, walking contacts in id order, fills a batch of 1,000 ids in about 70 ms, where 'in'
 * builds every set again for each batch. The service uses 'exists' on SQLite, and 'in'
 * for counting on PostgreSQL.
 */

export type EvaluationForm = 'in' | 'exists';

/** A segment, loaded by the service: its rules, or (static) its member list. */
export interface ResolvedSegment {
  id: string;
  unitId: string | null;
  kind: SegmentKind;
  rules: SegmentRule | null;
}

export interface EvaluationContext {
  engine: 'sqlite' | 'postgres';
  houseId: string;
  now: Date;
  /** When set, only contacts with valid consent for this purpose match. */
  purpose: Purpose | null;
  form: EvaluationForm;
  /** The saved segments the rules refer to ({ segment: id }), loaded and checked for cycles by the service. */
  segments: ReadonlyMap<string, ResolvedSegment>;
}

type Condition = RawBuilder<SqlBool>;

const TRUE: Condition = sql<SqlBool>`1 = 1`;
const FALSE: Condition = sql<SqlBool>`1 = 0`;

function and(conditions: readonly Condition[]): Condition {
  if (conditions.length === 0) return TRUE;
  if (conditions.length === 1) return conditions[0] as Condition;
  return sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}

function or(conditions: readonly Condition[]): Condition {
  if (conditions.length === 0) return FALSE;
  if (conditions.length === 1) return conditions[0] as Condition;
  return sql<SqlBool>`(${sql.join(conditions, sql` or `)})`;
}

/**
 * Contacts that have rows in a table: `from` names the table and its alias, `where` the
 * rows, `having` what the rows of one contact must add up to. The two forms give the same
 * set; which one is faster depends on how many contacts are looked at (see above).
 */
interface ContactRows {
  from: RawBuilder<unknown>;
  alias: string;
  /** The table's house_id must be this (in the 'in' form; see hasRows). */
  houseId: string;
  where: Condition[];
  having?: Condition;
  /** The table's contact_id may be NULL (pseudonymised interactions). */
  nullable?: boolean;
}

function hasRows(rows: ContactRows, form: EvaluationForm): Condition {
  const contactId = sql.ref(`${rows.alias}.contact_id`);
  if (form === 'exists') {
    // The contact's own rows, through an index that starts with contact_id. The house
    // filter is left out on purpose: a contact's rows are of its house (c.house_id is
    // checked outside), and with it SQLite would rather scan the house's index.
    // With HAVING the subquery is one group, the contact's rows: it answers a row only when they add up.
    if (rows.having !== undefined) return sql<SqlBool>`exists (select count(*) from ${rows.from} where ${contactId} = c.id and ${and(rows.where)} having ${rows.having})`;
    return sql<SqlBool>`exists (select 1 from ${rows.from} where ${contactId} = c.id and ${and(rows.where)})`;
  }
  const where = [sql<SqlBool>`${sql.ref(`${rows.alias}.house_id`)} = ${rows.houseId}`, ...rows.where];
  if (rows.nullable === true) where.push(sql<SqlBool>`${contactId} is not null`);
  const grouped = rows.having === undefined ? sql`` : sql` group by ${contactId} having ${rows.having}`;
  return sql<SqlBool>`c.id in (select ${contactId} from ${rows.from} where ${and(where)}${grouped})`;
}

/** Valid consent (granted, not expired) for one of the purposes. */
export function hasValidConsent(houseId: string, purposes: readonly Purpose[], now: Date, form: EvaluationForm): Condition {
  const purpose = purposes.length === 1 ? sql<SqlBool>`s.purpose = ${purposes[0]}` : sql<SqlBool>`s.purpose in (${sql.join(purposes)})`;
  return hasRows(
    {
      from: sql`consent s`,
      alias: 's',
      houseId,
      where: [purpose, sql`s.status = 'granted'`, sql`s.expires_at > ${now.toISOString()}`],
    },
    form,
  );
}

/** Contacts who belong to the unit (interacted with it or were imported for it). */
export function inUnit(houseId: string, unitId: string, form: EvaluationForm): Condition {
  return hasRows({ from: sql`contact_unit u`, alias: 'u', houseId, where: [sql`u.unit_id = ${unitId}`] }, form);
}

function staticMembers(houseId: string, segmentId: string, form: EvaluationForm): Condition {
  return hasRows({ from: sql`segment_member m`, alias: 'm', houseId, where: [sql`m.segment_id = ${segmentId}`] }, form);
}

/** LIKE patterns for one code in a JSON array of codes, with LIKE's wildcards escaped ('_' is in codes). */
function jsonCodePattern(code: string): string {
  return `%${JSON.stringify(code).replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function jsonHasCode(column: RawBuilder<unknown>, code: string): Condition {
  return sql<SqlBool>`${column} like ${jsonCodePattern(code)} escape '\\'`;
}

interface Scope {
  houseId: string;
  unitId: string | null;
}

/** The rows of interaction a behaviour condition reads: this house, not pseudonymised, the scope's unit. */
function interactionRows(scope: Scope, kinds: readonly string[], where: Condition[], having?: Condition): ContactRows {
  const kind = kinds.length === 1 ? sql<SqlBool>`i.kind = ${kinds[0]}` : sql<SqlBool>`i.kind in (${sql.join(kinds)})`;
  const conditions = [kind, ...where];
  if (scope.unitId !== null) conditions.push(sql<SqlBool>`i.unit_id = ${scope.unitId}`);
  return { from: sql`interaction i`, alias: 'i', houseId: scope.houseId, where: conditions, nullable: true, ...(having === undefined ? {} : { having }) };
}

function performanceRows(scope: Scope, kind: 'booking' | 'attendance', condition: PerformanceCondition, now: Date): ContactRows {
  const where: Condition[] = [];
  if (condition.months !== undefined) where.push(sql<SqlBool>`i.occurred_at >= ${monthsBefore(now, condition.months)}`);
  if (condition.productionId !== undefined) where.push(sql<SqlBool>`i.production_id = ${condition.productionId}`);
  if (condition.unitId !== undefined) where.push(sql<SqlBool>`i.unit_id = ${condition.unitId}`);
  if (condition.genre !== undefined) {
    where.push(sql<SqlBool>`i.production_id in (select p.id from production p where p.house_id = ${scope.houseId} and ${jsonHasCode(sql`p.genres`, condition.genre)})`);
  }
  // Performances, not rows: two tickets for one evening are one visit. A visit with no
  // performance (an exhibition) counts once per instant.
  const having = condition.atLeast > 1 ? sql<SqlBool>`count(distinct coalesce(i.performance_id, i.occurred_at)) >= ${condition.atLeast}` : undefined;
  return interactionRows(scope, [kind], where, having);
}

function condition(rule: SegmentRule, scope: Scope, context: EvaluationContext, stack: readonly string[]): Condition {
  const { now, form } = context;
  if ('all' in rule) return and(ordered(rule.all).map((child) => compileRule(child, scope, context, stack)));
  if ('any' in rule) return or(ordered(rule.any).map((child) => compileRule(child, scope, context, stack)));
  if ('not' in rule) return sql<SqlBool>`not (${compileRule(rule.not, scope, context, stack)})`;
  if ('language' in rule) return sql<SqlBool>`(c.language is not null and c.language in (${sql.join(rule.language)}))`;
  if ('postcode' in rule) {
    const prefixes = rule.postcode.map((prefix) => sql<SqlBool>`upper(substr(c.postal_code, 1, ${prefix.length})) = ${prefix}`);
    return sql<SqlBool>`(c.postal_code is not null and ${or(prefixes)})`;
  }
  if ('age' in rule) {
    const { from, to } = birthYears(now, rule.age);
    const bounds = [sql<SqlBool>`c.birth_year is not null`];
    if (from !== null) bounds.push(sql<SqlBool>`c.birth_year >= ${from}`);
    if (to !== null) bounds.push(sql<SqlBool>`c.birth_year <= ${to}`);
    return and(bounds);
  }
  if ('interest' in rule) return or(rule.interest.map((code) => jsonHasCode(sql`c.interests`, code)));
  if ('booked' in rule) return hasRows(performanceRows(scope, 'booking', rule.booked, now), form);
  if ('attended' in rule) return hasRows(performanceRows(scope, 'attendance', rule.attended, now), form);
  if ('firstTime' in rule) {
    // New to the house: the first booking or visit ever lies within the period, and at most
    // one visit so far. Someone with nothing in the period cannot be new: that cheap test
    // comes first and spares reading the whole history of everybody else.
    const since = monthsBefore(now, rule.firstTime.months);
    // One test per kind: with "kind in (...)" and a range SQLite picks the index without the kind.
    const recent = or(['booking', 'attendance'].map((kind) => hasRows(interactionRows(scope, [kind], [sql<SqlBool>`i.occurred_at >= ${since}`]), form)));
    const having = sql<SqlBool>`min(i.occurred_at) >= ${since} and sum(case when i.kind = 'attendance' then 1 else 0 end) <= 1`;
    return sql<SqlBool>`(${recent} and ${hasRows(interactionRows(scope, ['booking', 'attendance'], [], having), form)})`;
  }
  if ('lapsed' in rule) {
    const since = monthsBefore(now, rule.lapsed.months);
    const before = hasRows(interactionRows(scope, ['attendance'], [sql<SqlBool>`i.occurred_at < ${since}`]), form);
    const recently = hasRows(interactionRows(scope, ['attendance'], [sql<SqlBool>`i.occurred_at >= ${since}`]), form);
    return sql<SqlBool>`(${before} and not (${recently}))`;
  }
  if ('opened' in rule) return hasRows(interactionRows(scope, ['email_opened'], [sql<SqlBool>`i.occurred_at >= ${daysBefore(now, rule.opened.days)}`]), form);
  if ('clicked' in rule) return hasRows(interactionRows(scope, ['email_clicked'], [sql<SqlBool>`i.occurred_at >= ${daysBefore(now, rule.clicked.days)}`]), form);
  if ('consent' in rule) return hasValidConsent(scope.houseId, [rule.consent], now, form);
  if ('segment' in rule) return savedSegment(rule.segment, context, stack);
  throw new Error(`unknown rule ${JSON.stringify(rule)}`);
}

function compileRule(rule: SegmentRule, scope: Scope, context: EvaluationContext, stack: readonly string[]): Condition {
  const compiled = condition(rule, scope, context, stack);
  const justifications = justificationsFor(rule, context.purpose).map((purposes) => hasValidConsent(scope.houseId, purposes, context.now, context.form));
  return justifications.length === 0 ? compiled : and([compiled, ...justifications]);
}

/** A saved segment inside another: its own unit scope, its rules or its member list. */
function savedSegment(id: string, context: EvaluationContext, stack: readonly string[]): Condition {
  const segment = context.segments.get(id);
  // The service resolves and checks every reference before compiling: a miss here is a bug.
  if (segment === undefined) throw new Error(`segment ${id} was not resolved`);
  if (stack.includes(id)) throw new Error(`segment ${id} refers back to itself`);
  return segmentBody(segment, context, [...stack, id]);
}

function segmentBody(segment: ResolvedSegment, context: EvaluationContext, stack: readonly string[]): Condition {
  const scope = { houseId: context.houseId, unitId: segment.unitId };
  const parts: Condition[] = [];
  if (segment.unitId !== null) parts.push(inUnit(context.houseId, segment.unitId, context.form));
  if (segment.kind === 'static') parts.push(staticMembers(context.houseId, segment.id, context.form));
  else if (segment.rules !== null) parts.push(compileRule(segment.rules, scope, context, stack));
  else parts.push(FALSE);
  return and(parts);
}

/**
 * Cheap tests first: SQLite evaluates AND and OR from left to right and stops early, so a
 * contact that fails the language never reaches a subquery. Semantics do not change.
 */
function cost(rule: SegmentRule): number {
  if ('language' in rule || 'postcode' in rule || 'age' in rule || 'interest' in rule) return 0;
  if ('consent' in rule || 'segment' in rule) return 1;
  if ('all' in rule || 'any' in rule || 'not' in rule) return 2;
  return 3;
}

function ordered(rules: readonly SegmentRule[]): SegmentRule[] {
  return [...rules].sort((a, b) => cost(a) - cost(b));
}

/**
 * The whole condition on `contact c` for a segment (or a rule tree being edited, as a
 * segment without id): the house, the unit scope, the purpose's consent, the rules.
 */
export function segmentCondition(segment: ResolvedSegment, context: EvaluationContext): Condition {
  // A planner hint for the 'exists' form on SQLite (it changes no result): without
  // statistics SQLite takes "house_id = ?" for a selective filter and walks the house
  // index, where nearly every contact is of the house. Marked as almost always true, it
  // reads the table straight through for a count and walks the id index for a batch (id
  // order, no sort). The 'in' form is better off without: the hint makes SQLite drive the
  // query from the largest set instead.
  const hinted = context.engine === 'sqlite' && context.form === 'exists';
  const house = hinted ? sql<SqlBool>`likelihood(c.house_id = ${context.houseId}, 0.99)` : sql<SqlBool>`c.house_id = ${context.houseId}`;
  const parts: Condition[] = [house, segmentBody(segment, context, [segment.id])];
  if (context.purpose !== null) parts.push(hasValidConsent(context.houseId, [context.purpose], context.now, context.form));
  return and(parts);
}
