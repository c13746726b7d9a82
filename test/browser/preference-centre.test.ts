import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../../src/core/mail/testing.ts';
import { insertTestHouse, type TestHouse } from '../../src/core/testing/app.ts';
import { insertConsent, insertContact } from '../../src/audience/testing.ts';
import { linkIn } from '../../src/audience/public/testing.ts';
import { checkAfterTest, closeAll, launchBrowser, openPage, type RunningFoyer, startFoyer, type TestPage } from './harness.ts';

/*
 * A visitor's side of the audience, in Chromium: the sign-up form embedded in a house's
 * own web page (another origin), the confirmation link from the mail, and the
 * preference centre behind a signed link: untick a purpose, save, download the data.
 */

let running: RunningFoyer;
let browser: Browser;
let tab: TestPage;
let house: TestHouse;
let smtp: TestSmtpServer;
let houseSite: Server;
let houseSiteUrl: string;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  running = await startFoyer({ demo: false, environment: { FOYER_SMTP_URL: smtp.url } });
  house = await insertTestHouse(running.foyer, { name: 'Theater Auenstadt' });
  // The house's own website, on another origin than Foyer, with the one script tag.
  houseSite = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Theater Auenstadt</title></head>
<body><h1>Newsletter</h1><div id="anmeldung"></div>
<script src="${running.url}/public/houses/${house.slug}/signup.js" data-lang="de" data-target="#anmeldung" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => houseSite.listen(0, '127.0.0.1', () => resolve()));
  houseSiteUrl = `http://localhost:${(houseSite.address() as AddressInfo).port}/`;
  browser = await launchBrowser();
  tab = await openPage(browser, running.url);
});

afterEach((context) => checkAfterTest(tab, context.task));

afterAll(async () => {
  await closeAll(tab, browser, running);
  await new Promise((resolve) => houseSite?.close(resolve));
  await smtp?.close();
});

describe('the visitor’s side of the audience', () => {
  test('signs up through the form embedded on the house’s own site and confirms from the mail', async () => {
    const { page } = tab;
    await page.goto(houseSiteUrl);
    const form = page.locator('form.foyer-signup');
    await expect.poll(() => form.count()).toBe(1);
    // Every purpose is its own checkbox, none ticked.
    const boxes = form.getByRole('checkbox');
    await expect.poll(() => boxes.count()).toBe(4);
    for (const box of await boxes.all()) expect(await box.isChecked()).toBe(false);
    await tab.shot('signup-form-embedded');

    await form.getByLabel('E-Mail-Adresse').fill('erika@example.org');
    await form.getByLabel('Name (freiwillig)').fill('Erika Mustermann');
    await form.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Bitte wählen Sie mindestens einen Zweck.');
    await form.getByRole('checkbox', { name: /^Newsletter / }).check();
    await form.getByRole('checkbox', { name: /^Persönliche Empfehlungen / }).check();
    await form.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => page.locator('.foyer-signup__thanks').textContent()).toContain('Danke! Wir haben Ihnen eine E-Mail geschickt.');
    await tab.shot('signup-form-thanks');

    await running.foyer.jobs.runDueJobs();
    const mail = await smtp.waitForMail('erika@example.org');
    await page.goto(linkIn(mail, '/public/confirm/'));
    await page.getByRole('button', { name: 'Anmeldung bestätigen' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Danke, Ihre Anmeldung ist bestätigt');
    await expect.poll(() => page.getByTestId('granted').locator('li').count()).toBe(2);
    await tab.shot('signup-confirmed');
    await page.getByRole('link').first().click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Ihre Einwilligungen');
    expect(await page.getByLabel('Newsletter').isChecked()).toBe(true);
  });

  test('the API docs still load under the security headers', async () => {
    const { page } = tab;
    await page.goto('/api/docs');
    await expect.poll(() => page.locator('.swagger-ui .title').first().textContent()).toContain('Foyer API');
  });

  test('unticks recommendations in the preference centre, saves, and sees them withdrawn', async () => {
    const { page } = tab;
    const contactId = await insertContact(running.foyer.database.db, house.id, { email: 'max@example.org', name: 'Max Muster' });
    await insertConsent(running.foyer.database.db, house.id, contactId, 'newsletter');
    await insertConsent(running.foyer.database.db, house.id, contactId, 'recommendations');
    const path = new URL(await running.foyer.services.publicAudience.preferenceLink(house.id, contactId)).pathname;

    await page.goto(path);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Ihre Einwilligungen');
    const recommendations = page.getByLabel('Persönliche Empfehlungen');
    expect(await recommendations.isChecked()).toBe(true);
    await tab.shot('preference-centre');

    await recommendations.uncheck();
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Gespeichert.');
    await expect.poll(() => page.getByTestId('status-recommendations').textContent()).toBe('widerrufen');
    expect(await page.getByLabel('Persönliche Empfehlungen').isChecked()).toBe(false);
    expect(await page.getByLabel('Newsletter').isChecked()).toBe(true);
    const consents = await running.foyer.services.audience.consents.ofContact(house.id, contactId);
    expect(consents.find((c) => c.purpose === 'recommendations')?.status).toBe('revoked');
    await tab.shot('preference-centre-saved');

    await page.getByText('English', { exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Your consents');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('Download my data (JSON)').click()]);
    const file = await download.path();
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    expect(JSON.stringify(data)).toContain('max@example.org');
  });
});
