import { DateTime } from 'luxon';
import type { PlacedOrder } from '../../ticketing/attribution.ts';
import { ATTRIBUTION_DAYS } from './model.ts';
import type { CampaignStats } from './schemas.ts';

/*
 * A campaign's statistics from its sent messages and the orders their people placed,
 * pure. An order is the campaign's booking when it was placed within ATTRIBUTION_DAYS
 * after a mail of the campaign reached the person; it counts once, for the latest such
 * mail (the one that most plausibly moved them), whatever else they were sent.
 */

export interface SentMessage {
  contact_id: string | null;
  variant: string | null;
  sent_at: string | null;
  opened_at: string | null;
  clicked_at: string | null;
  bounced_at: string | null;
  unsubscribed_at: string | null;
}

export function campaignStats(messages: readonly SentMessage[], orders: readonly PlacedOrder[], timeZone: string): CampaignStats {
  const windowMs = ATTRIBUTION_DAYS * 86_400_000;
  const byContact = new Map<string, SentMessage[]>();
  for (const message of messages) {
    if (message.contact_id !== null && message.sent_at !== null) byContact.set(message.contact_id, [...(byContact.get(message.contact_id) ?? []), message]);
  }
  const attributed: { order: PlacedOrder; message: SentMessage }[] = [];
  for (const order of orders) {
    const placed = Date.parse(order.placedAt);
    let best: SentMessage | null = null;
    for (const message of byContact.get(order.contactId) ?? []) {
      const sent = Date.parse(message.sent_at ?? '');
      if (placed >= sent && placed - sent <= windowMs && (best === null || sent > Date.parse(best.sent_at ?? ''))) best = message;
    }
    if (best !== null) attributed.push({ order, message: best });
  }

  const day = (instant: string) => DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone).toISODate() ?? instant.slice(0, 10);
  const daily = new Map<string, { date: string; sent: number; opened: number; clicked: number; bookings: number }>();
  const dayOf = (instant: string) => {
    const date = day(instant);
    let entry = daily.get(date);
    if (entry === undefined) daily.set(date, (entry = { date, sent: 0, opened: 0, clicked: 0, bookings: 0 }));
    return entry;
  };
  const variants = new Map<string | null, { variant: string | null; sent: number; opened: number; clicked: number; bookings: number }>();
  const variantOf = (variant: string | null) => {
    let entry = variants.get(variant);
    if (entry === undefined) variants.set(variant, (entry = { variant, sent: 0, opened: 0, clicked: 0, bookings: 0 }));
    return entry;
  };

  let bounced = 0;
  let opened = 0;
  let clicked = 0;
  let unsubscribed = 0;
  for (const message of messages) {
    if (message.sent_at !== null) dayOf(message.sent_at).sent += 1;
    const variant = variantOf(message.variant);
    variant.sent += 1;
    if (message.bounced_at !== null) bounced += 1;
    if (message.unsubscribed_at !== null) unsubscribed += 1;
    if (message.opened_at !== null) {
      opened += 1;
      variant.opened += 1;
      dayOf(message.opened_at).opened += 1;
    }
    if (message.clicked_at !== null) {
      clicked += 1;
      variant.clicked += 1;
      dayOf(message.clicked_at).clicked += 1;
    }
  }
  let revenueMinor = 0;
  const currencies = new Set<string>();
  for (const { order, message } of attributed) {
    revenueMinor += order.totalMinor;
    currencies.add(order.currency);
    dayOf(order.placedAt).bookings += 1;
    variantOf(message.variant).bookings += 1;
  }
  return {
    sent: messages.length,
    delivered: messages.length - bounced,
    bounced,
    opened,
    clicked,
    unsubscribed,
    bookings: attributed.length,
    revenueMinor,
    // A house sells in one currency; were there several, a sum would be meaningless, so none is named.
    currency: currencies.size === 1 ? ([...currencies][0] ?? null) : null,
    daily: [...daily.values()].sort((a, b) => a.date.localeCompare(b.date)),
    variants: [...variants.values()].sort((a, b) => (a.variant ?? '').localeCompare(b.variant ?? '')),
  };
}
