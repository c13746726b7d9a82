import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { callApi, checkAfterTest, closeAll, labelled, launchBrowser, logIn, openPage, type RunningFoyer, startFoyer, type TestPage } from './harness.ts';

/*
 * The campaign screens of the demo house: the mail branding saved with a colour and a bad
 * imprint link refused at its field, then the template library and the season
 * announcement previewed in German, its subject and the house's name in the sandboxed
 * HTML frame and in the text part.
 */

let running: RunningFoyer;
let browser: Browser;
let tab: TestPage;

interface Branding {
  settings: { primaryColour: string | null; imprintUrl: string | null };
  effective: { primaryColour: string };
}

beforeAll(async () => {
  running = await startFoyer({ demo: true });
  browser = await launchBrowser();
  tab = await openPage(browser, running.url);
});

afterEach((context) => checkAfterTest(tab, context.task));

afterAll(() => closeAll(tab, browser, running));

describe('campaigns', () => {
  test('saves the mail branding with a colour and refuses a bad URL at its field', async () => {
    const { page } = tab;
    await logIn(page);
    await page.getByRole('link', { name: 'Mail-Gestaltung' }).click();
    await page.waitForURL('**/settings/mail-branding');

    await labelled(page, 'Hauptfarbe').fill('#7a1f2b');
    await labelled(page, 'Absendername').fill('Stadttheater Newsletter');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => page.getByText('Mail-Gestaltung gespeichert').isVisible()).toBe(true);
    const saved = await callApi<Branding>(tab, 'GET', '/api/campaigns/branding');
    expect(saved.settings.primaryColour).toBe('#7a1f2b');
    expect(saved.effective.primaryColour).toBe('#7a1f2b');
    await tab.shot('campaigns-branding');

    // A link that is no http(s) URL: the server's message stands at the imprint field.
    const imprint = labelled(page, 'Impressum-URL');
    await imprint.fill('ftp://example.org/impressum');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => imprint.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await imprint.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
    expect(errorId).toBeDefined();
    expect(await page.locator(`[id="${errorId ?? ''}"]`).textContent()).toContain('http(s)');
    // The other fields are fine and nothing was changed.
    expect(await labelled(page, 'Hauptfarbe').getAttribute('aria-invalid')).not.toBe('true');
    expect((await callApi<Branding>(tab, 'GET', '/api/campaigns/branding')).settings.imprintUrl).toBeNull();
    await tab.shot('campaigns-branding-bad-url');
    expect(tab.errors).toEqual([expect.stringContaining('400 (Bad Request)')]);
    tab.errors.length = 0; // the refused link is a 400 in the console, as it should be
  });

  test('previews the season announcement in German with the subject and the house in a sandboxed frame', async () => {
    const { page } = tab;
    const houseName = ((await page.getByTestId('house-name').textContent()) ?? '').trim();
    expect(houseName).not.toBe('');

    await page.getByRole('link', { name: 'Vorlagen' }).click();
    await page.waitForURL('**/campaigns/templates');
    await expect.poll(() => page.getByTestId('template-row').count()).toBe(9); // seven templates, the welcome series in three steps
    await page.getByRole('button', { name: 'Vorschau: Spielzeitankündigung' }).click();

    const preview = page.getByTestId('template-preview');
    await preview.getByText('Deutsch', { exact: true }).click();
    // The owner may read the audience: the contact picker is there; without a choice, the sample person.
    await expect.poll(() => labelled(preview, 'Als Kontakt').isVisible()).toBe(true);
    const subject = preview.getByTestId('preview-subject');
    await expect.poll(() => subject.textContent()).toBe(`Die neue Spielzeit bei ${houseName}`);

    const frame = preview.getByTestId('preview-html');
    expect(await frame.getAttribute('sandbox')).toBe('');
    const inside = page.frameLocator('[data-testid="preview-html"]');
    await expect.poll(() => inside.getByText(houseName).first().isVisible()).toBe(true);
    await expect.poll(() => inside.locator('body').textContent()).toContain('Erika');
    expect(await inside.locator('script').count()).toBe(0);
    await tab.shot('campaigns-template-preview');

    await preview.getByRole('tab', { name: 'Text' }).click();
    await expect.poll(() => preview.getByTestId('preview-text').textContent()).toContain(houseName);
  });
});
