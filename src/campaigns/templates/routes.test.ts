import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertConsent, insertContact } from '../../audience/testing.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';
import { libraryEntries } from './library.ts';
import { type Programme, seedProgramme, sell } from './test-fixtures.ts';

let t: TestApp;
let p: Programme;

beforeEach(async () => {
  t = await createTestApp({ env: { FOYER_PUBLIC_URL: 'https://foyer.example' } });
  p = await seedProgramme(t, t.house.id);
});
afterEach(async () => t.close());

describe('/api/campaigns/branding', () => {
  it('answers the defaults made from the house before anything is saved', async () => {
    const response = await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/branding', headers: await t.as('analyst') });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.settings.primaryColour).toBeNull();
    expect(body.effective).toMatchObject({
      primaryColour: '#7a1f2b',
      senderName: 'Stadttheater Test',
      footer: { de: 'Stadttheater Test · Theaterplatz 1, 12345 Auenstadt', en: 'Stadttheater Test · Theaterplatz 1, 12345 Auenstadt' },
      imprintUrl: 'https://theater-auenstadt.example',
    });
  });

  it('saves the branding for owners, refuses marketing, and names a bad colour', async () => {
    const owner = await t.as('owner');
    const saved = await t.foyer.http.inject({
      method: 'PUT',
      url: '/api/campaigns/branding',
      headers: owner,
      payload: { primaryColour: '#0055AA', logoUrl: 'https://theater-auenstadt.example/logo.png', footer: { de: 'Städtische Bühnen Auenstadt · Markt 3' }, senderName: 'Theater Auenstadt' },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().effective).toMatchObject({ primaryColour: '#0055aa', accentColour: '#c8932e', footer: { de: 'Städtische Bühnen Auenstadt · Markt 3' }, senderName: 'Theater Auenstadt' });

    const bad = await t.foyer.http.inject({ method: 'PUT', url: '/api/campaigns/branding', headers: owner, payload: { accentColour: 'red' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([expect.objectContaining({ field: 'body.accentColour' })]);
    const badUrl = await t.foyer.http.inject({ method: 'PUT', url: '/api/campaigns/branding', headers: owner, payload: { imprintUrl: 'javascript:alert(1)' } });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().error.details).toEqual([expect.objectContaining({ field: 'body.imprintUrl' })]);

    const marketing = await t.foyer.http.inject({ method: 'PUT', url: '/api/campaigns/branding', headers: await t.as('marketing'), payload: { primaryColour: '#000000' } });
    expect(marketing.statusCode).toBe(403);
  });

  it('keeps each house’s branding to itself', async () => {
    const other = await insertTestHouse(t.foyer, { name: 'Oper Nebenan' });
    await t.foyer.http.inject({ method: 'PUT', url: '/api/campaigns/branding', headers: await t.as('owner'), payload: { primaryColour: '#111111' } });
    const theirs = await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/branding', headers: await t.as('owner', { houseId: other.id }) });
    expect(theirs.json().effective).toMatchObject({ primaryColour: '#7a1f2b', senderName: 'Oper Nebenan' });
  });
});

describe('/api/campaigns/templates', () => {
  it('lists the library with both languages', async () => {
    const response = await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/templates', headers: await t.as('analyst') });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { key: string; languages: string[]; series: unknown }[];
    expect(items.map((item) => item.key)).toEqual(libraryEntries().map((entry) => entry.key));
    expect(items.every((item) => item.languages.join() === 'de,en')).toBe(true);
    expect(items.filter((item) => item.series !== null)).toHaveLength(3);
  });

  it('previews every library template in both languages with the real programme, sales and branding', async () => {
    await sell(t, p.scope, p.carmen.soon, p.stallsId, 90);
    const headers = await t.as('marketing');
    await t.foyer.http.inject({ method: 'PUT', url: '/api/campaigns/branding', headers: await t.as('owner'), payload: { primaryColour: '#224466' } });
    for (const entry of libraryEntries()) {
      for (const language of ['de', 'en'] as const) {
        const response = await t.foyer.http.inject({ method: 'POST', url: `/api/campaigns/templates/${entry.key}/preview`, headers, payload: { language } });
        expect(response.statusCode, `${entry.key} ${language}: ${response.body.slice(0, 300)}`).toBe(200);
        const mail = response.json<{ subject: string; html: string; text: string }>();
        const label = `${entry.key}.${language}`;
        expect(mail.subject, label).not.toMatch(/^\s*$|:\s*$/);
        expect(mail.html, label).toContain('#224466');
        expect(mail.html, label).toContain('href="#unsubscribe"');
        expect(mail.text, label).toContain(language === 'de' ? 'Abmelden (#unsubscribe)' : 'Unsubscribe (#unsubscribe)');
        expect(mail.text, label).toContain(language === 'de' ? 'Erika Mustermann' : 'Dear Erika');
        if (entry.blocks.includes('last_tickets')) expect(mail.text, label).toContain(language === 'de' ? 'nur noch 10 Plätze' : 'only 10 seats left');
        if (entry.blocks.includes('teaser')) expect(mail.text, label).toContain('Carmen');
        if (entry.blocks.includes('practical_info')) expect(mail.text, label).toContain(language === 'de' ? 'Einlass ab' : 'Doors open at');
      }
    }
  });

  it('previews as a chosen contact only with audience:read, and writes that look to the audit log', async () => {
    const { db } = t.foyer.database;
    const contactId = await insertContact(db, t.house.id, { name: 'Jonas Weber', language: 'en', interests: ['opera'] });
    await insertConsent(db, t.house.id, contactId, 'newsletter');
    const response = await t.foyer.http.inject({
      method: 'POST',
      url: '/api/campaigns/templates/welcome_2/preview',
      headers: await t.as('marketing'),
      payload: { language: 'en', contactId },
    });
    expect(response.statusCode).toBe(200);
    const mail = response.json<{ text: string }>();
    expect(mail.text).toContain('Dear Jonas,');
    expect(mail.text).toContain('Because you like opera');
    expect(mail.text).toContain('New for you:');
    const audited = await db.selectFrom('audit_entry').select('action').where('house_id', '=', t.house.id).where('contact_id', '=', contactId).execute();
    expect(audited.length).toBeGreaterThan(0);

    const analyst = await t.foyer.http.inject({ method: 'POST', url: '/api/campaigns/templates/welcome_2/preview', headers: await t.as('analyst'), payload: { language: 'en', contactId } });
    expect(analyst.statusCode).toBe(403);
    expect(analyst.json().error.details).toEqual([expect.objectContaining({ field: 'contactId' })]);
  });

  it('does not preview a contact of another house, and answers 404 for an unknown template', async () => {
    const other = await insertTestHouse(t.foyer);
    const stranger = await insertContact(t.foyer.database.db, other.id, { name: 'Fremde Person' });
    const headers = await t.as('marketing');
    const response = await t.foyer.http.inject({ method: 'POST', url: '/api/campaigns/templates/welcome_1/preview', headers, payload: { language: 'de', contactId: stranger } });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('Fremde Person');
    const unknown = await t.foyer.http.inject({ method: 'POST', url: '/api/campaigns/templates/nothing/preview', headers, payload: { language: 'de' } });
    expect(unknown.statusCode).toBe(404);
    const badLanguage = await t.foyer.http.inject({ method: 'POST', url: '/api/campaigns/templates/welcome_1/preview', headers, payload: { language: 'fr' } });
    expect(badLanguage.statusCode).toBe(400);
    expect(badLanguage.json().error.details).toEqual([expect.objectContaining({ field: 'body.language' })]);
  });
});
