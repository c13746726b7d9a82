import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { closeAll, labelled, launchBrowser, openPage, type RunningFoyer, startFoyer, type TestPage } from './harness.ts';

/* A real house starting without the demo: the first visitor creates the house and the owner. */

let running: RunningFoyer;
let browser: Browser;
let tab: TestPage;

beforeAll(async () => {
  running = await startFoyer({ demo: false });
  browser = await launchBrowser();
  tab = await openPage(browser, running.url);
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await tab.shot('failed-setup');
});

afterAll(() => closeAll(tab, browser, running));

describe('first run on an empty database', () => {
  test('leads the first visitor through creating the house and the owner, then into the app', async () => {
    const { page } = tab;
    await page.goto('/');
    await page.waitForURL('**/setup');
    await expect.poll(() => page.getByRole('heading', { name: 'Willkommen bei Foyer' }).count()).toBe(1);
    await tab.shot('setup-house');

    // Nothing filled in: the step says what is missing, next to the field.
    await page.getByRole('button', { name: 'Weiter' }).click();
    await expect.poll(() => page.getByText('Bitte geben Sie den Namen des Hauses ein.').count()).toBe(1);

    await labelled(page, 'Name des Hauses').fill('Stadttheater Lindenau');
    await page.getByRole('button', { name: 'Weiter' }).click();

    await labelled(page, 'Name').fill('Ada Intendanz');
    await labelled(page, 'E-Mail-Adresse').fill('ada@lindenau.example');
    await labelled(page, 'Passwort').fill('kurz');
    await page.getByLabel('Passwort wiederholen').fill('kurz');
    await page.getByRole('button', { name: 'Weiter' }).click();
    await expect.poll(() => page.getByText('Mindestens 10 Zeichen.').count()).toBe(1);
    await labelled(page, 'Passwort').fill('ein langer Vorhang');
    await page.getByLabel('Passwort wiederholen').fill('ein langer Vorhang');
    await tab.shot('setup-owner');
    await page.getByRole('button', { name: 'Weiter' }).click();

    await expect.poll(() => page.getByText('ada@lindenau.example', { exact: false }).count()).toBe(1);
    await tab.shot('setup-review');
    await page.getByRole('button', { name: 'Haus anlegen' }).click();

    await page.waitForURL('**/programme/calendar');
    await expect.poll(() => page.getByTestId('house-name').textContent()).toBe('Stadttheater Lindenau');
    // An empty house is told how to get its programme in.
    await expect.poll(() => page.getByText('Keine Vorstellungen in diesem Zeitraum').count()).toBe(1);
    await tab.shot('setup-done-calendar');

    // The new house has no programme yet: the list says so instead of showing an empty table.
    await page.goto('/programme/list');
    await expect.poll(() => page.getByText('Keine Vorstellungen gefunden').count()).toBe(1);
    await tab.shot('empty-list');

    // Setup happens once: afterwards the wizard is gone.
    await page.goto('/setup');
    await page.waitForURL('**/programme/calendar');
    expect(tab.errors).toEqual([]);
  });
});
