import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromJson } from '../../core/db/json.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../core/mail/testing.ts';
import { createTestApp, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import { insertConsent, insertContact } from '../testing.ts';
import { linkIn, SIGNUP_IP, signupRequest } from './testing.ts';

/*
 * Sign-up and double opt-in end to end: the public endpoint, a real SMTP server on
 * loopback, the link in the mail that arrived, the confirmation pages.
 */

let t: TestApp;
let smtp: TestSmtpServer;

beforeEach(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestApp({ env: { FOYER_SMTP_URL: smtp.url, FOYER_MAIL_FROM: 'foyer@theater.example' } });
});

afterEach(async () => {
  await t.close();
  await smtp.close();
});

async function consentsOf(email: string) {
  const contact = await t.foyer.database.db.selectFrom('contact').select('id').where('email_normalised', '=', email).executeTakeFirst();
  if (contact === undefined) return [];
  return t.foyer.services.audience.consents.ofContact(t.house.id, contact.id);
}

describe(`sign-up with double opt-in on ${testEngine}`, () => {
  it('sends one mail over SMTP; its link grants every ticked purpose with proof, once', async () => {
    const response = await signupRequest(t, { email: 'Erika@Example.org', name: 'Erika Mustermann', purposes: ['newsletter', 'recommendations'], website: '' });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ message: expect.stringContaining('Bestätigungslink') });
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    expect((await consentsOf('erika@example.org')).map((c) => [c.purpose, c.status])).toEqual([
      ['newsletter', 'pending'],
      ['recommendations', 'pending'],
    ]);

    await t.foyer.jobs.runDueJobs();
    const mail = await smtp.waitForMail('erika@example.org');
    expect(mail.subject).toBe('Bitte bestätigen Sie Ihre Anmeldung bei Stadttheater Test');
    expect(mail.from?.value[0]).toEqual({ name: 'Stadttheater Test', address: 'foyer@theater.example' });
    expect(mail.text).toContain('Guten Tag Erika Mustermann,');
    expect(mail.text).toContain('  - Newsletter\n  - Persönliche Empfehlungen');
    expect(mail.html).toContain('Anmeldung bestätigen');
    // Every mail carries the person's preference link.
    expect(linkIn(mail, '/public/preferences/')).toMatch(/^\/public\/preferences\/p1\./);
    const confirm = linkIn(mail, '/public/confirm/');
    expect(confirm).toContain('lang=de');

    // A mail scanner fetching the link confirms nothing: GET only shows a button.
    const page = await t.foyer.http.inject({ method: 'GET', url: confirm });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<form method="post">');
    expect((await consentsOf('erika@example.org')).every((c) => c.status === 'pending')).toBe(true);

    t.clock.advance(3_600_000);
    const done = await t.foyer.http.inject({ method: 'POST', url: confirm, remoteAddress: '203.0.113.9', headers: { 'user-agent': 'Thunderbird' } });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Danke, Ihre Anmeldung ist bestätigt');
    expect(done.body).toContain('Newsletter (gültig bis 1. September 2028)');
    expect(done.body).toContain('Persönliche Empfehlungen (gültig bis 1. September 2028)');
    expect(done.body).toMatch(/href="\/public\/preferences\/p1\.[^"]+"/);

    const consents = await consentsOf('erika@example.org');
    expect(consents.map((c) => [c.purpose, c.status, c.valid, c.source])).toEqual([
      ['newsletter', 'granted', true, 'form'],
      ['recommendations', 'granted', true, 'form'],
    ]);
    const policies = await t.foyer.services.audience.consents.policies(t.house.id);
    for (const consent of consents) {
      expect(consent.proof).toMatchObject({ ipHash: expect.stringMatching(/^[0-9a-f]{64}$/), userAgent: 'Thunderbird', confirmedAt: '2026-09-01T09:00:00.000Z' });
      expect(consent.textVersion).toBe(policies.find((p) => p.purpose === consent.purpose)?.textVersion);
    }
    // Neither the confirming IP nor the signing-up one is stored anywhere in a consent.
    const rows = await t.foyer.database.db.selectFrom('consent').select('proof').execute();
    expect(JSON.stringify(rows)).not.toMatch(/203\.0\.113\.9|198\.51\.100\.23/);

    const audit = await t.foyer.database.db.selectFrom('audit_entry').select(['action', 'actor']).where('action', 'like', 'consent.%').orderBy('at').orderBy('id').execute();
    expect(audit.map((entry) => entry.action)).toEqual(['consent.requested', 'consent.requested', 'consent.granted', 'consent.granted']);
    expect(new Set(audit.map((entry) => entry.actor)).size).toBe(1);
    expect(audit[0]?.actor).toMatch(/^contact:/);

    // The second click: the link is used up.
    const again = await t.foyer.http.inject({ method: 'POST', url: confirm });
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('Dieser Link gilt nicht mehr');
    expect((await t.foyer.http.inject({ method: 'GET', url: confirm })).statusCode).toBe(410);
  });

  it('writes mail and pages in English for an English sign-up', async () => {
    await signupRequest(t, { email: 'sam@example.org', language: 'en', purposes: ['post_phone'] });
    await t.foyer.jobs.runDueJobs();
    const mail = await smtp.waitForMail('sam@example.org');
    expect(mail.subject).toBe('Please confirm your sign-up with Stadttheater Test');
    expect(mail.text).toContain('Hello,\n');
    expect(mail.text).toContain('  - Contact by post or phone');
    const confirm = linkIn(mail, '/public/confirm/');
    expect((await t.foyer.http.inject({ method: 'GET', url: confirm })).body).toContain('Confirm sign-up');
    const done = await t.foyer.http.inject({ method: 'POST', url: confirm });
    expect(done.body).toContain('Contact by post or phone (valid until 1 September 2028)');
    expect((await consentsOf('sam@example.org')).map((c) => [c.purpose, c.status])).toEqual([['post_phone', 'granted']]);
  });

  it('takes a filled honeypot for a bot: the same answer, nobody stored, no mail', async () => {
    const human = await signupRequest(t, { email: 'human@example.org', purposes: ['newsletter'] });
    const bot = await signupRequest(t, { email: 'bot@example.org', purposes: ['newsletter'], website: 'https://spam.example' });
    expect(bot.statusCode).toBe(202);
    expect(bot.body).toBe(human.body);
    expect(await t.foyer.database.db.selectFrom('contact').select('email').execute()).toEqual([{ email: 'human@example.org' }]);
    await t.foyer.jobs.runDueJobs();
    await smtp.waitForMail('human@example.org');
    expect(smtp.received).toHaveLength(1);
  });

  it('answers an address the house already knows exactly like a new one, and keeps what it knows', async () => {
    const known = await insertContact(t.foyer.database.db, t.house.id, { email: 'known@example.org', name: 'Bekannte Person' });
    await insertConsent(t.foyer.database.db, t.house.id, known, 'newsletter');
    const forKnown = await signupRequest(t, { email: 'Known@example.org', name: 'Someone Else', purposes: ['newsletter'] });
    const forNew = await signupRequest(t, { email: 'new@example.org', name: 'Someone Else', purposes: ['newsletter'] });
    expect([forKnown.statusCode, forKnown.body]).toEqual([forNew.statusCode, forNew.body]);
    const contact = await t.foyer.database.db.selectFrom('contact').select('name').where('id', '=', known).executeTakeFirstOrThrow();
    expect(contact.name).toBe('Bekannte Person');
    // A sign-up typed by someone else does not take a valid consent away.
    expect((await consentsOf('known@example.org')).map((c) => [c.purpose, c.status])).toEqual([['newsletter', 'granted']]);
  });

  it('refuses a sign-up without a purpose or with a wrong address, naming the field', async () => {
    const none = await signupRequest(t, { email: 'a@example.org', purposes: [] });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.details).toEqual([expect.objectContaining({ field: 'body.purposes' })]);
    const wrong = await signupRequest(t, { email: 'not an address', purposes: ['newsletter'] });
    expect(wrong.json().error.details).toEqual([expect.objectContaining({ field: 'body.email' })]);
    const ticketing = await signupRequest(t, { email: 'a@example.org', purposes: ['ticketing'] });
    expect(ticketing.json().error.details[0].field).toBe('body.purposes.0');
    expect((await signupRequest(t, { email: 'a@example.org', purposes: ['newsletter'] }, { houseSlug: 'no-such-house' })).statusCode).toBe(404);
  });

  it('records the text version the form showed', async () => {
    await signupRequest(t, { email: 'v@example.org', purposes: ['newsletter', 'recommendations'], textVersion: 'form-2026', textVersions: { recommendations: 'reco-7' } });
    expect((await consentsOf('v@example.org')).map((c) => [c.purpose, c.textVersion])).toEqual([
      ['newsletter', 'form-2026'],
      ['recommendations', 'reco-7'],
    ]);
  });

  it('answers an unknown confirmation link with 404 and an expired one with 410', async () => {
    expect((await t.foyer.http.inject({ method: 'GET', url: '/public/confirm/foyer_optin_made-up' })).statusCode).toBe(404);
    await signupRequest(t, { email: 'late@example.org', purposes: ['newsletter'] });
    await t.foyer.jobs.runDueJobs();
    const confirm = linkIn(await smtp.waitForMail('late@example.org'), '/public/confirm/');
    t.clock.advance(72 * 3_600_000);
    const late = await t.foyer.http.inject({ method: 'POST', url: confirm });
    expect(late.statusCode).toBe(410);
    expect((await consentsOf('late@example.org'))[0]?.status).toBe('pending');
  });

  // The payload is the same on pg-boss; the SQLite queue's table is simply the easiest to read.
  it.skipIf(testEngine !== 'sqlite')('queues the mail as a job that holds ids and the token, not the address', async () => {
    await signupRequest(t, { email: 'jobs@example.org', purposes: ['newsletter'] });
    const rows = await t.foyer.database.db.selectFrom('job').select(['name', 'payload']).where('name', '=', 'mail/send').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.payload).not.toContain('jobs@example.org');
    expect(fromJson<{ kind: string }>(rows[0]?.payload ?? '{}', { kind: '' }).kind).toBe('audience/double-opt-in');
    expect(smtp.received).toEqual([]);
  });
});

describe('the embeddable sign-up form', () => {
  it('serves a script with the house’s consent texts and endpoint, cacheable with an ETag, loadable from any site', async () => {
    const response = await t.foyer.http.inject({ method: 'GET', url: `/public/houses/${t.house.slug}/signup.js` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    const policies = await t.foyer.services.audience.consents.policies(t.house.id);
    expect(response.body).toContain(JSON.stringify(policies.find((p) => p.purpose === 'newsletter')?.textDe));
    expect(response.body).toContain(`/public/houses/${t.house.slug}/signup`);
    expect(response.body).toContain("credentials: 'omit'");
    expect(response.body).not.toContain('__CONFIG__');
    const etag = String(response.headers.etag);
    const again = await t.foyer.http.inject({ method: 'GET', url: `/public/houses/${t.house.slug}/signup.js`, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
  });

  it('answers the browser’s preflight for the sign-up from any origin', async () => {
    const preflight = await t.foyer.http.inject({
      method: 'OPTIONS',
      url: `/public/houses/${t.house.slug}/signup`,
      headers: { origin: 'https://theater.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toBe('Content-Type');
  });

  it('takes a plain HTML form post too', async () => {
    const response = await t.foyer.http.inject({
      method: 'POST',
      url: `/public/houses/${t.house.slug}/signup`,
      remoteAddress: SIGNUP_IP,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=form%40example.org&name=&purposes=newsletter&website=',
    });
    expect(response.statusCode).toBe(202);
    expect((await consentsOf('form@example.org')).map((c) => c.purpose)).toEqual(['newsletter']);
  });
});
