import type { ParsedMail } from 'mailparser';
import { call } from '../../catalogue/test-fixtures.ts';
import type { TestApp } from '../../core/testing/app.ts';
import type { Order } from '../schemas.ts';
import { type Bookable, idempotent } from '../test-fixtures.ts';
import type { JoinAnswer } from './schemas.ts';
import { waitingListOffersJob } from './service.ts';

/*
 * Helpers for the waiting list's tests: sell a category out at the desk, join as a
 * visitor, run the minute job, read the offer link out of the mail, post the offer form
 * as a browser does.
 */

export const waiter = (n: number, language: 'de' | 'en' = 'de') => ({ name: `Person ${n}`, email: `person${n}@example.org`, language });

export function joinUrl(t: Pick<TestApp, 'house'>, performanceId: string, houseSlug = t.house.slug): string {
  return `/public/houses/${houseSlug}/performances/${performanceId}/waiting-list`;
}

export async function join(t: TestApp, b: Bookable, n: number, options: { quantity?: number; categoryId?: string; language?: 'de' | 'en' } = {}) {
  return call<JoinAnswer>(t, {}, 'POST', joinUrl(t, b.performance.id), {
    priceCategoryId: options.categoryId ?? b.stalls.id,
    quantity: options.quantity ?? 1,
    ...waiter(n, options.language),
  });
}

/** A box office sale of `quantity` seats of the category: the easy way to sell out. */
export async function sellAtDesk(t: TestApp, b: Bookable, quantity: number, categoryId = b.stalls.id): Promise<Order> {
  const sold = await call<Order>(t, idempotent(await t.as('dialogue')), 'POST', '/api/orders', {
    items: [{ performanceId: b.performance.id, priceCategoryId: categoryId, quantity }],
    paymentMethod: 'cash',
  });
  if (sold.status !== 201) throw new Error(`desk sale failed: ${sold.status} ${JSON.stringify(sold.body)}`);
  return sold.body;
}

export async function cancelAtDesk(t: TestApp, orderId: string, ticketIds?: string[]) {
  return call<Order>(t, idempotent(await t.as('dialogue')), 'POST', `/api/orders/${orderId}/cancel`, ticketIds === undefined ? {} : { ticketIds });
}

/** What the schedule does every minute, now. */
export async function runMinuteJob(t: TestApp): Promise<void> {
  await t.foyer.jobs.enqueue(waitingListOffersJob, {});
  await t.foyer.jobs.runDueJobs();
}

export async function entryOf(t: TestApp, id: string) {
  return t.foyer.database.db.selectFrom('waiting_list_entry').select(['state', 'hold_id', 'offer_expires_at', 'token_hash']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** The offer link of the mail: path with query, and the hold token it carries. */
export function offerLinkIn(mail: ParsedMail): { path: string; entryId: string; holdToken: string } {
  const match = (mail.text ?? '').match(/https?:\/\/\S+\/public\/waiting-list\/offers\/\S+/);
  if (match === null) throw new Error(`no offer link in the mail:\n${mail.text ?? ''}`);
  const url = new URL(match[0]);
  return { path: `${url.pathname}${url.search}`, entryId: url.pathname.split('/').pop() ?? '', holdToken: url.searchParams.get('hold') ?? '' };
}

/** Posts the offer page's form as a browser does: urlencoded, to the form's action. */
export function postOfferForm(t: TestApp, url: string, fields: Record<string, string>) {
  return t.foyer.http.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Mozilla/5.0 (Test)' },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** The form's action, read from the page, so the test posts where the browser would. */
export function formActionOf(html: string): string {
  const match = html.match(/<form method="post" action="([^"]+)"/);
  if (match === null) throw new Error('no form on the page');
  return (match[1] ?? '').replaceAll('&amp;', '&');
}
