import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../../src/core/mail/testing.ts';
import { callApi, checkAfterTest, closeAll, labelled, launchBrowser, logIn, openPage, type RunningFoyer, startFoyer, type TestPage } from './harness.ts';

/*
 * A newsletter of the demo house from start to statistics: created from the season
 * announcement for the smallest segment, its German subject rewritten, previewed in both
 * languages in the sandboxed frame, sent as a test to a staff address, sent for real
 * with the worker running, followed to "sent", its delivery log filtered, and its
 * figures on the statistics tab.
 */

let running: RunningFoyer;
let browser: Browser;
let tab: TestPage;
let smtp: TestSmtpServer;

interface Campaign {
  id: string;
  status: string;
  segmentId: string | null;
  content: { de: { subject: string }; en: { subject: string } };
  counts: { sent: number };
}

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  running = await startFoyer({ demo: true, environment: { FOYER_SMTP_URL: smtp.url, FOYER_JOBS_POLL_MS: '50' } });
  await running.foyer.startWorker();
  browser = await launchBrowser();
  tab = await openPage(browser, running.url);
});

afterEach((context) => checkAfterTest(tab, context.task));

afterAll(async () => {
  await closeAll(tab, browser, running);
  await smtp?.close();
});

async function choose(page: Page, input: Locator, option: string) {
  await input.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('the campaign editor', () => {
  test('creates a newsletter, previews it in both languages, sends a test, sends it and shows its figures', async () => {
    const { page } = tab;
    await logIn(page);
    // The smallest segment with anyone in it keeps the send short.
    const segments = await callApi<{ items: { id: string; name: string }[] }>(tab, 'GET', '/api/segments');
    const sized = await Promise.all(segments.items.map(async (segment) => ({ ...segment, count: (await callApi<{ count: number }>(tab, 'GET', `/api/segments/${segment.id}/count`)).count })));
    const segment = sized.filter((item) => item.count > 0).sort((a, b) => a.count - b.count)[0];
    expect(segment).toBeDefined();

    await page.getByRole('link', { name: 'Kampagnen', exact: true }).click();
    await page.waitForURL('**/campaigns/list');
    // The demo house comes with a season preview as a draft.
    await expect.poll(() => page.getByTestId('campaign-table').getByText('Spielzeitvorschau für Opernfreunde').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Neue Kampagne' }).click();
    await labelled(page, 'Name').fill('Spielzeit-Newsletter');
    await choose(page, page.getByRole('combobox', { name: 'Vorlage' }), 'Spielzeitankündigung');
    await choose(page, page.getByRole('combobox', { name: 'Segment' }), segment?.name ?? '');
    await page.getByRole('button', { name: 'Anlegen' }).click();
    await page.waitForURL(/\/campaigns\/list\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop() ?? '';
    await expect.poll(() => page.getByTestId('campaign-status').textContent()).toBe('Entwurf');

    // The German subject rewritten; the English one keeps the library's.
    const subject = page.getByRole('textbox', { name: 'Betreff' });
    await expect.poll(() => subject.inputValue()).not.toBe('');
    await subject.fill('Unsere neue Spielzeit');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => page.getByText('Kampagne gespeichert').isVisible()).toBe(true);
    const saved = await callApi<Campaign>(tab, 'GET', `/api/campaigns/campaigns/${id}`);
    expect(saved.content.de.subject).toBe('Unsere neue Spielzeit');
    expect(saved.segmentId).toBe(segment?.id);
    await tab.shot('campaign-editor-content');

    const houseName = ((await page.getByTestId('house-name').textContent()) ?? '').trim();
    const english = saved.content.en.subject.replace('{{ house.name }}', houseName);
    await page.getByRole('tab', { name: 'Vorschau & Test' }).click();
    const preview = page.getByTestId('campaign-preview');
    await expect.poll(() => preview.getByTestId('preview-subject').textContent()).toBe('Unsere neue Spielzeit');
    expect(await preview.getByTestId('preview-html').getAttribute('sandbox')).toBe('');
    await expect.poll(() => page.frameLocator('[data-testid="preview-html"]').locator('body').textContent()).toContain('Erika');
    await preview.getByText('Englisch', { exact: true }).click();
    await expect.poll(() => preview.getByTestId('preview-subject').textContent()).toBe(english);
    await tab.shot('campaign-editor-preview');

    await labelled(preview, 'Testversand an').fill('probe@theater.example');
    await preview.getByRole('button', { name: 'Test senden' }).click();
    const test = await smtp.waitForMail('probe@theater.example');
    expect(test.subject).toContain(english);
    await expect.poll(() => page.getByText('Testmail an probe@theater.example gesendet').isVisible()).toBe(true);

    // Sent now: the progress follows it to the end.
    await page.getByRole('tab', { name: 'Versand' }).click();
    await page.getByRole('button', { name: 'Jetzt senden' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Jetzt senden' }).click();
    await expect.poll(() => page.getByTestId('campaign-status').textContent(), { timeout: 60_000 }).toBe('Gesendet');
    const sent = await callApi<Campaign>(tab, 'GET', `/api/campaigns/campaigns/${id}`);
    expect(sent.counts.sent).toBeGreaterThan(0);
    const log = page.getByTestId('delivery-log');
    await expect.poll(() => log.locator('tbody tr').count()).toBeGreaterThan(0);
    await choose(page, page.getByRole('combobox', { name: 'Status' }), 'Gesendet');
    await expect.poll(() => log.locator('tbody tr').count()).toBe(Math.min(25, sent.counts.sent));
    await tab.shot('campaign-editor-sent');

    await page.getByRole('tab', { name: 'Statistik' }).click();
    await expect.poll(() => page.getByTestId('stat-sent').textContent()).toBe(String(sent.counts.sent));
    await expect.poll(() => page.getByTestId('daily-chart').isVisible()).toBe(true);
    await tab.shot('campaign-editor-stats');

    await page.getByRole('main').getByRole('link', { name: 'Kampagnen', exact: true }).click();
    await expect.poll(() => page.getByTestId('campaign-table').getByText('Spielzeit-Newsletter').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('campaign-table').getByText('Gesendet').first().isVisible()).toBe(true);
  });
});
