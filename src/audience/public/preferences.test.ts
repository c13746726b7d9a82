import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../core/mail/testing.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import { insertConsent, insertContact } from '../testing.ts';
import { publicPageCsp } from './html.ts';
import { linkIn } from './testing.ts';

/*
 * The preference centre behind a signed link: the page and its JSON twin, changes
 * audited as the person, tampered and erased links, and the staff route that hands
 * the link out.
 */

let t: TestApp;
let smtp: TestSmtpServer;
let contactId: string;
let path: string;

beforeEach(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestApp({ env: { FOYER_SMTP_URL: smtp.url } });
  contactId = await insertContact(t.foyer.database.db, t.house.id, { email: 'erika@example.org', language: 'de' });
  await insertConsent(t.foyer.database.db, t.house.id, contactId, 'newsletter', { grantedAt: '2026-01-15T10:00:00.000Z', expiresAt: '2028-01-15T10:00:00.000Z' });
  await insertConsent(t.foyer.database.db, t.house.id, contactId, 'recommendations', { grantedAt: '2026-02-01T10:00:00.000Z', expiresAt: '2028-02-01T10:00:00.000Z' });
  path = new URL(await t.foyer.services.publicAudience.preferenceLink(t.house.id, contactId)).pathname;
});

afterEach(async () => {
  await t.close();
  await smtp.close();
});

const get = (url: string) => t.foyer.http.inject({ method: 'GET', url });
const postForm = (url: string, form: string) => t.foyer.http.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
const consent = async (purpose: string) => (await t.foyer.services.audience.consents.ofContact(t.house.id, contactId)).find((c) => c.purpose === purpose);

describe(`the preference centre on ${testEngine}`, () => {
  it('shows each purpose with its state, when it was given and until when, in the contact’s language', async () => {
    const page = await get(path);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<html lang="de">');
    expect(page.body).toContain('erika@example.org');
    expect(page.body).toContain('erteilt · erteilt am 15. Januar 2026 · gültig bis 15. Januar 2028');
    expect(page.body).toMatch(/value="newsletter" checked/);
    expect(page.body).toMatch(/value="recommendations" checked/);
    expect(page.body).toMatch(/value="post_phone">/);
    expect(page.body).toContain('data-testid="status-post_phone">nicht erteilt');
    // The token is in the address: it must not leak through Referer or a shared cache.
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toBe(publicPageCsp);
    expect(page.headers['content-security-policy']).not.toContain('script-src');
  });

  it('switches to English with ?lang=en and back', async () => {
    const english = await get(`${path}?lang=en`);
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('given · given on 15 January 2026 · valid until 15 January 2028');
    expect(english.body).toContain(`href="${path}?lang=de"`);
    expect((await get(`${path}?lang=de`)).body).toContain('Ihre Einwilligungen');
    expect((await get(`${path}?lang=fr`)).statusCode).toBe(400);
  });

  it('withdraws an unticked purpose at once, audited with the person as actor', async () => {
    const saved = await postForm(path, 'save=1&purpose=newsletter');
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('Gespeichert.');
    expect(saved.body).toContain('data-testid="status-recommendations">widerrufen');
    expect(await consent('recommendations')).toMatchObject({ status: 'revoked', valid: false });
    expect(await consent('newsletter')).toMatchObject({ status: 'granted', valid: true });
    const audit = await t.foyer.database.db.selectFrom('audit_entry').select(['action', 'actor', 'reason']).where('contact_id', '=', contactId).execute();
    expect(audit).toEqual([{ action: 'consent.revoked', actor: `contact:${contactId}`, reason: 'withdrawn in the preference centre' }]);
  });

  it('grants other purposes directly but the newsletter again only through double opt-in', async () => {
    await postForm(path, 'save=1&purpose=recommendations'); // newsletter withdrawn
    expect((await consent('newsletter'))?.status).toBe('revoked');

    const saved = await postForm(path, 'save=1&purpose=newsletter&purpose=recommendations&purpose=behavioural_analysis');
    expect(saved.body).toContain('Für den Newsletter haben wir Ihnen eine E-Mail zur Bestätigung geschickt.');
    expect(await consent('behavioural_analysis')).toMatchObject({ status: 'granted', valid: true, source: 'preference_centre', expiresAt: '2028-09-01T08:00:00.000Z' });
    expect(await consent('newsletter')).toMatchObject({ status: 'pending', source: 'preference_centre' });

    // Saving again while the mail is out sends no second mail.
    await postForm(path, 'save=1&purpose=newsletter&purpose=recommendations&purpose=behavioural_analysis');
    await t.foyer.jobs.runDueJobs();
    const mail = await smtp.waitForMail('erika@example.org');
    expect(smtp.received).toHaveLength(1);
    expect(mail.text).toContain('  - Newsletter\n\n');
    const done = await t.foyer.http.inject({ method: 'POST', url: linkIn(mail, '/public/confirm/') });
    expect(done.statusCode).toBe(200);
    expect(await consent('newsletter')).toMatchObject({ status: 'granted', valid: true });
  });

  it('offers the same through a JSON API, open to a house’s own pages', async () => {
    const read = await get(`${path}/consents?lang=en`);
    expect(read.statusCode).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBe('*');
    const body = read.json();
    expect(body).toMatchObject({ house: { name: 'Stadttheater Test' }, email: 'erika@example.org', language: 'en', pendingConfirmation: [] });
    expect(body.purposes.map((p: { purpose: string; status: string }) => [p.purpose, p.status])).toEqual([
      ['newsletter', 'granted'],
      ['recommendations', 'granted'],
      ['behavioural_analysis', 'none'],
      ['post_phone', 'none'],
    ]);
    expect(body.purposes[0].text).toContain('newsletter');

    const changed = await t.foyer.http.inject({ method: 'PUT', url: `${path}/consents`, payload: { recommendations: false, post_phone: true } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().purposes.map((p: { status: string }) => p.status)).toEqual(['granted', 'revoked', 'none', 'granted']);
    const wrong = await t.foyer.http.inject({ method: 'PUT', url: `${path}/consents`, payload: { ticketing: true } });
    expect(wrong.statusCode).toBe(400);
  });

  it('answers a tampered, foreign or made-up link with 404, on the pages and the API', async () => {
    const [version, ids, signature] = path.split('/').at(-1)?.split('.') ?? [];
    const flipped = `/public/preferences/${version}.${ids}.${signature?.startsWith('A') ? 'B' : 'A'}${signature?.slice(1)}`;
    const page = await get(flipped);
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Diesen Link kennen wir nicht');
    expect((await t.foyer.http.inject({ method: 'PUT', url: `${flipped}/consents`, payload: { newsletter: false } })).json().error.code).toBe('not_found');
    expect((await postForm(flipped, 'save=1')).statusCode).toBe(404);
    expect((await consent('newsletter'))?.status).toBe('granted');

    // Signed by another house for this house's contact: the key is the house's own.
    const other = await insertTestHouse(t.foyer);
    const foreign = new URL(await t.foyer.services.publicAudience.preferenceLink(other.id, contactId)).pathname;
    expect((await get(foreign)).statusCode).toBe(410); // valid for the other house, but the contact is not its
    expect((await get('/public/preferences/p1.not-a-token.at-all')).statusCode).toBe(404);
    expect((await get(`/public/preferences/p1.${ids}.${'A'.repeat(22)}`)).statusCode).toBe(404);
    expect((await get(`/public/preferences/p1.${Buffer.from(newId().replaceAll('-', '') + newId().replaceAll('-', ''), 'hex').toString('base64url')}.${signature}`)).statusCode).toBe(404);
  });

  it('answers the link of a person who no longer exists with 410', async () => {
    await t.foyer.database.db.deleteFrom('consent').where('contact_id', '=', contactId).execute();
    await t.foyer.database.db.deleteFrom('contact').where('id', '=', contactId).execute();
    const page = await get(path);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('Ihre Daten sind gelöscht');
    expect((await get(`${path}/consents`)).statusCode).toBe(410);
  });

  it('downloads everything held about the person as a JSON file', async () => {
    const download = await get(`${path}/export`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(download.headers['content-disposition']).toBe('attachment; filename="my-data.json"');
    expect(download.body).toContain('erika@example.org');
    const audit = await t.foyer.database.db.selectFrom('audit_entry').select(['action', 'actor']).where('action', '=', 'contact.exported').execute();
    expect(audit).toEqual([{ action: 'contact.exported', actor: `contact:${contactId}` }]);
  });

  it('erases the person after asking once more; the link then answers 410', async () => {
    const question = await get(`${path}/erase`);
    expect(question.statusCode).toBe(200);
    expect(question.body).toContain('Wirklich alles löschen?');
    expect((await postForm(`${path}/erase`, '')).statusCode).toBe(400); // without the confirmation
    expect(await consent('newsletter')).toBeDefined();

    const erased = await postForm(`${path}/erase`, 'confirm=yes');
    expect(erased.statusCode).toBe(200);
    expect(erased.body).toContain('Ihre Daten sind gelöscht');
    expect(await t.foyer.database.db.selectFrom('contact').select('id').where('id', '=', contactId).executeTakeFirst()).toBeUndefined();
    const audit = await t.foyer.database.db.selectFrom('audit_entry').select(['action', 'actor']).where('action', '=', 'contact.erased').execute();
    expect(audit).toEqual([{ action: 'contact.erased', actor: `contact:${contactId}` }]);
    expect((await get(path)).statusCode).toBe(410);
  });
});

describe('the preference link for staff', () => {
  it('gives staff who may write the audience the contact’s link, which works', async () => {
    const response = await t.foyer.http.inject({ method: 'GET', url: `/api/contacts/${contactId}/preference-link`, headers: await t.as('dialogue') });
    expect(response.statusCode).toBe(200);
    const url = new URL(response.json().url);
    expect(url.origin).toBe(t.foyer.config.publicUrl);
    expect(url.pathname).toBe(path);
    expect((await get(url.pathname)).statusCode).toBe(200);
  });

  it('refuses analysts, other houses and units the contact does not belong to', async () => {
    const url = `/api/contacts/${contactId}/preference-link`;
    expect((await t.foyer.http.inject({ method: 'GET', url, headers: await t.as('analyst') })).statusCode).toBe(403);
    const other = await insertTestHouse(t.foyer);
    expect((await t.foyer.http.inject({ method: 'GET', url, headers: await t.as('owner', { houseId: other.id }) })).statusCode).toBe(404);
    const unitId = newId();
    const now = new Date().toISOString();
    await t.foyer.database.db
      .insertInto('unit')
      .values({ id: unitId, house_id: t.house.id, slug: 'schule', name_de: 'Schule', name_en: null, description_de: null, description_en: null, created_at: now, updated_at: now })
      .execute();
    expect((await t.foyer.http.inject({ method: 'GET', url, headers: await t.as('unit_staff', { unitId }) })).statusCode).toBe(404);
  });
});
