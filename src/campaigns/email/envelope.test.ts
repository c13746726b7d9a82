import type { ParsedMail } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { insertConsent, insertContact } from '../../audience/testing.ts';
import { defineMail } from '../../core/mail/outbox.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../core/mail/testing.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import { readMailLink, signMailLink } from './links.ts';
import { unsubscribePageCsp } from './pages.ts';

/*
 * Marketing mails end to end: wrapped by the envelope, sent through the outbox over real
 * SMTP on loopback, parsed by mailparser; then the links in what arrived are followed
 * against the app as a mail client or a reader would.
 */

const SECRET = 'webhook-secret-for-the-tests-0123456789';
const marketing = defineMail('test/marketing', z.object({ contactId: z.string(), campaignId: z.string() }));
const target = 'https://theater-auenstadt.example/faust?utm_campaign=spielzeit&x=%C3%A4#termine';
const templateHtml = `<!doctype html><html><body><h1>Die neue Spielzeit</h1><p><a href="${target.replace('&', '&amp;')}">Faust</a> und <a href="mailto:kasse@theater.example">die Kasse</a></p></body></html>`;

let t: TestApp;
let smtp: TestSmtpServer;
let tracked: string; // a contact who allowed behavioural analysis
let untracked: string; // one who did not

beforeEach(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestApp({ env: { FOYER_SMTP_URL: smtp.url, FOYER_PUBLIC_URL: 'https://foyer.example', FOYER_MAIL_WEBHOOK_SECRET: SECRET } });
  const { db } = t.foyer.database;
  tracked = await insertContact(db, t.house.id, { email: 'erika@example.org', language: 'de', name: 'Erika Muster' });
  untracked = await insertContact(db, t.house.id, { email: 'max@example.org', language: 'en' });
  for (const contact of [tracked, untracked]) await insertConsent(db, t.house.id, contact, 'newsletter', { grantedAt: '2026-01-15T10:00:00.000Z', expiresAt: '2028-01-15T10:00:00.000Z' });
  await insertConsent(db, t.house.id, tracked, 'behavioural_analysis', { grantedAt: '2026-01-15T10:00:00.000Z', expiresAt: '2028-01-15T10:00:00.000Z' });
  const { marketingMail, audience, catalogue } = t.foyer.services;
  t.foyer.services.mail.register(marketing, async ({ contactId, campaignId }) => {
    const house = await catalogue.getHouse(t.house.id);
    const contact = await audience.contacts.load({ houseId: t.house.id, unitId: null }, contactId);
    return marketingMail.wrap({
      house: { id: house.id, name: house.name },
      contact: { id: contact.id, email: contact.email, name: contact.name, language: contact.language === 'en' ? 'en' : 'de' },
      campaign: { id: campaignId, kind: 'campaign' },
      message: { subject: 'Die neue Spielzeit', html: templateHtml, text: `Faust: ${target}` },
    });
  });
});

afterEach(async () => {
  await t.close();
  await smtp.close();
});

async function send(contactId: string, email: string, campaignId = 'spielzeit-2027'): Promise<ParsedMail> {
  const before = smtp.received.length;
  await t.foyer.services.mail.enqueue(marketing, { contactId, campaignId });
  await t.foyer.jobs.runDueJobs();
  return smtp.waitForMail(email, { after: before });
}

/** The path of the one-click URL in List-Unsubscribe, as a mail client reads it. */
function unsubscribePath(mail: ParsedMail): string {
  const list = mail.headers.get('list') as { unsubscribe?: { url?: string } } | undefined;
  const url = list?.unsubscribe?.url ?? '';
  expect(url).toMatch(/^https:\/\/foyer\.example\/public\/unsubscribe\/m1\./);
  return new URL(url).pathname;
}

function hrefsOf(mail: ParsedMail): string[] {
  return [...String(mail.html).matchAll(/href="([^"]+)"/g)].map((m) => (m[1] ?? '').replaceAll('&amp;', '&'));
}

const consent = async (contactId: string, purpose: string) => (await t.foyer.services.audience.consents.ofContact(t.house.id, contactId)).find((c) => c.purpose === purpose);
const interactions = (contactId: string, kind: string) =>
  t.foyer.database.db.selectFrom('interaction').select(['ref', 'details']).where('house_id', '=', t.house.id).where('contact_id', '=', contactId).where('kind', '=', kind).execute();
const get = (url: string) => t.foyer.http.inject({ method: 'GET', url });
const oneClick = (path: string) =>
  t.foyer.http.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });

describe(`marketing mail over SMTP on ${testEngine}`, () => {
  it('arrives with the RFC 8058 headers and an unsubscribe link in the body', async () => {
    const mail = await send(untracked, 'max@example.org');
    const path = unsubscribePath(mail);
    expect(mail.headerLines.find((header) => header.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail.headers.get('precedence')).toBe('bulk');
    expect(mail.headers.get('x-foyer-campaign')).toBe(`${t.house.id}/spielzeit-2027`);
    expect(hrefsOf(mail)).toContain(`https://foyer.example${path}`);
    expect(mail.text).toContain(`Unsubscribe: https://foyer.example${path}`); // English contact
    expect(mail.html).toContain('>Unsubscribe</a>');
  });

  it('one-click POST to the header URL ends the newsletter consent, audited as the person; GET only asks', async () => {
    const path = unsubscribePath(await send(tracked, 'erika@example.org'));
    const page = await get(path);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toBe(unsubscribePageCsp);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<html lang="de">');
    expect(page.body).toContain(`<form method="post" action="${path}?lang=de">`);
    expect(page.body).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(page.body).toContain('/public/preferences/p1.');
    expect(await consent(tracked, 'newsletter')).toMatchObject({ status: 'granted', valid: true });

    const done = await oneClick(path);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('data-testid="unsubscribed"');
    expect(await consent(tracked, 'newsletter')).toMatchObject({ status: 'revoked', valid: false });
    expect(await consent(tracked, 'behavioural_analysis')).toMatchObject({ valid: true }); // only the mail's purpose
    const audit = await t.foyer.database.db.selectFrom('audit_entry').select(['action', 'actor']).where('contact_id', '=', tracked).where('action', '=', 'consent.revoked').execute();
    expect(audit).toEqual([{ action: 'consent.revoked', actor: `contact:${tracked}` }]);
    // Again (a client retrying): still 200, nothing more written.
    expect((await oneClick(path)).statusCode).toBe(200);
    expect((await oneClick(`${path}?lang=en`)).body).toContain('You will no longer receive the newsletter');
  });

  it('one-click works with multipart/form-data too, and an altered token changes nobody’s consent', async () => {
    const path = unsubscribePath(await send(untracked, 'max@example.org'));
    const forged = `${path.slice(0, -3)}${path.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const refused = await oneClick(forged);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).toContain('Unbekannter Link');
    expect(await consent(untracked, 'newsletter')).toMatchObject({ valid: true });
    const boundary = 'foyerboundary';
    const multipart = await t.foyer.http.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(multipart.statusCode).toBe(200);
    expect(await consent(untracked, 'newsletter')).toMatchObject({ status: 'revoked' });
  });

  it('rewrites links only for the contact who allowed behavioural analysis; the redirect goes to exactly the original URL and records the click', async () => {
    const plain = await send(untracked, 'max@example.org');
    expect(hrefsOf(plain)).toContain(target);
    expect(String(plain.html)).not.toContain('/public/r/');
    expect(String(plain.html)).not.toContain('/public/o/');

    const mail = await send(tracked, 'erika@example.org');
    const links = hrefsOf(mail);
    expect(links).not.toContain(target);
    expect(links).toContain('mailto:kasse@theater.example');
    const redirect = links.find((href) => href.startsWith('https://foyer.example/public/r/')) ?? '';
    const clicked = await get(new URL(redirect).pathname);
    expect(clicked.statusCode).toBe(302);
    expect(clicked.headers.location).toBe(target);
    expect(clicked.headers['cache-control']).toBe('no-store');
    await get(new URL(redirect).pathname); // twice: one fact
    const clicks = await interactions(tracked, 'email_clicked');
    expect(clicks).toHaveLength(1);
    expect(clicks[0]?.ref).toMatch(new RegExp(`^email_clicked:spielzeit-2027:${tracked}:`));
    expect(JSON.parse(clicks[0]?.details ?? '{}')).toEqual({ campaignId: 'spielzeit-2027', url: target });
  });

  it('a tampered or forged redirect is 404 and never a redirect', async () => {
    const mail = await send(tracked, 'erika@example.org');
    const redirect = new URL(hrefsOf(mail).find((href) => href.includes('/public/r/')) ?? '').pathname;
    const token = redirect.split('/').at(-1) ?? '';
    const parts = readMailLink(token);
    if (parts === null) throw new Error('no token');
    const evil = Buffer.from(JSON.stringify({ ...parts.payload, u: 'https://evil.example/login' })).toString('base64url');
    for (const path of [`/public/r/m1.${evil}.${token.split('.')[2] ?? ''}`, `/public/r/${token.slice(0, -4)}AAAA`, '/public/r/not-a-token-at-all-xxxxxxxx', `/public/r/${signMailLink(Buffer.alloc(32), parts.payload)}`]) {
      const answer = await get(path);
      expect(answer.statusCode, path).toBe(404);
      expect(answer.headers.location).toBeUndefined();
    }
    // An unsubscribe token is not a click token, even though it is signed by the house.
    const unsubscribeToken = unsubscribePath(mail).split('/').at(-1) ?? '';
    expect((await get(`/public/r/${unsubscribeToken}`)).statusCode).toBe(404);
    expect(await interactions(tracked, 'email_clicked')).toEqual([]);
  });

  it('the pixel is a 43-byte uncached GIF and records one open however often it loads', async () => {
    const mail = await send(tracked, 'erika@example.org');
    const pixel = new URL(/<img src="([^"]+\/public\/o\/[^"]+)"/.exec(String(mail.html))?.[1] ?? 'https://x/none').pathname;
    for (let i = 0; i < 3; i += 1) {
      const answer = await get(pixel);
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-type']).toBe('image/gif');
      expect(answer.rawPayload.length).toBe(43);
      expect(answer.rawPayload.subarray(0, 6).toString()).toBe('GIF89a');
      expect(answer.headers['cache-control']).toContain('no-store');
    }
    expect(await interactions(tracked, 'email_opened')).toHaveLength(1);
    expect((await get(pixel.replace('.gif', '.png'))).statusCode).toBe(404);
  });

  it('records nothing once behavioural analysis was withdrawn after the send, yet still takes the reader to the page', async () => {
    const mail = await send(tracked, 'erika@example.org');
    await t.foyer.services.audience.consents.revoke({ houseId: t.house.id, contactId: tracked, purpose: 'behavioural_analysis', actor: 'test' });
    const redirect = new URL(hrefsOf(mail).find((href) => href.includes('/public/r/')) ?? '').pathname;
    expect((await get(redirect)).headers.location).toBe(target);
    const pixel = new URL(/<img src="([^"]+\/public\/o\/[^"]+)"/.exec(String(mail.html))?.[1] ?? '').pathname;
    expect((await get(pixel)).statusCode).toBe(200);
    expect(await interactions(tracked, 'email_clicked')).toEqual([]);
    expect(await interactions(tracked, 'email_opened')).toEqual([]);
  });

  it('keeps houses apart: another house’s staff see none of this house’s suppressions, and a token moved to another house is unknown', async () => {
    const other = await insertTestHouse(t.foyer);
    const mail = await send(untracked, 'max@example.org');
    const token = unsubscribePath(mail).split('/').at(-1) ?? '';
    const parts = readMailLink(token);
    if (parts === null) throw new Error('no token');
    // The other house has a key of its own: the same payload naming it is not signed by it.
    await t.foyer.services.marketingMail.links(other.id, untracked, { id: 'x', kind: 'campaign' }).catch(() => undefined);
    const moved = Buffer.from(JSON.stringify({ ...parts.payload, h: other.id })).toString('base64url');
    expect((await oneClick(`/public/unsubscribe/m1.${moved}.${token.split('.')[2] ?? ''}`)).statusCode).toBe(404);

    await webhook({ type: 'bounce', bounceType: 'hard', email: 'max@example.org', campaign: mail.headers.get('x-foyer-campaign'), at: '2026-09-01T08:00:00Z' });
    expect(await t.foyer.services.marketingMail.isSuppressed(t.house.id, 'MAX@example.org')).toBe(true);
    expect(await t.foyer.services.marketingMail.isSuppressed(other.id, 'max@example.org')).toBe(false);
    const mine = await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/suppressions', headers: await t.as('marketing') });
    expect(mine.json<{ items: Array<{ id: string }> }>().items).toHaveLength(1);
    const theirs = await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/suppressions', headers: await t.as('marketing', { houseId: other.id }) });
    expect(theirs.json()).toMatchObject({ items: [], total: 0 });
    const id = mine.json<{ items: Array<{ id: string }> }>().items[0]?.id ?? '';
    expect((await t.foyer.http.inject({ method: 'DELETE', url: `/api/campaigns/suppressions/${id}`, headers: await t.as('marketing', { houseId: other.id }) })).statusCode).toBe(404);
    expect(await t.foyer.services.marketingMail.isSuppressed(t.house.id, 'max@example.org')).toBe(true);
  });
});

function webhook(body: Record<string, unknown>, secret: string | null = SECRET) {
  return t.foyer.http.inject({ method: 'POST', url: '/public/mail/events', headers: secret === null ? {} : { 'x-foyer-webhook-secret': secret }, payload: body });
}

describe(`bounce and complaint webhook on ${testEngine}`, () => {
  const at = '2026-09-01T08:00:00Z';

  it('refuses a wrong or missing secret before looking at the body', async () => {
    expect((await webhook({ nonsense: true }, 'wrong-secret')).statusCode).toBe(401);
    expect((await webhook({ type: 'bounce', bounceType: 'hard', email: 'max@example.org', houseId: t.house.id, at }, null)).statusCode).toBe(401);
    expect(await t.foyer.services.marketingMail.isSuppressed(t.house.id, 'max@example.org')).toBe(false);
  });

  it('names the field that is wrong', async () => {
    const noType = await webhook({ type: 'bounce', email: 'max@example.org', houseId: t.house.id, at });
    expect(noType.statusCode).toBe(400);
    expect(noType.json()).toMatchObject({ error: { details: [{ field: 'body.bounceType' }] } });
    const noHouse = await webhook({ type: 'complaint', email: 'max@example.org', at });
    expect(noHouse.json()).toMatchObject({ error: { details: [{ field: 'body.campaign' }] } });
    const badHeader = await webhook({ type: 'complaint', email: 'max@example.org', campaign: 'nope', at });
    expect(badHeader.statusCode).toBe(400);
    expect(badHeader.json()).toMatchObject({ error: { details: [{ field: 'campaign' }] } });
  });

  it('a hard bounce suppresses the address; staff see it and can lift it', async () => {
    const answer = await webhook({ type: 'bounce', bounceType: 'hard', email: 'Max@Example.org', campaign: `${t.house.id}/spielzeit-2027`, at, reason: '550 5.1.1 user unknown' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ houseId: t.house.id, suppressed: true, consentRevoked: false });
    expect(await t.foyer.services.marketingMail.isSuppressed(t.house.id, 'max@example.org')).toBe(true);
    expect(await consent(untracked, 'newsletter')).toMatchObject({ valid: true }); // a bounce is no withdrawal
    const list = await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/suppressions', headers: await t.as('dialogue') });
    expect(list.json()).toMatchObject({ total: 1, items: [{ email: 'max@example.org', reason: 'hard_bounce', campaignId: 'spielzeit-2027', detail: '550 5.1.1 user unknown' }] });
    const id = list.json<{ items: Array<{ id: string }> }>().items[0]?.id ?? '';
    expect((await t.foyer.http.inject({ method: 'DELETE', url: `/api/campaigns/suppressions/${id}`, headers: await t.as('analyst') })).statusCode).toBe(403);
    expect((await t.foyer.http.inject({ method: 'DELETE', url: `/api/campaigns/suppressions/${id}`, headers: await t.as('dialogue') })).statusCode).toBe(200);
    expect(await t.foyer.services.marketingMail.isSuppressed(t.house.id, 'max@example.org')).toBe(false);
  });

  it('three soft bounces within 30 days count as hard; older ones do not', async () => {
    const soft = (when: string) => webhook({ type: 'bounce', bounceType: 'soft', email: 'max@example.org', houseId: t.house.id, at: when });
    expect((await soft('2026-07-01T08:00:00Z')).json()).toMatchObject({ suppressed: false }); // outside the window of the later two
    expect((await soft('2026-08-20T08:00:00Z')).json()).toMatchObject({ suppressed: false });
    expect((await soft('2026-08-25T08:00:00Z')).json()).toMatchObject({ suppressed: false });
    expect((await soft('2026-08-30T08:00:00Z')).json()).toMatchObject({ suppressed: true });
    expect(await t.foyer.services.marketingMail.suppressedAmong(t.house.id, ['max@example.org', 'erika@example.org'])).toEqual(new Set(['max@example.org']));
  });

  it('a complaint suppresses the address and ends the newsletter consent', async () => {
    const answer = await webhook({ type: 'complaint', email: 'erika@example.org', campaign: `${t.house.id}/spielzeit-2027`, at });
    expect(answer.json()).toEqual({ houseId: t.house.id, suppressed: true, consentRevoked: true });
    expect(await consent(tracked, 'newsletter')).toMatchObject({ status: 'revoked', valid: false });
    expect(await t.foyer.services.marketingMail.isSuppressed(t.house.id, 'erika@example.org')).toBe(true);
    const audit = await t.foyer.database.db.selectFrom('audit_entry').select(['actor', 'reason']).where('contact_id', '=', tracked).where('action', '=', 'consent.revoked').execute();
    expect(audit).toEqual([{ actor: 'system:mail-complaint', reason: 'complaint reported by the mailbox provider for campaign spielzeit-2027' }]);
  });
});

describe('without FOYER_MAIL_WEBHOOK_SECRET', () => {
  it('the webhook does not exist', async () => {
    const bare = await createTestApp();
    try {
      const answer = await bare.foyer.http.inject({ method: 'POST', url: '/public/mail/events', headers: { 'x-foyer-webhook-secret': 'anything-at-all-here-1234567' }, payload: {} });
      expect(answer.statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
