import { type Expression, type ExpressionBuilder, type Insertable, type SqlBool, sql } from 'kysely';
import type { Scope } from '../../core/auth/model.ts';
import type { Executor } from '../../core/db/database.ts';
import type { DB } from '../../core/db/schema.ts';
import type { PrivacyRequestTable } from '../tables.ts';

/*
 * The privacy service's reads: the contact within the caller's scope, everything held
 * about one person for an export, and the privacy requests. Every query filters by the
 * house; a unit actor reaches only members of its unit, anyone else is "not found".
 */

/**
 * `house_id = ?` as a filter only, never as the index to search by. SQLite would search
 * queries by contact by an index that starts with house_id (every row of a one-house
 * database) rather than by the contact ids they name, even with statistics (measured:
 * 0.7 s instead of milliseconds per batch). The ids were taken within the house already;
 * this check keeps a stray id of another house out all the same. The concatenation
 * reads the same on PostgreSQL, whose planner needs no such help.
 */
export function sameHouse(houseId: string, column = 'house_id') {
  return sql<SqlBool>`${sql.ref(column)} || '' = ${houseId}`;
}

/** Who the scope may act on: the house, and for a unit actor the members of its unit. */
function inScope(eb: ExpressionBuilder<DB, 'contact'>, scope: Scope): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [eb('contact.house_id', '=', scope.houseId)];
  if (scope.unitId !== null) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom('contact_unit')
          .select(sql.lit(1).as('one'))
          .whereRef('contact_unit.contact_id', '=', 'contact.id')
          .where('contact_unit.house_id', '=', scope.houseId)
          .where('contact_unit.unit_id', '=', scope.unitId),
      ),
    );
  }
  return eb.and(conditions);
}

const contactColumns = [
  'contact.id', 'contact.email', 'contact.email_normalised', 'contact.name', 'contact.phone', 'contact.language',
  'contact.postal_code', 'contact.birth_year', 'contact.interests', 'contact.source', 'contact.created_at', 'contact.updated_at',
] as const;

/**
 * The contact, if the scope may act on it. With `lock` (PostgreSQL) the row stays locked
 * to the end of the transaction: a consent or interaction written for the person at the
 * same moment waits (its foreign key check needs the row) and then fails once it is gone.
 */
export async function findContactInScope(db: Executor, scope: Scope, id: string, lock: boolean) {
  if (lock) await sql`set local lock_timeout = '5s'`.execute(db);
  return db
    .selectFrom('contact')
    .select(contactColumns)
    .where((eb) => inScope(eb, scope))
    .where('contact.id', '=', id)
    .$if(lock, (qb) => qb.forUpdate())
    .executeTakeFirst();
}

export async function houseOf(db: Executor, houseId: string) {
  return db.selectFrom('house').select(['id', 'name', 'slug']).where('id', '=', houseId).executeTakeFirstOrThrow();
}

// ---------- everything about one person (Art. 15/20 GDPR) ----------

export async function unitsOf(db: Executor, houseId: string, contactId: string) {
  return db
    .selectFrom('contact_unit')
    .innerJoin('unit', 'unit.id', 'contact_unit.unit_id')
    .select(['contact_unit.unit_id', 'unit.name_de', 'unit.name_en', 'contact_unit.since'])
    .where(sameHouse(houseId, 'contact_unit.house_id'))
    .where('contact_unit.contact_id', '=', contactId)
    .orderBy('contact_unit.since')
    .orderBy('contact_unit.unit_id')
    .execute();
}

/** With the production's title: an id alone tells the person nothing. */
export async function interactionsOf(db: Executor, houseId: string, contactId: string) {
  return db
    .selectFrom('interaction')
    .leftJoin('production', 'production.id', 'interaction.production_id')
    .select([
      'interaction.id', 'interaction.kind', 'interaction.occurred_at', 'interaction.source', 'interaction.ref', 'interaction.unit_id',
      'interaction.production_id', 'production.title_de', 'interaction.performance_id', 'interaction.details', 'interaction.created_at',
    ])
    .where(sameHouse(houseId, 'interaction.house_id'))
    .where('interaction.contact_id', '=', contactId)
    .orderBy('interaction.occurred_at')
    .orderBy('interaction.id')
    .execute();
}

/** Everything but the double opt-in token's hash, which is a credential, not data about the person. */
export async function consentsOf(db: Executor, houseId: string, contactId: string) {
  return db
    .selectFrom('consent')
    .select([
      'id', 'purpose', 'status', 'legal_basis', 'source', 'text_version', 'requested_at', 'granted_at', 'expires_at', 'revoked_at',
      'proof', 'retention_done_at', 'updated_at',
    ])
    .where(sameHouse(houseId))
    .where('contact_id', '=', contactId)
    .orderBy('purpose')
    .execute();
}

/** Static lists the person is on; rule segments hold no rows about anyone. */
export async function segmentsOf(db: Executor, houseId: string, contactId: string) {
  return db
    .selectFrom('segment_member')
    .innerJoin('segment', 'segment.id', 'segment_member.segment_id')
    .select(['segment_member.segment_id', 'segment.name', 'segment_member.added_at'])
    .where('segment_member.house_id', '=', houseId)
    .where('segment_member.contact_id', '=', contactId)
    .orderBy('segment_member.added_at')
    .execute();
}

/** What the recommender showed the person (recommend/tables.ts): which production, in which slot and why, where and when. */
export async function recommendationExposuresOf(db: Executor, houseId: string, contactId: string) {
  return db
    .selectFrom('recommendation_exposure as e')
    .leftJoin('production', 'production.id', 'e.production_id')
    .select(['e.id', 'e.production_id', 'production.title_de', 'e.slot', 'e.reason', 'e.surface', 'e.shown_at'])
    .where('e.house_id', '=', houseId)
    .where('e.contact_id', '=', contactId)
    .orderBy('e.shown_at')
    .orderBy('e.id')
    .execute();
}

export async function auditOf(db: Executor, houseId: string, contactId: string) {
  return db
    .selectFrom('audit_entry')
    .select(['id', 'at', 'actor', 'action', 'reason', 'details'])
    .where('house_id', '=', houseId)
    .where('contact_id', '=', contactId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

const requestColumns = ['id', 'contact_id', 'pseudonym', 'kind', 'status', 'via', 'actor', 'reason', 'requested_at', 'completed_at'] as const;
export type PrivacyRequestRow = Pick<PrivacyRequestTable, (typeof requestColumns)[number]>;

export async function requestsOf(db: Executor, houseId: string, contactId: string): Promise<PrivacyRequestRow[]> {
  return db
    .selectFrom('privacy_request')
    .select(requestColumns)
    .where(sameHouse(houseId))
    .where('contact_id', '=', contactId)
    .orderBy('requested_at')
    .orderBy('id')
    .execute();
}

// ---------- privacy requests ----------

export async function insertPrivacyRequest(db: Executor, row: Insertable<PrivacyRequestTable>): Promise<void> {
  await db.insertInto('privacy_request').values(row).execute();
}

export interface RequestFilter {
  kind?: string | undefined;
  status?: string | undefined;
  /** Inclusive lower and exclusive upper bound on requested_at. */
  from?: string | undefined;
  to?: string | undefined;
}

function requestConditions(eb: ExpressionBuilder<DB, 'privacy_request'>, scope: Scope, filter: RequestFilter): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [eb('privacy_request.house_id', '=', scope.houseId)];
  if (filter.kind !== undefined) conditions.push(eb('privacy_request.kind', '=', filter.kind));
  if (filter.status !== undefined) conditions.push(eb('privacy_request.status', '=', filter.status));
  if (filter.from !== undefined) conditions.push(eb('privacy_request.requested_at', '>=', filter.from));
  if (filter.to !== undefined) conditions.push(eb('privacy_request.requested_at', '<', filter.to));
  // A unit actor sees requests of its members only; an erased person is nobody's member any more.
  if (scope.unitId !== null) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom('contact_unit')
          .select(sql.lit(1).as('one'))
          .whereRef('contact_unit.contact_id', '=', 'privacy_request.contact_id')
          .where('contact_unit.house_id', '=', scope.houseId)
          .where('contact_unit.unit_id', '=', scope.unitId),
      ),
    );
  }
  return eb.and(conditions);
}

/** Newest first. */
export async function listPrivacyRequests(db: Executor, scope: Scope, filter: RequestFilter, page: { limit: number; offset: number }) {
  const rows = await db
    .selectFrom('privacy_request')
    .select(requestColumns)
    .where((eb) => requestConditions(eb, scope, filter))
    .orderBy('requested_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const { total } = await db
    .selectFrom('privacy_request')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where((eb) => requestConditions(eb, scope, filter))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}
