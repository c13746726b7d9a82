import type { DatabaseEngine } from '../../config.ts';
import { lockTransaction } from '../../core/db/batch.ts';
import type { Executor } from '../../core/db/database.ts';
import { appendAudit, lastViewSince } from './store.ts';

/*
 * A staff view of a contact is audited once per visit, not once per request. Opening a
 * contact's page asks for the contact, its consents and its timeline, and paging through
 * the timeline asks again: one entry per request would say the same thing four times and
 * bury the entries that matter. What the person may ask (Art. 15 GDPR: who looked at my
 * data, and when) is answered by one entry per actor and contact that opens a window of
 * VIEW_WINDOW_MINUTES: further views by the same actor inside the window are covered by
 * it, the first view after it writes a new entry. The window runs from the entry, not
 * from the latest request, so reading a person's data on and off for an hour leaves
 * entries across that hour, not a single one at its start.
 */

export const VIEW_WINDOW_MINUTES = 15;

/** Which staff reading opened the visit: the contact, its consents or its timeline. */
export type ContactView = 'contact' | 'consents' | 'timeline';

export interface ContactViewInput {
  houseId: string;
  actor: string;
  contactId: string;
  view: ContactView;
  now: Date;
}

/**
 * Writes a 'contact.viewed' entry unless this actor has one for this contact within the
 * window; answers whether it wrote. Call it inside the transaction that reads the
 * contact. On PostgreSQL the look-up and the insert are serialised per (house, contact,
 * actor) with a transaction-scoped advisory lock, because the page's three requests
 * arrive at once and would otherwise each see no entry and each write one; SQLite has
 * one writer anyway.
 */
export async function auditContactView(trx: Executor, engine: DatabaseEngine, input: ContactViewInput): Promise<boolean> {
  await lockTransaction(trx, engine, `contact-view:${input.houseId}:${input.contactId}:${input.actor}`);
  const since = new Date(input.now.getTime() - VIEW_WINDOW_MINUTES * 60_000).toISOString();
  if ((await lastViewSince(trx, input.houseId, input.contactId, input.actor, since)) !== undefined) return false;
  await appendAudit(trx, {
    houseId: input.houseId,
    at: input.now.toISOString(),
    actor: input.actor,
    action: 'contact.viewed',
    contactId: input.contactId,
    details: { view: input.view, windowMinutes: VIEW_WINDOW_MINUTES },
  });
  return true;
}
