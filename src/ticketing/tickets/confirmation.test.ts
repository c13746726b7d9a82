import { createHash } from 'node:crypto';
import jsQRModule from 'jsqr';
import type { Attachment, ParsedMail } from 'mailparser';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../catalogue/test-fixtures.ts';
import { createMailer, type MailLogger } from '../../core/mail/mailer.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../core/mail/testing.ts';
import { createTestApp, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import type { Order } from '../schemas.ts';
import { type Bookable, buyer, idempotent, seedBookable } from '../test-fixtures.ts';

/*
 * The confirmation end to end: an order through the public API, the mail/send job over
 * real SMTP on loopback, the mail parsed back; its QR codes decoded from the PNGs, its
 * calendar entries read, and the printable page opened from the link in the mail.
 */

let t: TestApp;
let smtp: TestSmtpServer;
let b: Bookable;

beforeEach(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestApp({
    env: { FOYER_SMTP_URL: smtp.url, FOYER_MAIL_FROM: 'kasse@theater.example', FOYER_BOOKING_LIMIT_PER_IP: '100000', FOYER_PUBLIC_LIMIT_PER_IP: '100000' },
  });
  b = await seedBookable(t);
});

afterEach(async () => {
  await t.close();
  await smtp.close();
});

async function book(body: Record<string, unknown>): Promise<Order> {
  const response = await call<Order>(t, idempotent(), 'POST', `/public/houses/${t.house.slug}/orders`, body);
  expect(response.status).toBe(201);
  return response.body;
}

// jsqr is CommonJS with an ES default export: under Node's interop the function is one level down.
const jsQR = jsQRModule.default;

function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data ?? null;
}

function pngs(mail: ParsedMail): Attachment[] {
  return mail.attachments.filter((a) => a.contentType === 'image/png');
}

function calendars(mail: ParsedMail): string[] {
  return mail.attachments.filter((a) => a.contentType.startsWith('text/calendar') && (a.filename ?? '').endsWith('.ics')).map((a) => a.content.toString('utf8'));
}

/** The printable tickets' path (with its query) from the mail's text. */
function ticketsLinkIn(mail: ParsedMail): string {
  const match = (mail.text ?? '').match(/https?:\/\/\S+\/public\/orders\/\S+\/tickets\?sig=\S+/);
  if (match === null) throw new Error(`no tickets link in the mail:\n${mail.text ?? ''}`);
  const url = new URL(match[0]);
  return `${url.pathname}${url.search}`;
}

async function open(path: string) {
  return t.foyer.http.inject({ method: 'GET', url: path });
}

describe(`the order confirmation on ${testEngine}`, () => {
  it('arrives in German with a QR code per ticket that decodes to its code, a calendar entry, and a working link', async () => {
    const order = await book({
      items: [
        { performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 2 },
        { performanceId: b.performance.id, priceCategoryId: b.balcony.id, tariff: 'ermaessigt', quantity: 1 },
      ],
      buyer,
      paymentMethod: 'box_office',
    });
    const codes = order.tickets.map((ticket) => ticket.code).sort();

    await t.foyer.jobs.runDueJobs();
    const mail = await smtp.waitForMail('anna@example.org');

    expect(mail.subject).toBe(`Ihre Karten – Bestellung ${order.number} bei Stadttheater Test`);
    expect(mail.from?.value[0]).toEqual({ name: 'Stadttheater Test', address: 'kasse@theater.example' });
    // Amounts keep a no-break space before the euro sign; compared here with a plain one.
    const text = (mail.text ?? '').replaceAll('\u00a0', ' ');
    expect(text).toContain('Guten Tag Anna Becker,');
    expect(text).toContain(`Bestellnummer: ${order.number}`);
    expect(text).toContain('Bitte bezahlen Sie 110,50 € an der Theaterkasse');
    // 17:30 UTC is 19:30 in Berlin in October (summer time).
    expect(text).toContain('Samstag, 3. Oktober 2026, 19:30 Uhr');
    expect(text).toContain('Großes Haus');
    expect(text).toContain('Parkett · Normalpreis · 48,00 €');
    expect(text).toContain('Rang · Ermäßigt · 14,50 €');
    for (const code of codes) expect(text).toContain(`Ticket-Code: ${code}`);

    const images = pngs(mail);
    expect(images).toHaveLength(3);
    expect(images.map((image) => decodeQr(image.content)).sort()).toEqual(codes);
    for (const image of images) {
      const code = decodeQr(image.content) ?? '';
      expect(image.filename).toBe(`ticket-${code}.png`);
      expect(image.cid).toBe(`${code}@tickets.foyer`);
      expect(mail.html).toContain(`alt="QR-Code für Ticket ${code}"`);
    }

    const [ics, ...more] = calendars(mail);
    expect(more).toHaveLength(0);
    expect(ics).toContain('DTSTART;TZID=Europe/Berlin:20261003T193000');
    expect(ics).toContain('SUMMARY:Carmen');
    expect(ics).toContain('LOCATION:Großes Haus\\, Theater am Markt');
    expect(ics).toContain('BEGIN:VTIMEZONE');

    const page = await open(ticketsLinkIn(mail));
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<html lang="de">');
    expect(page.body.match(/<svg /g)).toHaveLength(3);
    for (const code of codes) {
      expect(page.body).toContain(`Ticket-Code: ${code}`);
      expect(page.body).toContain(`aria-label="QR-Code für Ticket ${code}"`);
    }
    expect(page.body).toContain(order.number);
    expect(page.body).toContain('Anna Becker');
    expect(page.body).toContain('@media print');
    // The inline stylesheet is exactly what the page's CSP allows, and no script is.
    const style = page.body.match(/<style>([^<]*)<\/style>/)?.[1] ?? '';
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(csp).toContain("default-src 'none'");
    expect(page.body).not.toContain('<script');
  });

  it('is written in English for an English buyer, with one calendar entry per performance and the invoice reference', async () => {
    const later = await t.foyer.services.catalogue.createPerformance({ houseId: t.house.id, unitId: null }, { productionId: b.production.id, startsAt: '2026-12-05T18:00:00.000Z', hallId: b.performance.hallId });
    const order = await book({
      items: [
        { performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 1 },
        { performanceId: later.id, priceCategoryId: b.balcony.id, quantity: 1 },
      ],
      buyer: { name: 'John Smith', email: 'john@example.org', language: 'en' },
      paymentMethod: 'invoice',
    });
    await t.foyer.jobs.runDueJobs();
    const mail = await smtp.waitForMail('john@example.org');

    expect(mail.subject).toBe(`Your tickets – order ${order.number} at Stadttheater Test`);
    const text = (mail.text ?? '').replaceAll('\u00a0', ' ');
    expect(text).toContain('Hello John Smith,');
    expect(text).toContain(`You pay €77.00 by invoice. Please give the order number ${order.number} as the payment reference.`);
    expect(text).toContain('Saturday, 3 October 2026, 19:30');
    expect(text).toContain('Stalls · Full price · €48.00');
    expect(text).toContain('Balcony · Full price · €29.00');
    expect(pngs(mail)).toHaveLength(2);
    const entries = calendars(mail);
    expect(entries).toHaveLength(2);
    // December is winter time: 18:00 UTC is 19:00 in Berlin.
    expect(entries.some((ics) => ics.includes('DTSTART;TZID=Europe/Berlin:20261003T193000'))).toBe(true);
    expect(entries.some((ics) => ics.includes('DTSTART;TZID=Europe/Berlin:20261205T190000'))).toBe(true);

    const page = await open(ticketsLinkIn(mail));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('aria-label="QR code for ticket');
  });

  it('confirms an exchange with the new ticket only, and the page shows no cancelled ticket', async () => {
    const order = await book({ items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 2 }], buyer, paymentMethod: 'invoice' });
    await t.foyer.jobs.runDueJobs();
    await smtp.waitForMail('anna@example.org');
    const [given, kept] = order.tickets;
    if (given === undefined || kept === undefined) throw new Error('two tickets expected');

    const staff = await t.as('dialogue');
    const exchanged = await call<Order>(t, idempotent(staff), 'POST', `/api/orders/${order.id}/exchange`, { ticketIds: [given.id], to: { performanceId: b.performance.id, priceCategoryId: b.balcony.id } });
    expect(exchanged.status).toBe(200);
    const fresh = exchanged.body.tickets.find((ticket) => ticket.state === 'valid' && ticket.id !== kept.id);
    if (fresh === undefined) throw new Error('the exchanged ticket is missing');

    await t.foyer.jobs.runDueJobs();
    const second = await smtp.waitForMail('anna@example.org', { after: 1 });
    const decoded = pngs(second).map((image) => decodeQr(image.content)).sort();
    expect(decoded).toEqual([kept.code, fresh.code].sort());
    expect(second.text).not.toContain(given.code);

    const page = await open(`/public/orders/${order.id}/tickets?token=${encodeURIComponent(order.accessToken ?? '')}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(kept.code);
    expect(page.body).toContain(fresh.code);
    expect(page.body).not.toContain(given.code);
    expect(page.body.match(/<svg /g)).toHaveLength(2);
  });

  it('opens the printable page from the booking answer’s link, and refuses a wrong token or signature with 404', async () => {
    const order = await book({ items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 1 }], buyer, paymentMethod: 'box_office' });
    const other = await book({ items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 1 }], buyer, paymentMethod: 'box_office' });
    const fromAnswer = new URL(order.ticketsUrl ?? '');
    expect(fromAnswer.pathname).toBe(`/public/orders/${order.id}/tickets`);
    const good = await open(`${fromAnswer.pathname}${fromAnswer.search}`);
    expect(good.statusCode).toBe(200);
    expect(good.body).toContain(order.tickets[0]?.code);

    const otherSig = await t.foyer.services.ticketDocuments.ticketsLink(t.house.id, other.id);
    const sigOfOther = new URL(otherSig).searchParams.get('sig') ?? '';
    const refused = [
      `/public/orders/${order.id}/tickets?token=${encodeURIComponent(other.accessToken ?? '')}`,
      `/public/orders/${order.id}/tickets?token=foyer_order_wrong_token_123`,
      `/public/orders/${order.id}/tickets?sig=${encodeURIComponent(sigOfOther)}`,
      `/public/orders/${order.id}/tickets?sig=t1.AAAAAAAAAAAAAAAAAAAAAA`,
      `/public/orders/019a0000-0000-7000-8000-000000000000/tickets?sig=${encodeURIComponent(sigOfOther)}`,
    ];
    for (const path of refused) {
      const response = await open(path);
      expect(response.statusCode, path).toBe(404);
      expect(response.body).toContain('Karten nicht gefunden');
      expect(response.body).not.toContain(order.tickets[0]?.code);
    }
    const neither = await open(`/public/orders/${order.id}/tickets`);
    expect(neither.statusCode).toBe(400);
  });

  it('sends nothing when the buyer’s address was erased before the mail went out', async () => {
    const order = await book({ items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 1 }], buyer, paymentMethod: 'box_office' });
    // What the erasure subscriber (timeline.ts) does to the order.
    await t.foyer.database.db.updateTable('ticket_order').set({ buyer_email: null, buyer_name: 'Gelöscht 1' }).where('id', '=', order.id).execute();
    await book({ items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 1 }], buyer: { ...buyer, email: 'ben@example.org' }, paymentMethod: 'box_office' });
    await t.foyer.jobs.runDueJobs();
    await smtp.waitForMail('ben@example.org');
    expect(smtp.received).toHaveLength(1);
    if (testEngine === 'sqlite') {
      // The erased buyer's job completed (nobody to write to), rather than failing into retries.
      const mailJobs = await t.foyer.database.db.selectFrom('job').select('state').where('name', '=', 'mail/send').execute();
      expect(mailJobs.map((job) => job.state)).toEqual(['completed', 'completed']);
    }
  });
});

describe('mail attachments in FOYER_SMTP_URL=log mode', () => {
  it('logs the attachments’ names and sizes, never their bytes', async () => {
    const logged: object[] = [];
    const logger: MailLogger = { info: (details) => logged.push(details), warn: () => {} };
    const mailer = createMailer({ settings: { mode: 'log', smtpUrl: null, from: 'kasse@theater.example' }, logger });
    await mailer.send({
      to: 'anna@example.org',
      subject: 'Karten',
      text: 'Hallo',
      html: '<p>Hallo</p>',
      language: 'de',
      attachments: [{ filename: 'ticket-ABC.png', content: Buffer.from('PNGBYTES-SECRET'), contentType: 'image/png', cid: 'ABC@tickets.foyer' }],
    });
    const entry = logged.find((details) => 'attachments' in details);
    expect(entry).toMatchObject({ attachments: [{ filename: 'ticket-ABC.png', contentType: 'image/png', bytes: 15 }] });
    expect(JSON.stringify(logged)).not.toContain('PNGBYTES-SECRET');
  });
});
