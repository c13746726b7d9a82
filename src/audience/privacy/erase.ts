import { eraseConversationsOf } from '../../assistant/privacy.ts';
import type { Executor } from '../../core/db/database.ts';
import type { Events } from '../../core/jobs/events.ts';
import { appendAudit } from '../audit/store.ts';
import { keptForTheLaw } from '../model.ts';
import { houseLinkKey } from '../public/store.ts';
import { contactErased } from './events.ts';
import { pseudonymKey, pseudonymOf } from './model.ts';
import { deleteContacts, holdingCounts, interactionCounts, pseudonymiseInteractions } from './retention-store.ts';

/*
 * Erasure (Art. 17 GDPR), for one person asked for by staff or the person, or for a
 * batch the retention job found without purpose: the same writes either way, inside the
 * caller's transaction. What the law makes the house keep (bookings: § 147 AO, 10 years)
 * is detached and pseudonymised first; then the contact row goes and the foreign keys
 * take everything else with it.
 */

export interface Erasure {
  contactId: string;
  pseudonym: string;
  kept: { bookings: number };
  deleted: { interactions: number; consents: number; units: number; segments: number };
}

export async function pseudonymKeyOf(db: Executor, houseId: string, at: string): Promise<Buffer> {
  return pseudonymKey(await houseLinkKey(db, houseId, at));
}

/** Erases the contacts (all of one house, already checked and locked by the caller); returns what went and what stayed. */
export async function eraseContacts(db: Executor, houseId: string, contactIds: readonly string[], at: string): Promise<Erasure[]> {
  if (contactIds.length === 0) return [];
  const key = await pseudonymKeyOf(db, houseId, at);
  const interactions = await interactionCounts(db, houseId, contactIds);
  const holdings = await holdingCounts(db, houseId, contactIds);
  const erasures = new Map<string, Erasure>(
    contactIds.map((contactId) => [
      contactId,
      {
        contactId,
        pseudonym: pseudonymOf(key, contactId),
        kept: { bookings: 0 },
        deleted: {
          interactions: 0,
          consents: holdings.consents.get(contactId) ?? 0,
          units: holdings.units.get(contactId) ?? 0,
          segments: holdings.segments.get(contactId) ?? 0,
        },
      },
    ]),
  );
  for (const count of interactions) {
    const erasure = erasures.get(count.contactId);
    if (erasure === undefined) continue;
    if ((keptForTheLaw as readonly string[]).includes(count.kind)) erasure.kept.bookings += count.n;
    else erasure.deleted.interactions += count.n;
  }
  await pseudonymiseInteractions(db, houseId, new Map([...erasures.values()].map((e) => [e.contactId, e.pseudonym])), keptForTheLaw);
  // Before the contact rows: their addresses find the assistant conversations a person had without being linked.
  await eraseConversationsOf(db, houseId, contactIds);
  await deleteContacts(db, houseId, contactIds);
  return [...erasures.values()];
}

/**
 * The audit entries and events of erasures, in the erasure's transaction. The entry keeps
 * the contact id: a random id whose contact row is gone identifies nobody (Recital 26
 * GDPR), and the house needs it to prove what it did with the person's data and when
 * (Art. 5(2), accountability). Details hold ids and counts only.
 */
export async function recordErasures(
  db: Executor,
  events: Events | undefined,
  houseId: string,
  erasures: readonly Erasure[],
  entry: { at: string; actor: string; reason: string; details?: Record<string, unknown> },
): Promise<void> {
  await appendAudit(
    db,
    erasures.map((erasure) => ({
      houseId,
      at: entry.at,
      actor: entry.actor,
      action: 'contact.erased' as const,
      contactId: erasure.contactId,
      reason: entry.reason,
      details: { ...entry.details, pseudonym: erasure.pseudonym, kept: erasure.kept, deleted: erasure.deleted },
    })),
  );
  for (const erasure of erasures) {
    await events?.publish(contactErased, { houseId, contactId: erasure.contactId, pseudonym: erasure.pseudonym }, { executor: db });
  }
}
