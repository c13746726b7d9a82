import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { callApi, checkAfterTest, closeAll, labelled, launchBrowser, logIn, openPage, type RunningFoyer, startFoyer, type TestPage } from './harness.ts';

/*
 * The social screens of the demo house: the owner connects the house's Mastodon account
 * (on an address that is never called: nothing is published) and a webhook, whose signing
 * secret is shown once; then composes a post with a link and an image, is stopped until
 * the image has its alt text, schedules it for next month (in a picker that names the
 * months in German), and cancels it again. Last, removes both accounts: the webhook only
 * once its scheduled post is cancelled, as the refusal in the dialog says.
 */

let running: RunningFoyer;
let browser: Browser;
let tab: TestPage;

interface Post {
  id: string;
  state: string;
  text: string;
  link: string | null;
  publishAt: string;
  image: { url: string | null; description: string } | null;
}

beforeAll(async () => {
  // Loopback addresses are refused for channels unless allowed; the account's instance is never reached.
  running = await startFoyer({ demo: true, environment: { FOYER_ALLOW_PRIVATE_WEBHOOKS: 'true' } });
  browser = await launchBrowser();
  tab = await openPage(browser, running.url);
});

afterEach((context) => checkAfterTest(tab, context.task));

afterAll(() => closeAll(tab, browser, running));

describe('social posts', () => {
  test('connects the house’s Mastodon account and a webhook whose secret is shown once', async () => {
    const { page } = tab;
    await logIn(page);
    await page.getByRole('link', { name: 'Kanäle' }).click();
    await page.waitForURL('**/campaigns/channels');
    await expect.poll(() => page.getByText('Noch kein Kanal').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Konto hinzufügen' }).click();
    const dialog = page.getByRole('dialog');
    await labelled(dialog, 'Name').fill('Theater auf Mastodon');
    await labelled(dialog, 'Mastodon-Instanz').fill('http://127.0.0.1:9');
    await labelled(dialog, 'Zugriffstoken').fill('token-that-is-never-used');
    await dialog.getByRole('button', { name: 'Hinzufügen' }).click();
    await expect.poll(() => page.getByTestId('channel-table').getByText('Theater auf Mastodon').isVisible()).toBe(true);
    expect(await page.getByTestId('channel-table').textContent()).not.toContain('token-that-is-never-used');

    await page.getByRole('button', { name: 'Konto hinzufügen' }).click();
    await dialog.getByText('Webhook', { exact: true }).click();
    await labelled(dialog, 'Name').fill('Stadtportal');
    await labelled(dialog, 'Webhook-URL').fill('http://127.0.0.1:9/hook');
    await dialog.getByRole('button', { name: 'Hinzufügen' }).click();
    const secret = page.getByTestId('signing-secret');
    await expect.poll(() => secret.isVisible()).toBe(true);
    expect(((await secret.textContent()) ?? '').length).toBeGreaterThan(16);
    await tab.shot('social-webhook-secret');
    await page.getByRole('button', { name: 'Gespeichert' }).click();
    await expect.poll(() => page.getByTestId('channel-table').getByRole('row').count()).toBe(3);
    await tab.shot('social-channels');
  });

  test('schedules a post with a link and an image once it has its alt text, and cancels it', async () => {
    const { page } = tab;
    await page.getByRole('link', { name: 'Social-Posts' }).click();
    await page.waitForURL('**/campaigns/posts');
    await expect.poll(() => page.getByText('Keine Posts').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Post verfassen' }).click();
    const dialog = page.getByRole('dialog');
    await labelled(dialog, 'Kanal').click();
    await page.getByRole('option', { name: 'Theater auf Mastodon (Mastodon)' }).click();
    await labelled(dialog, 'Text').fill('Heute Abend: Premiere! Wir freuen uns auf Sie.');
    await labelled(dialog, 'Link').fill('https://theater.example/premiere');
    // The text with the link below it, counted as Mastodon counts: 46 + 2 + 23.
    await expect.poll(() => dialog.getByText('71 von 500 Zeichen', { exact: false }).isVisible()).toBe(true);
    await labelled(dialog, 'Bild-URL').fill('https://theater.example/poster.jpg');

    // The date and time of the publication, next month on the 15th at 10:30, house time.
    await labelled(dialog, 'Veröffentlichung').click();
    const picker = page.locator('[data-dates-dropdown="true"]');
    await picker.locator('button[data-direction="next"]').click();
    const now = new Date();
    const nextMonth = new Intl.DateTimeFormat('de-DE', { month: 'long', year: 'numeric' }).format(new Date(now.getFullYear(), now.getMonth() + 1, 1));
    await expect.poll(() => picker.getByText(nextMonth, { exact: true }).isVisible()).toBe(true);
    await picker.locator('button[aria-label^="15 "]:not([data-outside])').click();
    const [hours, minutes] = [picker.getByRole('spinbutton').nth(0), picker.getByRole('spinbutton').nth(1)];
    await hours.click();
    await hours.pressSequentially('10');
    await minutes.click();
    await minutes.pressSequentially('30');
    await picker.locator('.mantine-DateTimePicker-submitButton').click();

    await dialog.getByRole('button', { name: 'Planen' }).click();
    // The image has no description yet: the form says so and nothing is sent.
    const alt = labelled(dialog, 'Bildbeschreibung (Alt-Text)');
    await expect.poll(() => alt.getAttribute('aria-invalid')).toBe('true');
    await alt.fill('Das Ensemble verbeugt sich vor vollem Saal');
    await dialog.getByRole('button', { name: 'Planen' }).click();
    await expect.poll(() => page.getByTestId('post-row').count()).toBe(1);

    const posts = await callApi<{ items: Post[] }>(tab, 'GET', '/api/campaigns/posts');
    expect(posts.items).toHaveLength(1);
    const post = posts.items[0];
    expect(post?.state).toBe('scheduled');
    expect(post?.link).toBe('https://theater.example/premiere');
    expect(post?.image).toMatchObject({ url: 'https://theater.example/poster.jpg', description: 'Das Ensemble verbeugt sich vor vollem Saal' });
    const when = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(post?.publishAt ?? ''));
    expect(when).toBe('15, 10:30');
    await expect.poll(() => page.getByTestId('post-row').getByText('Geplant').isVisible()).toBe(true);
    await tab.shot('social-post-scheduled');

    await page.getByRole('button', { name: 'Post absagen' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Post absagen' }).click();
    await expect.poll(() => page.getByTestId('post-row').getByText('Abgesagt').isVisible()).toBe(true);
    expect((await callApi<Post>(tab, 'GET', `/api/campaigns/posts/${post?.id ?? ''}`)).state).toBe('cancelled');
  });

  test('removes an account only once nothing is left to publish through it', async () => {
    const { page } = tab;
    const accounts = await callApi<{ items: { id: string; name: string }[] }>(tab, 'GET', '/api/campaigns/channels');
    const webhook = accounts.items.find((account) => account.name === 'Stadtportal');
    const publishAt = new Date(Date.now() + 7 * 24 * 3_600_000).toISOString();
    const waiting = await callApi<Post>(tab, 'POST', '/api/campaigns/posts', { accountId: webhook?.id, text: 'Spielzeitheft ist da', language: 'de', publishAt });

    await page.getByRole('link', { name: 'Kanäle' }).click();
    await page.waitForURL('**/campaigns/channels');
    const table = page.getByTestId('channel-table');
    await table.getByRole('button', { name: 'Konto „Stadtportal“ entfernen' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Entfernen' }).click();
    // Refused while the post waits; the dialog shows the server's reason, naming the post.
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('Spielzeitheft ist da');
    expect(tab.errors).toEqual([expect.stringContaining('409 (Conflict)')]);
    tab.errors.length = 0; // the refused removal is a 409 in the console, as it should be
    await tab.shot('social-channel-remove-refused');
    await dialog.getByRole('button', { name: 'Nicht jetzt' }).click();

    await callApi(tab, 'POST', `/api/campaigns/posts/${waiting.id}/cancel`);
    await table.getByRole('button', { name: 'Konto „Stadtportal“ entfernen' }).click();
    await dialog.getByRole('button', { name: 'Entfernen' }).click();
    await expect.poll(() => table.getByText('Stadtportal').count()).toBe(0);

    // The Mastodon account's only post was cancelled in the test before.
    await table.getByRole('button', { name: 'Konto „Theater auf Mastodon“ entfernen' }).click();
    await dialog.getByRole('button', { name: 'Entfernen' }).click();
    await expect.poll(() => page.getByText('Noch kein Kanal').isVisible()).toBe(true);
    expect((await callApi<{ items: Post[] }>(tab, 'GET', '/api/campaigns/posts')).items).toEqual([]);
  });
});
