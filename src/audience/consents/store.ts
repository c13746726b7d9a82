import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../core/db/database.ts';
import type { ConsentPolicyTable, ConsentTable } from '../tables.ts';

/*
 * Consents and consent policies. One consent row per contact and purpose: a new grant,
 * request or revocation changes that row, and the audit log keeps the history.
 */

const consentColumns = [
  'id', 'house_id', 'contact_id', 'purpose', 'status', 'legal_basis', 'source', 'text_version',
  'requested_at', 'granted_at', 'expires_at', 'revoked_at', 'proof', 'confirmation_token_hash',
  'token_spent_at', 'retention_done_at', 'updated_at',
] as const;

export type ConsentRow = Pick<ConsentTable, (typeof consentColumns)[number]>;

export async function findConsent(db: Executor, houseId: string, contactId: string, purpose: string): Promise<ConsentRow | undefined> {
  return db
    .selectFrom('consent')
    .select(consentColumns)
    .where('house_id', '=', houseId)
    .where('contact_id', '=', contactId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
}

export async function consentsOfContact(db: Executor, houseId: string, contactId: string): Promise<ConsentRow[]> {
  return db
    .selectFrom('consent')
    .select(consentColumns)
    .where('house_id', '=', houseId)
    .where('contact_id', '=', contactId)
    .orderBy('purpose')
    .execute();
}

const summaryColumns = ['contact_id', 'purpose', 'status', 'granted_at', 'expires_at', 'revoked_at'] as const;
export type ConsentSummaryRow = Pick<ConsentTable, (typeof summaryColumns)[number]>;

/** The consents of a page of contacts in one query, not one per contact: for the contacts list. */
export async function consentSummariesOf(db: Executor, houseId: string, contactIds: readonly string[]): Promise<Map<string, ConsentSummaryRow[]>> {
  const summaries = new Map<string, ConsentSummaryRow[]>(contactIds.map((id) => [id, []]));
  if (contactIds.length === 0) return summaries;
  const rows = await db
    .selectFrom('consent')
    .select(summaryColumns)
    .where('house_id', '=', houseId)
    .where('contact_id', 'in', contactIds)
    .execute();
  for (const row of rows) summaries.get(row.contact_id)?.push(row);
  return summaries;
}

/** The double opt-in link carries no house: the token hash alone finds the consent (it is unique). */
export async function findConsentByTokenHash(db: Executor, tokenHash: string): Promise<ConsentRow | undefined> {
  return db.selectFrom('consent').select(consentColumns).where('confirmation_token_hash', '=', tokenHash).executeTakeFirst();
}

export async function insertConsent(db: Executor, row: Insertable<ConsentTable>): Promise<void> {
  await db.insertInto('consent').values(row).execute();
}

export async function updateConsent(db: Executor, houseId: string, id: string, changes: Updateable<ConsentTable>): Promise<void> {
  await db.updateTable('consent').set(changes).where('house_id', '=', houseId).where('id', '=', id).execute();
}

/**
 * Marks the token used, only if nobody else did in between: two clicks on the same
 * link at once grant once, and the loser is told the link is spent.
 */
export async function spendToken(db: Executor, id: string, changes: Updateable<ConsentTable>): Promise<boolean> {
  const result = await db.updateTable('consent').set(changes).where('id', '=', id).where('token_spent_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

const policyColumns = ['purpose', 'expiry_months', 'text_version', 'text_de', 'text_en', 'updated_at'] as const;
export type PolicyRow = Pick<ConsentPolicyTable, (typeof policyColumns)[number]>;

export async function policiesOfHouse(db: Executor, houseId: string): Promise<PolicyRow[]> {
  return db.selectFrom('consent_policy').select(policyColumns).where('house_id', '=', houseId).execute();
}

export async function findPolicy(db: Executor, houseId: string, purpose: string): Promise<PolicyRow | undefined> {
  return db.selectFrom('consent_policy').select(policyColumns).where('house_id', '=', houseId).where('purpose', '=', purpose).executeTakeFirst();
}

export async function upsertPolicy(db: Executor, row: ConsentPolicyTable): Promise<void> {
  await db
    .insertInto('consent_policy')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['house_id', 'purpose']).doUpdateSet({
        expiry_months: row.expiry_months,
        text_version: row.text_version,
        text_de: row.text_de,
        text_en: row.text_en,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}
