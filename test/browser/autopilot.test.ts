import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { callApi, checkAfterTest, closeAll, labelled, launchBrowser, logIn, openPage, type RunningFoyer, startFoyer, type TestPage } from './harness.ts';

/*
 * The autopilot page of the demo house: the reminder rule switched on, with its mails
 * waiting for approval, two days before at 11:00; the server keeps exactly that.
 */

let running: RunningFoyer;
let browser: Browser;
let tab: TestPage;

interface Rule {
  rule: string;
  enabled: boolean;
  mode: string;
  params: Record<string, unknown>;
}

beforeAll(async () => {
  running = await startFoyer({ demo: true });
  browser = await launchBrowser();
  tab = await openPage(browser, running.url);
});

afterEach((context) => checkAfterTest(tab, context.task));

afterAll(() => closeAll(tab, browser, running));

describe('the autopilot', () => {
  test('switches the reminder on with approval and its own settings', async () => {
    const { page } = tab;
    await logIn(page);
    await page.getByRole('link', { name: 'Autopilot' }).click();
    await page.waitForURL('**/campaigns/autopilot');
    const card = page.locator('[data-rule="reminder"]');
    await expect.poll(() => card.getByText('Erinnerung vor der Vorstellung').isVisible()).toBe(true);
    await card.getByText('Mit Freigabe', { exact: true }).click();
    await labelled(card, 'Tage vorher').fill('2');
    await labelled(card, 'Uhrzeit').fill('11:00');
    await card.getByRole('switch', { name: 'Erinnerung vor der Vorstellung einschalten' }).check({ force: true });
    await card.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => page.getByText('Erinnerung vor der Vorstellung gespeichert').isVisible()).toBe(true);
    const rules = await callApi<{ rules: Rule[] }>(tab, 'GET', '/api/campaigns/autopilot');
    expect(rules.rules.find((rule) => rule.rule === 'reminder')).toMatchObject({ enabled: true, mode: 'approval', params: { daysBefore: 2, time: '11:00' } });
    await tab.shot('autopilot');
  });
});
