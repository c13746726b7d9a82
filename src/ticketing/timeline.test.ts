import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../catalogue/test-fixtures.ts';
import { createTestApp, type TestApp } from '../core/testing/app.ts';
import type { Order } from './schemas.ts';
import { type Bookable, buyer, idempotent, seedBookable } from './test-fixtures.ts';

/*
 * A booking reaches the buyer's contact after the commit: the contact is made, the
 * ticketing purpose is granted on the contract, ticked boxes become double opt-in
 * requests, and the booking and its cancellation stand in the timeline. An erased
 * person's orders keep their seats under the pseudonym.
 */

describe('bookings on the contact’s timeline', () => {
  let t: TestApp;
  let b: Bookable;
  beforeEach(async () => {
    t = await createTestApp();
    b = await seedBookable(t);
  });
  afterEach(async () => {
    await t.close();
  });

  const scope = () => ({ houseId: t.house.id, unitId: null });

  it('makes the contact, grants ticketing on the contract, asks for the ticked purpose only, and records the booking', async () => {
    const placed = await call<Order>(t, idempotent(), 'POST', `/public/houses/${t.house.slug}/orders`, {
      items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 2 }],
      buyer,
      consents: { newsletter: true, recommendations: false },
      paymentMethod: 'invoice',
    });
    expect(placed.status).toBe(201);
    expect(placed.body.contactId).toBeNull();
    await t.foyer.jobs.runDueJobs();

    const { audience, ticketing } = t.foyer.services;
    const order = await ticketing.getOrder(scope(), placed.body.id);
    expect(order.contactId).not.toBeNull();
    const contactId = order.contactId ?? '';
    const consents = await audience.consents.ofContact(t.house.id, contactId);
    expect(consents.find((c) => c.purpose === 'ticketing')).toMatchObject({ valid: true, legalBasis: 'contract' });
    expect(consents.find((c) => c.purpose === 'newsletter')).toMatchObject({ status: 'pending', valid: false });
    expect(consents.find((c) => c.purpose === 'recommendations')).toBeUndefined();

    await call(t, idempotent(await t.as('owner')), 'POST', `/api/orders/${order.id}/cancel`, { ticketIds: [order.tickets[0]?.id] });
    await t.foyer.jobs.runDueJobs();
    const timeline = await audience.interactions.timeline(scope(), 'staff:test', contactId);
    const bookings = timeline.items.filter((item) => item.kind === 'booking');
    expect(bookings).toHaveLength(2);
    expect(bookings.every((item) => item.performanceId === b.performance.id && item.source === 'ticketing')).toBe(true);
    // Running the jobs again records nothing twice.
    await t.foyer.jobs.runDueJobs();
    expect((await audience.interactions.timeline(scope(), 'staff:test', contactId)).items.filter((item) => item.kind === 'booking')).toHaveLength(2);
  });

  it('keeps an erased buyer’s orders and seats under the pseudonym, without name or address', async () => {
    const placed = await call<Order>(t, idempotent(), 'POST', `/public/houses/${t.house.slug}/orders`, {
      items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 1 }],
      buyer,
      paymentMethod: 'invoice',
    });
    await t.foyer.jobs.runDueJobs();
    const { privacy, ticketing } = t.foyer.services;
    const contactId = (await ticketing.getOrder(scope(), placed.body.id)).contactId ?? '';
    await privacy.erase(scope(), contactId, 'staff:test', { reason: 'asked in writing', via: 'staff', confirmEmail: buyer.email });
    await t.foyer.jobs.runDueJobs();
    const order = await ticketing.getOrder(scope(), placed.body.id);
    expect(order.buyer.email).toBeNull();
    expect(order.buyer.name).not.toBe(buyer.name);
    expect(order.tickets).toHaveLength(1);
    expect(order.state).toBe('pending');
    const found = await ticketing.listOrders(scope(), { q: 'anna' });
    expect(found.total).toBe(0);
  });
});
