import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { callApi, checkAfterTest, closeAll, launchBrowser, logIn, openPage, type RunningFoyer, startFoyer, type TestPage } from './harness.ts';

/*
 * The contacts list and a contact's page as a marketer uses them: the list shows each
 * person's consents with their expiry, the history shows when a booked performance is,
 * and opening the page (three requests at once) leaves one entry in the audit log.
 */

let running: RunningFoyer;
let browser: Browser;
let tab: TestPage;

const call = <T>(method: string, path: string, body?: unknown) => callApi<T>(tab, method, path, body);

beforeAll(async () => {
  running = await startFoyer({ demo: true });
  browser = await launchBrowser();
  tab = await openPage(browser, running.url);
});

afterEach((context) => checkAfterTest(tab, context.task));

afterAll(() => closeAll(tab, browser, running));

describe('contacts with their consents and history', () => {
  test('lists consents with their expiry, dates the booked performance, and logs one view per visit', async () => {
    const { page } = tab;
    await logIn(page);
    const production = await call<{ id: string }>('POST', '/api/productions', { title: { de: 'Der Kirschgarten (Kontakttest)' }, genres: ['drama'] });
    // 18:30 UTC is 19:30 in the house's zone (Berlin); the browser sits in New York.
    const performance = await call<{ id: string }>('POST', '/api/performances', { productionId: production.id, startsAt: '2027-03-06T18:30:00.000Z' });
    const contact = await call<{ id: string }>('POST', '/api/contacts', { email: 'lopachin.kontakt@example.org', name: 'Jermolai Lopachin' });
    for (const purpose of ['newsletter', 'ticketing']) await call('POST', `/api/contacts/${contact.id}/consents`, { purpose, source: 'box_office' });
    await call('POST', `/api/contacts/${contact.id}/interactions`, { kind: 'booking', occurredAt: new Date().toISOString(), performanceId: performance.id });

    await page.goto('/audience/contacts');
    await page.getByLabel('Suche').fill('Lopachin');
    const rows = page.getByTestId('contact-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const badge = rows.first().getByTestId('consent-badge-newsletter');
    await expect.poll(() => badge.getAttribute('aria-label')).toMatch(/^Newsletter: Gültig bis .+ · noch \d+ Tage$/);
    expect(await rows.first().getByTestId('consent-badge-ticketing').count()).toBe(1);
    await badge.hover();
    await expect.poll(() => page.getByRole('tooltip').textContent()).toMatch(/^Gültig bis /);
    await tab.shot('contacts-consent-badges');

    await rows.first().getByRole('link', { name: 'Jermolai Lopachin' }).click();
    await page.waitForURL(`**/audience/contacts/${contact.id}`);
    const booked = page.getByTestId('timeline').getByTestId('timeline-performance');
    await expect.poll(() => booked.textContent()).toBe('Vorstellung: Sa., 06.03.2027, 19:30');
    await expect.poll(() => page.getByTestId('timeline').getByText('Der Kirschgarten (Kontakttest)', { exact: false }).count()).toBe(1);
    await expect.poll(() => page.getByTestId('consent-newsletter-expiry').count()).toBe(1);
    await tab.shot('contact-timeline-performance');

    // The page asked for the contact, its consents and its history: one visit, one entry.
    const viewed = await call<{ total: number; items: { details: { view: string } }[] }>('GET', `/api/audit?contactId=${contact.id}&action=contact.viewed`);
    expect(viewed.total).toBe(1);
  });
});
