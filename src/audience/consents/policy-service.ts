import type { Clock } from '../../core/clock.ts';
import type { Database, Executor } from '../../core/db/database.ts';
import { invalid } from '../../core/errors.ts';
import { parseInput } from '../../core/input.ts';
import { appendAudit } from '../audit/store.ts';
import { type Purpose, purposes } from '../model.ts';
import { type ConsentPolicy, defaultPolicy, textVersionOf } from './policies.ts';
import { type PolicyInput, policyInput } from './schemas.ts';
import * as store from './store.ts';

/*
 * Each house's consent policies: how long a consent for a purpose lasts and the wording
 * people agree to, with Foyer's defaults (policies.ts) until the house writes its own.
 */

function policyFromRow(row: store.PolicyRow): ConsentPolicy {
  return {
    purpose: row.purpose as Purpose,
    expiryMonths: row.expiry_months,
    textVersion: row.text_version,
    textDe: row.text_de,
    textEn: row.text_en,
    custom: true,
    updatedAt: row.updated_at,
  };
}

export function createConsentPolicies({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;

  /** The policy in force, read inside the caller's transaction (a grant computes its expiry from it). */
  async function policyFor(executor: Executor, houseId: string, purpose: Purpose): Promise<ConsentPolicy> {
    const row = await store.findPolicy(executor, houseId, purpose);
    return row === undefined ? defaultPolicy(purpose) : policyFromRow(row);
  }

  /** One policy per purpose, Foyer's defaults where the house has written none. */
  async function policies(houseId: string): Promise<ConsentPolicy[]> {
    const rows = new Map((await store.policiesOfHouse(db, houseId)).map((row) => [row.purpose, policyFromRow(row)]));
    return purposes.map((purpose) => rows.get(purpose) ?? defaultPolicy(purpose));
  }

  async function policy(houseId: string, purpose: Purpose): Promise<ConsentPolicy> {
    return policyFor(db, houseId, purpose);
  }

  /**
   * Changes the period and wording for future consents. Consents already given keep the
   * expiry and text version they were given with: a person agreed to that wording.
   */
  async function setPolicy(actor: string, houseId: string, purpose: Purpose, input: PolicyInput): Promise<ConsentPolicy> {
    if (!(purposes as readonly string[]).includes(purpose)) throw invalid('purpose', `must be one of ${purposes.join(', ')}`);
    const parsed = parseInput(policyInput, input);
    const at = clock.now().toISOString();
    const textEn = parsed.textEn ?? null;
    const textVersion = textVersionOf(parsed.textDe, textEn);
    await db.transaction().execute(async (trx) => {
      const before = await policyFor(trx, houseId, purpose);
      await store.upsertPolicy(trx, { house_id: houseId, purpose, expiry_months: parsed.expiryMonths, text_version: textVersion, text_de: parsed.textDe, text_en: textEn, updated_at: at });
      await appendAudit(trx, {
        houseId,
        at,
        actor,
        action: 'consent.policy_changed',
        contactId: null,
        details: { purpose, expiryMonths: parsed.expiryMonths, previousExpiryMonths: before.expiryMonths, textVersion, previousTextVersion: before.textVersion },
      });
    });
    return policy(houseId, purpose);
  }

  return { policyFor, policies, policy, setPolicy };
}
