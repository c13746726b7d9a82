import type { Actor, Scope } from '../../core/auth/model.ts';
import { scopeOf } from '../../core/auth/model.ts';
import type { Database } from '../../core/db/database.ts';
import type { OrderAttribution } from '../../ticketing/attribution.ts';
import { ATTRIBUTION_DAYS, type CampaignStatus, emptyCounts, maskEmail, type MessageState } from './model.ts';
import type { CampaignStats, MessageDto } from './schemas.ts';
import { campaignStats } from './stats.ts';
import * as store from './store.ts';

/*
 * What staff read about a send: live progress, the statistics with bookings attributed
 * within ATTRIBUTION_DAYS, and the delivery log. Read-only: the counts come from the
 * delivery log the scanner and the sender write.
 */

export function createCampaignReports(deps: { database: Database; attribution: OrderAttribution; find(scope: Scope, id: string): Promise<store.CampaignRow> }) {
  const { db } = deps.database;
  const { find } = deps;

  async function progress(scope: Scope, id: string) {
    const row = await find(scope, id);
    const counts = (await store.countsOf(db, scope.houseId, [id])).get(id) ?? emptyCounts();
    const walked = Object.values(counts).reduce((sum, n) => sum + n, 0);
    return { status: row.status as CampaignStatus, recipients: Math.max(Number(row.recipients), walked), walked, counts };
  }

  async function stats(scope: Scope, id: string): Promise<CampaignStats> {
    await find(scope, id);
    const messages = await store.sentMessages(db, scope.houseId, id);
    const sentTimes = messages.flatMap((m) => (m.sent_at === null ? [] : [m.sent_at])).sort();
    const contacts = messages.flatMap((m) => (m.contact_id === null ? [] : [m.contact_id]));
    const first = sentTimes[0];
    const last = sentTimes.at(-1);
    const orders =
      first === undefined || last === undefined
        ? []
        : await deps.attribution.ordersPlacedBy(scope.houseId, contacts, { from: first, until: new Date(Date.parse(last) + ATTRIBUTION_DAYS * 86_400_000).toISOString() });
    const zones = await store.houseZones(db, [scope.houseId]);
    return campaignStats(messages, orders, zones.get(scope.houseId) ?? 'Europe/Berlin');
  }

  async function messages(actor: Actor, id: string, query: { state?: MessageState | undefined; limit: number; offset: number }) {
    const scope = scopeOf(actor);
    await find(scope, id);
    const mayRead = actor.permissions.has('audience:read');
    const { rows, total } = await store.listMessages(db, scope.houseId, id, query.state, query);
    const items: MessageDto[] = rows.map((row) => ({
      id: row.id,
      contactId: row.contact_id,
      email: row.email === null ? null : mayRead ? row.email : maskEmail(row.email),
      state: row.state as MessageState,
      reason: row.reason,
      variant: row.variant,
      journeyId: row.journey_id,
      nodeId: row.node_id,
      queuedAt: row.queued_at,
      sentAt: row.sent_at,
      openedAt: row.opened_at,
      clickedAt: row.clicked_at,
      bouncedAt: row.bounced_at,
      unsubscribedAt: row.unsubscribed_at,
    }));
    return { items, total, limit: query.limit, offset: query.offset };
  }

  return { progress, stats, messages };
}
