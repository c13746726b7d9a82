import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { callApi, checkAfterTest, closeAll, launchBrowser, logIn, openPage, type RunningFoyer, SHOTS, startFoyer, type TestPage } from './harness.ts';

/*
 * The visitor assistant in Chromium, against the demo house: the chat widget on the
 * house's own website (another origin, a strict CSP, one script tag), a visitor who books
 * tickets by conversation in German and in English, a conversation handed to the team
 * whose reply from the staff inbox reaches the still-open widget, and the widget by
 * keyboard alone.
 *
 * The dialogue is driven by the quick replies it offers, not by its exact sentences: the
 * visitor takes the first offer (production, performance, category, "book"), picks "2"
 * where numbers are offered, answers yes or no where those are offered, and types a
 * name and then an address where nothing is offered.
 */

const SLUG = 'theater-auenstadt';

let running: RunningFoyer;
let browser: Browser;
let staff: TestPage;
let houseSite: Server;
let siteUrl: string;
let houseId: string;

beforeAll(async () => {
  running = await startFoyer({ demo: true, environment: { FOYER_PUBLIC_LIMIT_PER_IP: '100000', FOYER_BOOKING_LIMIT_PER_IP: '100000' } });
  houseId = (await running.foyer.services.catalogue.getHouseBySlug(SLUG)).id;
  // The house's website on another origin (localhost against Foyer's 127.0.0.1), with a
  // CSP that allows Foyer's script, calls and images but no inline style at all.
  houseSite = createServer((request, response) => {
    const english = request.url?.startsWith('/en') === true;
    const attribute = request.url?.includes('attribute') === true ? ' data-language="en"' : '';
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; script-src ${running.url}; connect-src ${running.url}; img-src ${running.url}; style-src 'self'; base-uri 'none'; form-action 'none'`,
    });
    response.end(`<!doctype html><html lang="${english ? 'en' : 'de'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Theater Auenstadt</title></head><body><main><h1>Theater Auenstadt</h1><p><a href="/programme">${english ? 'Programme' : 'Spielplan'}</a></p></main>
<script src="${running.url}/public/houses/${SLUG}/assistant.js"${attribute} defer></script></body></html>`);
  });
  await new Promise<void>((resolve) => houseSite.listen(0, '127.0.0.1', () => resolve()));
  siteUrl = `http://localhost:${(houseSite.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  staff = await openPage(browser, running.url);
  await logIn(staff.page);
});

afterEach((context) => checkAfterTest(staff, context.task));

afterAll(async () => {
  await closeAll(staff, browser, running);
  await new Promise((resolve) => houseSite?.close(resolve));
});

interface Visitor {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A visitor on the house's website: their own browser, German or English, on a desktop or a phone. */
async function visit(path: string, options: { locale: string; phone?: boolean }): Promise<Visitor> {
  const context = await browser.newContext({
    locale: options.locale,
    timezoneId: 'Europe/Berlin',
    viewport: options.phone === true ? { width: 390, height: 780 } : { width: 1280, height: 860 },
    ...(options.phone === true ? { isMobile: true, hasTouch: true } : {}),
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  await page.goto(`${siteUrl}${path}`);
  return { context, page, errors };
}

const dialog = (page: Page) => page.getByRole('dialog');
const launcher = (page: Page) => page.locator('.foyer-assistant__launcher');

/** The sequence number of the newest message on screen (0 before any). */
async function lastSeq(page: Page): Promise<number> {
  const seqs = await page.locator('.foyer-assistant__message').evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-seq'))));
  return Math.max(0, ...seqs);
}

/** After a visitor's message: the assistant has answered (a newer message of it) and the widget is ready again. */
async function answered(page: Page, before: number): Promise<void> {
  await expect
    .poll(async () => {
      const newest = await page.locator('.foyer-assistant__message[data-author="assistant"]').last().getAttribute('data-seq');
      const busy = await page.locator('.foyer-assistant__send').getAttribute('aria-disabled');
      return Number(newest) > before && busy !== 'true';
    })
    .toBe(true);
}

async function say(page: Page, text: string): Promise<void> {
  const before = await lastSeq(page);
  const input = dialog(page).getByRole('textbox');
  await input.fill(text);
  await input.press('Enter');
  await answered(page, before);
}

/** A message while the team has the conversation: the assistant stays quiet, the widget shows it sent. */
async function write(page: Page, text: string): Promise<void> {
  const before = await lastSeq(page);
  const input = dialog(page).getByRole('textbox');
  await input.fill(text);
  await input.press('Enter');
  await expect.poll(async () => Number(await page.locator('.foyer-assistant__message[data-author="visitor"]').last().getAttribute('data-seq')) > before).toBe(true);
}

async function choose(page: Page, reply: Locator): Promise<void> {
  const before = await lastSeq(page);
  await reply.click();
  await answered(page, before);
}

async function openChat(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('button', { name }).click();
  await expect.poll(() => dialog(page).isVisible()).toBe(true);
  // The greeting with its suggestions.
  await expect.poll(() => page.locator('.foyer-assistant__message[data-author="assistant"]').count()).toBeGreaterThan(0);
}

/**
 * Books by conversation: ask for tickets, then follow the dialogue's offers until no
 * offer and no question is left. Returns the assistant's texts seen along the way.
 */
async function bookByConversation(page: Page, buyer: { name: string; email: string }, choices: { start: RegExp; yes: RegExp; no: RegExp; newsletter: boolean }) {
  const replies = () => page.locator('.foyer-assistant__replies .foyer-assistant__reply');
  await choose(page, replies().filter({ hasText: choices.start }).first());
  const typed: string[] = [];
  let consentsAnswered = 0;
  for (let turn = 0; turn < 16; turn += 1) {
    const offers = await replies().allTextContents();
    if (offers.length === 0) {
      // Nothing offered: the dialogue asks for the name, then for the address; after both, it is done.
      if (typed.length === 0) typed.push(buyer.name);
      else if (typed.length === 1) typed.push(buyer.email);
      else return;
      await say(page, typed.at(-1) ?? '');
      continue;
    }
    if (offers.every((label) => /^\d+$/.test(label.trim()))) {
      await choose(page, replies().filter({ hasText: /^2$/ }));
    } else if (offers.some((label) => choices.yes.test(label.trim())) && offers.some((label) => choices.no.test(label.trim()))) {
      // The first of the two consent questions is the newsletter; the second, recommendations: no.
      const yes = consentsAnswered === 0 && choices.newsletter;
      consentsAnswered += 1;
      await choose(page, replies().filter({ hasText: yes ? choices.yes : choices.no }).first());
    } else {
      await choose(page, replies().first());
    }
    if (typed.length === 2 && consentsAnswered === 2 && (await replies().count()) === 0) return;
  }
  throw new Error('the booking dialogue did not end within 16 turns');
}

async function ordersOf(email: string) {
  const found = await running.foyer.services.ticketing.listOrders({ houseId, unitId: null }, { q: email });
  return Promise.all(found.items.filter((item) => item.buyer.email === email).map((item) => running.foyer.services.ticketing.getOrder({ houseId, unitId: null }, item.id)));
}

describe('booking tickets by conversation in the chat widget', () => {
  test('in German: a real order with two tickets, on the house’s own website', async () => {
    const visitor = await visit('/de/programme', { locale: 'de-DE' });
    try {
      await openChat(visitor.page, /Chat öffnen/);
      expect(await visitor.page.locator('.foyer-assistant').getAttribute('lang')).toBe('de');
      await bookByConversation(visitor.page, { name: 'Greta Lindqvist', email: 'greta.lindqvist@example.org' }, { start: /Karten/, yes: /^Ja$/, no: /^Nein$/, newsletter: true });
      const last = await visitor.page.locator('.foyer-assistant__message[data-author="assistant"]').last().textContent();
      const orders = await ordersOf('greta.lindqvist@example.org');
      const transcript = (await visitor.page.locator('.foyer-assistant__message').allTextContents()).join('\n');
      expect(orders, transcript).toHaveLength(1);
      await visitor.page.screenshot({ path: join(SHOTS, 'assistant-widget-de.png') });
      const [order] = orders;
      expect(order?.source).toBe('assistant');
      expect(order?.buyer).toMatchObject({ name: 'Greta Lindqvist', language: 'de' });
      expect(order?.tickets).toHaveLength(2);
      // The confirmation in the chat names the order's number.
      expect(last).toContain(order?.number ?? 'no order');
      expect(visitor.errors).toEqual([]);
    } finally {
      await visitor.context.close();
    }
  });

  test('in English, on a phone: the panel fills the screen and the booking completes', async () => {
    const visitor = await visit('/en/whats-on', { locale: 'en-GB', phone: true });
    try {
      await openChat(visitor.page, /Open the chat/);
      expect(await visitor.page.locator('.foyer-assistant').getAttribute('lang')).toBe('en');
      // The panel slides in (0.18 s); on a loaded machine the box is read before it has settled.
      await expect.poll(() => dialog(visitor.page).boundingBox(), { timeout: 5_000 }).toMatchObject({ x: 0, y: 0, width: 390 });
      await bookByConversation(visitor.page, { name: 'Sam Okafor', email: 'sam.okafor@example.org' }, { start: /tickets/i, yes: /^Yes$/, no: /^No$/, newsletter: false });
      const last = await visitor.page.locator('.foyer-assistant__message[data-author="assistant"]').last().textContent();
      const orders = await ordersOf('sam.okafor@example.org');
      expect(orders, last ?? '').toHaveLength(1);
      expect(orders[0]?.buyer).toMatchObject({ name: 'Sam Okafor', language: 'en' });
      expect(orders[0]?.tickets).toHaveLength(2);
      expect(last).toContain(orders[0]?.number ?? 'no order');
      await visitor.page.screenshot({ path: join(SHOTS, 'assistant-widget-en-phone.png') });

      // A reload continues the same conversation from this tab's storage.
      const seq = await lastSeq(visitor.page);
      await visitor.page.reload();
      await launcher(visitor.page).click();
      await expect.poll(() => lastSeq(visitor.page)).toBe(seq);
      expect(visitor.errors).toEqual([]);
    } finally {
      await visitor.context.close();
    }
  });
});

describe('a conversation handed over to the team', () => {
  test('appears in the staff inbox, and the staff reply reaches the still-open widget', async () => {
    const visitor = await visit('/de', { locale: 'de-DE' });
    try {
      await openChat(visitor.page, /Chat öffnen/);
      const person = visitor.page.locator('.foyer-assistant__reply').filter({ hasText: /Mensch|Person/i });
      if ((await person.count()) > 0) await choose(visitor.page, person.first());
      else await say(visitor.page, 'Ich möchte mit einem Menschen sprechen');
      await write(visitor.page, 'Gibt es am Samstag eine Induktionsschleife im großen Saal?');
      // The widget says honestly whether anyone is there.
      await expect.poll(() => visitor.page.locator('.foyer-assistant__note').textContent()).toMatch(/Team von Theater Auenstadt/);

      await staff.page.goto('/assistant/inbox');
      // The demo has handed-over conversations of its own: this one shows the visitor's last message.
      const row = staff.page.getByTestId('inbox-table').locator('tbody tr').filter({ hasText: 'Induktionsschleife' });
      await expect.poll(() => row.count()).toBe(1);
      await expect.poll(() => row.getByTestId('handover-reason').textContent()).toBe('Mensch gewünscht');
      await expect.poll(() => row.getByTestId('visitor-presence').getAttribute('data-present')).toBe('true');
      await row.click();
      await staff.page.waitForURL(/\/assistant\/inbox\/[0-9a-f-]{36}/);
      const conversation = staff.page.getByTestId('conversation');
      await expect.poll(() => conversation.getByTestId('conversation-history').textContent()).toContain('Induktionsschleife');
      await expect.poll(() => conversation.getByTestId('reply-delivery').getAttribute('data-delivery')).toBe('widget');

      const reply = 'Ja, im großen Saal gibt es eine Induktionsschleife in den Reihen 1 bis 8. Herzliche Grüße, Ihr Team';
      await conversation.getByLabel('Antwort', { exact: true }).fill(reply);
      await conversation.getByRole('button', { name: 'Antwort senden' }).click();
      await expect.poll(() => conversation.getByTestId('conversation-history').textContent()).toContain('Reihen 1 bis 8');

      // The widget polls every three seconds while the team has the conversation.
      const staffBubble = visitor.page.locator('.foyer-assistant__message[data-author="staff"]');
      await expect.poll(() => staffBubble.count(), { timeout: 15_000 }).toBe(1);
      expect(await staffBubble.textContent()).toContain('Reihen 1 bis 8');
      expect(await staffBubble.textContent()).toContain('Team von Theater Auenstadt');
      await staff.shot('assistant-inbox');
      await visitor.page.screenshot({ path: join(SHOTS, 'assistant-widget-staff-reply.png') });
      expect(visitor.errors).toEqual([]);
    } finally {
      await visitor.context.close();
    }
  });
});

describe('the chat widget by keyboard', () => {
  test('opens with the focus inside, keeps it inside, and Escape closes it and returns the focus to the launcher', async () => {
    const visitor = await visit('/de?attribute', { locale: 'en-GB' });
    try {
      const page = visitor.page;
      // data-language="en" on the script tag, though this page says German.
      await expect.poll(() => launcher(page).getAttribute('aria-expanded')).toBe('false');
      expect(await page.locator('.foyer-assistant').getAttribute('lang')).toBe('en');
      // Tab from the page's link to the launcher, then Enter.
      await page.getByRole('link', { name: 'Spielplan' }).focus();
      await page.keyboard.press('Tab');
      expect(await page.locator(':focus').evaluate((element) => element.className)).toBe('foyer-assistant__launcher');
      await page.keyboard.press('Enter');
      await expect.poll(() => dialog(page).isVisible()).toBe(true);
      expect(await launcher(page).getAttribute('aria-expanded')).toBe('true');
      const title = await dialog(page).getAttribute('aria-labelledby');
      expect(await page.locator(`[id="${title ?? ''}"]`).textContent()).toBe('Ask Theater Auenstadt');
      const inside = () => dialog(page).evaluate((node) => node.contains(node.ownerDocument.activeElement));
      expect(await inside()).toBe(true);
      expect(await page.locator(':focus').evaluate((element) => element.tagName)).toBe('TEXTAREA');
      await expect.poll(() => page.locator('.foyer-assistant__reply').count()).toBeGreaterThan(0);

      // Twenty tabs forward and five back never leave the dialog.
      for (let i = 0; i < 20; i += 1) {
        await page.keyboard.press('Tab');
        expect(await inside()).toBe(true);
      }
      for (let i = 0; i < 5; i += 1) {
        await page.keyboard.press('Shift+Tab');
        expect(await inside()).toBe(true);
      }
      // A quick reply by keyboard: focus it, Enter, and the answer lands in the live log.
      const log = page.locator('[role="log"]');
      expect(await log.getAttribute('aria-live')).toBe('polite');
      const before = await lastSeq(page);
      await page.locator('.foyer-assistant__reply').first().focus();
      await page.keyboard.press('Enter');
      await answered(page, before);

      // Near the limit of 1,000 characters the counter shows what is left.
      const input = dialog(page).getByRole('textbox');
      await input.fill('a'.repeat(950));
      await expect.poll(() => page.locator('.foyer-assistant__counter').textContent()).toBe('50 characters left');
      expect(await page.locator('.foyer-assistant__counter').isVisible()).toBe(true);
      await input.fill('');

      await page.keyboard.press('Escape');
      await expect.poll(() => dialog(page).isVisible()).toBe(false);
      expect(await page.locator(':focus').evaluate((element) => element.className)).toBe('foyer-assistant__launcher');
      expect(await launcher(page).getAttribute('aria-expanded')).toBe('false');
      expect(visitor.errors).toEqual([]);
    } finally {
      await visitor.context.close();
    }
  });
});

describe('the staff screens of the assistant', () => {
  // One of the questions the demo's visitors asked and nobody has answered yet.
  const question = 'Darf ich meinen Hund mit ins Museum nehmen?';
  const answerDe = 'Hunde bleiben bitte draußen; Assistenzhunde sind uns herzlich willkommen.';

  test('an unanswered question becomes a knowledge entry in one click, found in the knowledge base and deleted after a question', async () => {
    await staff.page.goto('/assistant/unanswered');
    const row = staff.page.getByTestId('unanswered-table').getByRole('row').filter({ hasText: question });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('button', { name: 'Eintrag anlegen' }).click();
    const editor = staff.page.getByTestId('knowledge-editor');
    // The question is already there, as the first German variant.
    await expect.poll(() => editor.locator('.mantine-TagsInput-pill').first().textContent()).toBe(question);
    await editor.getByLabel('Antwort auf Deutsch').fill(answerDe);
    await editor.getByLabel('Antwort auf Englisch').fill('Dogs please stay outside; assistance dogs are most welcome.');
    await editor.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => editor.count()).toBe(0);
    await expect.poll(() => row.count()).toBe(0);
    const answered = await callApi<{ items: { text: string }[] }>(staff, 'GET', '/api/assistant/unanswered?status=answered');
    expect(answered.items.map((item) => item.text)).toContain(question);

    // Asked again in the widget, the question gets the new entry's answer. The dialogue's
    // understanding retrains in the background once it sees the knowledge base moved
    // (it looks at most every five seconds): wait until the understanding the next
    // message will use knows the entry, then ask as a visitor.
    const understanders = running.foyer.services.assistant.understanders;
    const knows = async () => [...(await understanders.get(houseId)).entries.values()].some((entry) => entry.questions.de.includes(question));
    await expect.poll(knows, { timeout: 20_000, interval: 500 }).toBe(true);
    const visitor = await visit('/de', { locale: 'de-DE' });
    try {
      await openChat(visitor.page, /Chat öffnen/);
      await say(visitor.page, question);
      expect(await visitor.page.locator('.foyer-assistant__message[data-author="assistant"]').last().textContent()).toContain(answerDe);
      expect(visitor.errors).toEqual([]);
    } finally {
      await visitor.context.close();
    }

    // The knowledge base finds it, and it can be deleted after a question.
    await staff.page.goto('/assistant/knowledge');
    await staff.page.getByLabel('Suche').fill('Hund');
    const entry = staff.page.getByTestId('knowledge-table').getByRole('row').filter({ hasText: question });
    await expect.poll(() => entry.count()).toBe(1);
    await entry.getByRole('button', { name: 'Löschen' }).click();
    await staff.page.getByRole('dialog').getByRole('button', { name: 'Löschen' }).click();
    await expect.poll(() => entry.count()).toBe(0);
    await staff.shot('assistant-knowledge');
  });

  test('the statistics count the conversations, and the settings show the embed snippet and save the team’s hours', async () => {
    await staff.page.goto('/assistant/stats');
    await expect.poll(async () => Number(await staff.page.getByTestId('stat-conversations').textContent())).toBeGreaterThanOrEqual(1);
    await expect.poll(() => staff.page.getByTestId('per-day-chart').count()).toBe(1);
    await staff.shot('assistant-stats');

    await staff.page.goto('/settings/assistant');
    await expect.poll(() => staff.page.getByTestId('embed-snippet').textContent()).toBe(`<script src="${running.url}/public/houses/${SLUG}/assistant.js" defer></script>`);
    await expect.poll(() => staff.page.getByTestId('team-availability').textContent()).toMatch(/Das Team ist gerade (erreichbar|nicht erreichbar)/);
    await staff.page.getByRole('button', { name: 'Zeitraum am Sonntag hinzufügen' }).click();
    await staff.page.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(async () => (await callApi<{ teamHours: Record<string, string[][]> }>(staff, 'GET', '/api/assistant/settings')).teamHours.sun).toEqual([['10:00', '18:00']]);
    await staff.shot('assistant-settings');
  });
});
