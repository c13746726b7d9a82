import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jsqrModule from 'jsqr';
import type { ParsedMail } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../../src/core/mail/testing.ts';
import type { Availability, Order } from '../../src/ticketing/schemas.ts';
import { checkAfterTest, closeAll, launchBrowser, openPage, type RunningFoyer, startFoyer, type TestPage } from './harness.ts';

/*
 * The booking widget on a house's own website (another origin, a strict CSP, one script
 * tag), in Chromium, against the demo house: choose, hold, give details, book; then the
 * confirmation mail read back from a loopback SMTP server with a QR code per ticket that
 * decodes to the ticket's code. Once in German with the mouse, once in English with the
 * keyboard only on a phone-sized screen, and once through the sold-out states.
 */

// jsqr is UMD: Node hands over its module.exports (the function itself) as the default
// import, while its types describe an ES module whose default is the function.
const jsQR = ((jsqrModule as unknown as { default?: unknown }).default ?? jsqrModule) as typeof jsqrModule.default;

const SLUG = 'theater-auenstadt';

let running: RunningFoyer;
let browser: Browser;
let tab: TestPage;
let smtp: TestSmtpServer;
let houseSite: Server;
let siteUrl: string;
let houseId: string;

/** Bookable performances of the demo with two price categories, the second with a reduced tariff, each of another production. */
let candidates: { performanceId: string; productionSlug: string; availability: Availability }[];

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  running = await startFoyer({
    demo: true,
    environment: { FOYER_SMTP_URL: smtp.url, FOYER_BOOKING_LIMIT_PER_IP: '100000', FOYER_PUBLIC_LIMIT_PER_IP: '100000' },
  });
  houseId = (await running.foyer.services.catalogue.getHouseBySlug(SLUG)).id;
  const programme = (await (await fetch(`${running.url}/public/houses/${SLUG}/programme?limit=200`)).json()) as {
    items: { id: string; productionId: string; status: string; priceFrom: unknown }[];
    productions: { id: string; slug: string }[];
  };
  const seen = new Set<string>();
  candidates = [];
  for (const item of programme.items) {
    if (item.status !== 'scheduled' || item.priceFrom === null || seen.has(item.productionId)) continue;
    const availability = await running.foyer.services.ticketing.availability(houseId, item.id);
    const [first, second] = availability.categories;
    if (!availability.bookable || first === undefined || second === undefined || first.available < 10 || second.available < 10 || !second.tariffs.some((tariff) => tariff.eligible.includes('students'))) continue;
    seen.add(item.productionId);
    candidates.push({ performanceId: item.id, productionSlug: programme.productions.find((p) => p.id === item.productionId)?.slug ?? '', availability });
  }
  expect(candidates.length).toBeGreaterThanOrEqual(3);

  // The house's own website: another origin, and a CSP that allows Foyer's script and
  // calls but no inline style; the widget's look comes through the CSSOM all the same.
  houseSite = createServer((request, response) => {
    const english = request.url?.startsWith('/en') === true;
    const production = english ? ` data-production="${candidates[1]?.productionSlug ?? ''}"` : '';
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; script-src ${running.url}; connect-src ${running.url}; style-src 'self'; base-uri 'none'; form-action 'none'`,
    });
    response.end(`<!doctype html><html lang="${english ? 'en' : 'de'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Theater Auenstadt</title></head><body><main><h1>${english ? 'Tickets' : 'Karten'}</h1><div id="tickets"></div></main>
<script src="${running.url}/public/houses/${SLUG}/booking.js" data-lang="${english ? 'en' : 'de'}" data-target="#tickets"${production} async></script></body></html>`);
  });
  await new Promise<void>((resolve) => houseSite.listen(0, '127.0.0.1', () => resolve()));
  siteUrl = `http://localhost:${(houseSite.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  tab = await openPage(browser, running.url);
});

afterEach((context) => checkAfterTest(tab, context.task));

afterAll(async () => {
  await closeAll(tab, browser, running);
  await new Promise((resolve) => houseSite?.close(resolve));
  await smtp?.close();
});

const scope = () => ({ houseId, unitId: null });

function money(minor: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(minor / 100);
}

function houseTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Berlin', weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

async function orderNumbered(number: string): Promise<Order> {
  const found = await running.foyer.services.ticketing.listOrders(scope(), { q: number });
  const summary = found.items.find((item) => item.number === number);
  if (summary === undefined) throw new Error(`no order ${number}`);
  return running.foyer.services.ticketing.getOrder(scope(), summary.id);
}

/** Every QR code of the mail, decoded from its PNG attachment, by the code its file name carries. */
function qrCodesIn(mail: ParsedMail): Map<string, string | null> {
  const decoded = new Map<string, string | null>();
  for (const attachment of mail.attachments.filter((a) => a.contentType === 'image/png')) {
    const image = PNG.sync.read(attachment.content);
    const qr = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
    const named = /^ticket-([0-9A-Z]{20})\.png$/.exec(attachment.filename ?? '')?.[1] ?? `unnamed ${decoded.size}`;
    expect(attachment.cid).toBe(`${named}@tickets.foyer`);
    decoded.set(named, qr?.data ?? null);
  }
  return decoded;
}

/** The order's confirmation (the one with the tickets, not a double opt-in); the due jobs run here, as a worker would run them. */
async function confirmationFor(email: string): Promise<ParsedMail> {
  await running.foyer.jobs.runDueJobs();
  for (let after = 0; ; ) {
    const mail = await smtp.waitForMail(email, { after });
    if (mail.attachments.some((a) => a.contentType === 'image/png')) return mail;
    after = smtp.received.indexOf(mail) + 1;
  }
}

interface Suggestion {
  productionId: string;
  title: string;
  slot: 'relevant' | 'discovery';
  text: string;
  nextPerformance: { id: string; startsAt: string } | null;
  bookingUrl: string;
}

/** What the widget should suggest next to a production: the public answer, without the production itself, at most three. */
async function suggestionsFor(productionId: string, language: 'de' | 'en'): Promise<Suggestion[]> {
  const response = await fetch(`${running.url}/public/houses/${SLUG}/recommendations?similarTo=${productionId}&language=${language}&limit=3`);
  expect(response.status).toBe(200);
  const { items } = (await response.json()) as { items: Suggestion[] };
  return items.filter((item) => item.productionId !== productionId).slice(0, 3);
}

function escaped(text: string | null): string {
  return (text ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The focused element and its label, for the keyboard walk. */
function focused(page: Page): Promise<string> {
  return page.locator(':focus').evaluate((element) => {
    const label = element.id ? element.ownerDocument.querySelector(`label[for="${element.id}"]`)?.textContent : element.closest('label')?.textContent;
    const type = element.getAttribute('type');
    return `${element.tagName.toLowerCase()}${type ? `[${type}]` : ''}: ${(label ?? element.textContent ?? '').trim()}`;
  });
}

describe('the booking widget on the house’s own site', () => {
  test('books two tickets in German and the mail brings both QR codes', async () => {
    const { page } = tab;
    const chosen = candidates[0];
    if (chosen === undefined) throw new Error('no performance to book');
    const second = chosen.availability.categories[1];
    if (second === undefined) throw new Error('no second category');
    await page.goto(`${siteUrl}/`);

    const widget = page.locator('section.foyer-booking');
    await expect.poll(() => widget.getByRole('heading', { level: 2 }).textContent()).toBe('Schritt 1 von 3: Karten wählen');
    const performance = widget.getByLabel('Vorstellung', { exact: true });
    await expect.poll(() => performance.locator('option').count()).toBeGreaterThan(3);
    // The house's time, though this browser lives in New York.
    const option = performance.locator(`option[value="${chosen.performanceId}"]`);
    expect(await option.textContent()).toBe(`${houseTime(chosen.availability.startsAt, 'de-DE')} – ${chosen.availability.title.de}`);
    await performance.selectOption(chosen.performanceId);
    await expect.poll(() => widget.locator('.foyer-booking__status').textContent()).toBe(`${chosen.availability.available} Plätze frei.`);

    const category = widget.getByRole('radio', { name: new RegExp(`^${escaped(second.name.de)} `) });
    await category.check();
    const reduced = second.tariffs.find((tariff) => tariff.eligible.includes('students'));
    if (reduced === undefined) throw new Error('no reduced tariff for students');
    const reducedRadio = widget.getByRole('radio', { name: new RegExp(`^${escaped(reduced.name.de)} `) });
    expect(await reducedRadio.getAttribute('aria-describedby')).toBeTruthy();
    const eligibility = widget.locator(`#${(await reducedRadio.getAttribute('aria-describedby')) ?? 'none'}`);
    await expect.poll(() => eligibility.textContent()).toMatch(/^Für .*Studierende.*\. Bitte bringen Sie einen Nachweis zur Vorstellung mit\.$/);
    expect(await widget.getByRole('radio', { name: /^Vollpreis / }).isChecked()).toBe(true);
    await widget.getByLabel('Anzahl der Karten').selectOption('2');
    expect(await widget.getByLabel('Anzahl der Karten').locator('option').count()).toBe(10);
    await expect.poll(() => widget.locator('output').textContent()).toBe(`Gesamt: ${money(2 * second.amountMinor, 'de-DE')} (2 × ${money(second.amountMinor, 'de-DE')})`);
    // Touch targets from the widget's own stylesheet, which the page's CSP did not block.
    expect(await widget.getByRole('button', { name: 'Weiter' }).evaluate((button) => button.getBoundingClientRect().height)).toBeGreaterThanOrEqual(44);
    await tab.shot('booking-widget-choose');

    await widget.getByRole('button', { name: 'Weiter' }).click();
    await expect.poll(() => widget.getByRole('heading', { level: 2 }).textContent()).toBe('Schritt 2 von 3: Ihre Angaben');
    expect(await page.locator(':focus').evaluate((element) => element.tagName)).toBe('H2');
    expect(await widget.locator('.foyer-booking__status').textContent()).toBe('Ihre Plätze sind 15 Minuten lang für Sie reserviert.');
    await expect.poll(() => widget.getByRole('timer').textContent()).toMatch(/^Für Sie reserviert: noch 1[45]:\d\d Minuten$/);
    expect((await running.foyer.services.ticketing.availability(houseId, chosen.performanceId)).available).toBe(chosen.availability.available - 2);

    // Nothing filled in: each error next to its field, linked, and the focus on the first.
    await widget.getByRole('button', { name: 'Zahlungspflichtig buchen' }).click();
    await expect.poll(() => widget.getByRole('alert').textContent()).toBe('Bitte prüfen Sie die markierten Angaben.');
    const name = widget.getByLabel('Name', { exact: true });
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    const nameError = (await name.getAttribute('aria-describedby')) ?? '';
    expect(await widget.locator(`#${nameError}`).textContent()).toBe('Bitte geben Sie Ihren Namen an.');
    expect(await name.evaluate((input) => input === input.ownerDocument.activeElement)).toBe(true);

    await name.fill('Erika Mustermann');
    // An address only Foyer's stricter check refuses: its answer lands next to the field as well.
    const email = widget.getByLabel('E-Mail-Adresse');
    await email.fill('erika@example..org');
    await widget.getByRole('button', { name: 'Zahlungspflichtig buchen' }).click();
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    expect(await widget.locator(`#${(await email.getAttribute('aria-describedby'))?.split(' ').at(-1) ?? 'none'}`).textContent()).toBe(
      'Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@beispiel.de.',
    );
    expect(await email.evaluate((input) => input === input.ownerDocument.activeElement)).toBe(true);
    expect(tab.errors).toEqual([expect.stringContaining('400 (Bad Request)')]);
    tab.errors.length = 0; // the refused address is a 400 in the console, as it should be
    await email.fill('erika@example.org');
    expect(await widget.getByRole('radio', { name: 'Bezahlung an der Kasse' }).isChecked()).toBe(true);
    expect(await widget.getByRole('radio', { name: 'Freikarte' }).count()).toBe(0);
    const boxes = widget.getByRole('checkbox');
    expect(await boxes.count()).toBe(2);
    for (const box of await boxes.all()) expect(await box.isChecked()).toBe(false);
    await tab.shot('booking-widget-details');

    await widget.getByRole('button', { name: 'Zahlungspflichtig buchen' }).click();
    await expect.poll(() => widget.getByRole('heading', { level: 2 }).textContent()).toBe('Vielen Dank! Ihre Buchung ist bestätigt.');
    expect(await widget.locator('.foyer-booking__sent').textContent()).toBe('Die Bestätigung mit Ihren Tickets haben wir an erika@example.org geschickt.');
    const number = (await widget.locator('.foyer-booking__number').textContent()) ?? '';
    const order = await orderNumbered(number);
    expect(order).toMatchObject({ state: 'pending', paymentMethod: 'box_office', totalMinor: 2 * second.amountMinor, consents: { newsletter: false, recommendations: false } });
    const codes = order.tickets.map((ticket) => ticket.code).sort();
    expect(codes).toHaveLength(2);
    expect((await widget.locator('.foyer-booking__code').allTextContents()).sort()).toEqual(codes);
    expect(await widget.getByRole('link', { name: /^Tickets zum Ausdrucken öffnen/ }).getAttribute('href')).toContain(`/public/orders/${order.id}/tickets`);
    await tab.shot('booking-widget-done');

    // After the booking: other productions like this one, each with the sentence that explains it, discoveries said in words.
    const suggested = await suggestionsFor(chosen.availability.productionId, 'de');
    expect(suggested.length).toBeGreaterThan(0);
    const suggestions = widget.getByRole('complementary', { name: 'Vielleicht auch etwas für Sie' });
    await expect.poll(() => suggestions.getByRole('listitem').count()).toBe(suggested.length);
    expect(await suggestions.locator('.foyer-booking__explanation').allTextContents()).toEqual(suggested.map((item) => item.text));
    expect(await suggestions.locator('.foyer-booking__suggestion-title').allTextContents()).toEqual(suggested.map((item) => item.title));
    for (const [index, item] of suggested.entries()) {
      const entry = suggestions.getByRole('listitem').nth(index);
      if (item.slot === 'discovery') expect(await entry.locator('.foyer-booking__tag').textContent()).toBe('Entdeckung');
      else expect(await entry.locator('.foyer-booking__tag').count()).toBe(0);
      // A performance this widget sells is chosen right here; any other is a link to where it is sold.
      const here = entry.getByRole('button', { name: `${item.title} hier buchen` });
      if ((await here.count()) === 0 && item.bookingUrl.startsWith('http')) expect(await entry.getByRole('link', { name: `Karten für ${item.title}` }).getAttribute('href')).toBe(item.bookingUrl);
    }
    const hereButton = suggestions.getByRole('button', { name: / hier buchen$/ }).first();
    if ((await hereButton.count()) > 0) {
      await hereButton.press('Enter');
      await expect.poll(() => widget.getByRole('heading', { level: 2 }).textContent()).toBe('Schritt 1 von 3: Karten wählen');
      await expect.poll(() => widget.getByLabel('Vorstellung', { exact: true }).inputValue()).not.toBe('');
    }
    await tab.shot('booking-widget-done-suggestions');

    const mail = await confirmationFor('erika@example.org');
    const qr = qrCodesIn(mail);
    expect([...qr.keys()].sort()).toEqual(codes);
    for (const [code, decoded] of qr) expect(decoded).toBe(code);
  });

  test('suggests other productions on a production’s page, in its language, with their reasons, reachable by keyboard, and not while booking', async () => {
    const { page } = tab;
    const chosen = candidates[1];
    if (chosen === undefined) throw new Error('no second production');
    const suggested = await suggestionsFor(chosen.availability.productionId, 'en');
    expect(suggested.length).toBeGreaterThan(0);
    await page.goto(`${siteUrl}/en`);
    const widget = page.locator('section.foyer-booking');
    const suggestions = widget.getByRole('complementary', { name: 'You might also like' });
    await expect.poll(() => suggestions.getByRole('listitem').count()).toBe(suggested.length);
    expect(await suggestions.locator('.foyer-booking__explanation').allTextContents()).toEqual(suggested.map((item) => item.text));
    const discoveries = suggested.filter((item) => item.slot === 'discovery').length;
    expect(await suggestions.locator('.foyer-booking__tag').allTextContents()).toEqual(Array.from({ length: discoveries }, () => 'Discovery'));
    const first = suggested[0];
    if (first === undefined) throw new Error('no suggestion');
    if (first.nextPerformance !== null) {
      expect(await suggestions.getByRole('listitem').first().textContent()).toContain(`Next performance: ${houseTime(first.nextPerformance.startsAt, 'en-GB')}`);
    }
    await tab.shot('booking-widget-production-suggestions');

    // From the last control of the step straight on to the first suggestion's link.
    const performance = widget.getByLabel('Performance', { exact: true });
    const offered = (await performance.locator('option:not([disabled])').evaluateAll((options) => options.map((o) => o.getAttribute('value') ?? ''))).filter(Boolean);
    await performance.selectOption(offered[0] ?? '');
    const continueButton = widget.getByRole('button', { name: 'Continue' });
    await expect.poll(() => continueButton.count()).toBe(1);
    await continueButton.focus();
    await page.keyboard.press('Tab');
    const action = suggestions.getByRole('listitem').first().locator('a, button');
    if ((await action.count()) > 0) expect(await action.first().evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);

    // While the visitor gives their details, nothing distracts: the suggestions are gone, and back with the choice.
    await continueButton.click();
    await expect.poll(() => widget.getByRole('heading', { level: 2 }).textContent()).toBe('Step 2 of 3: Your details');
    expect(await suggestions.count()).toBe(0);
    await widget.getByRole('button', { name: 'Back' }).click();
    await expect.poll(() => suggestions.getByRole('listitem').count()).toBe(suggested.length);
  });

  test('books in English with the keyboard alone on a phone', async () => {
    const chosenProduction = candidates[1];
    if (chosenProduction === undefined) throw new Error('no second production');
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: 'en-GB', timezoneId: 'America/New_York' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await page.goto(`${siteUrl}/en`);
      const widget = page.locator('section.foyer-booking');
      await expect.poll(() => widget.getByRole('heading', { level: 2 }).textContent()).toBe('Step 1 of 3: Choose your tickets');
      const performance = widget.getByLabel('Performance', { exact: true });
      await expect.poll(() => performance.locator('option').count()).toBeGreaterThan(1);
      // data-production: only this production's performances are offered.
      const offered = (await performance.locator('option').evaluateAll((options) => options.map((o) => o.getAttribute('value') ?? ''))).filter(Boolean);
      const programme = (await (await fetch(`${running.url}/public/houses/${SLUG}/programme?limit=200`)).json()) as { items: { id: string; productionId: string }[] };
      const productionId = chosenProduction.availability.productionId;
      expect(offered.every((id) => programme.items.find((item) => item.id === id)?.productionId === productionId)).toBe(true);

      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('select: Performance');
      await page.keyboard.press('ArrowDown');
      const performanceId = await performance.inputValue();
      expect(offered).toContain(performanceId);
      const availability = await running.foyer.services.ticketing.availability(houseId, performanceId);
      const second = availability.categories[1];
      if (second === undefined) throw new Error('no second category');
      await expect.poll(() => widget.getByRole('radio').count()).toBeGreaterThan(2);

      await page.keyboard.press('Tab');
      expect(await focused(page)).toMatch(new RegExp(`^input\\[radio\\]: ${escaped(availability.categories[0]?.name.en ?? null)}`));
      await page.keyboard.press('ArrowDown');
      expect(await focused(page)).toMatch(new RegExp(`^input\\[radio\\]: ${escaped(second.name.en)}`));
      expect(await widget.getByRole('radio', { name: new RegExp(`^${escaped(second.name.en)} `) }).isChecked()).toBe(true);
      await page.keyboard.press('Tab');
      expect(await focused(page)).toMatch(/^input\[radio\]: Full price/);
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('select: Number of tickets');
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => widget.locator('output').textContent()).toBe(`Total: ${money(2 * second.amountMinor, 'en-GB')} (2 × ${money(second.amountMinor, 'en-GB')})`);
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('button[submit]: Continue');
      await page.keyboard.press('Enter');

      await expect.poll(() => widget.getByRole('heading', { level: 2 }).textContent()).toBe('Step 2 of 3: Your details');
      expect(await focused(page)).toBe('h2: Step 2 of 3: Your details');
      await expect.poll(() => widget.getByRole('timer').textContent()).toMatch(/^Reserved for you: 1[45]:\d\d minutes left$/);
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('input[text]: Name');
      await page.keyboard.type('Sam Taylor');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('input[email]: E-mail address');
      await page.keyboard.type('sam@example.org');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('select: Language of the confirmation');
      expect(await widget.getByLabel('Language of the confirmation').inputValue()).toBe('en');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('input[radio]: Pay at the box office');
      await page.keyboard.press('ArrowDown');
      expect(await focused(page)).toBe('input[radio]: Invoice');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toMatch(/^input\[checkbox\]: Newsletter/);
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toMatch(/^input\[checkbox\]: Personal recommendations/);
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('button[submit]: Book and pay');

      // Phone-sized, down to the narrowest (320px): nothing wider than the screen, every control a finger can hit.
      for (const width of [320, 375]) {
        await page.setViewportSize({ width, height: 740 });
        expect(await page.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(width);
        const small = await widget.evaluate((root) =>
          [...root.querySelectorAll('button, select, input[type=text], input[type=email], label.foyer-booking__choice')]
            .map((element) => ({ what: element.textContent?.trim() || element.tagName, height: element.getBoundingClientRect().height }))
            .filter((target) => target.height < 44),
        );
        expect(small).toEqual([]);
      }
      await page.screenshot({ path: '/tmp/foyer-shots/booking-widget-phone-details.png' });

      await page.keyboard.press('Enter');
      await expect.poll(() => widget.getByRole('heading', { level: 2 }).textContent()).toBe('Thank you! Your booking is confirmed.');
      expect(await focused(page)).toBe('h2: Thank you! Your booking is confirmed.');
      expect(await widget.locator('.foyer-booking__sent').textContent()).toBe('We have sent the confirmation with your tickets to sam@example.org.');
      const order = await orderNumbered((await widget.locator('.foyer-booking__number').textContent()) ?? '');
      expect(order).toMatchObject({ paymentMethod: 'invoice', buyer: { name: 'Sam Taylor', email: 'sam@example.org', language: 'en' }, consents: { newsletter: true, recommendations: false } });
      expect(order.tickets.map((ticket) => ticket.performanceId)).toEqual([performanceId, performanceId]);
      await page.screenshot({ path: '/tmp/foyer-shots/booking-widget-phone-done.png' });

      const mail = await confirmationFor('sam@example.org');
      const qr = qrCodesIn(mail);
      const codes = order.tickets.map((ticket) => ticket.code).sort();
      expect([...qr.keys()].sort()).toEqual(codes);
      for (const [code, decoded] of qr) expect(decoded).toBe(code);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('says how few seats are left, gives way when they go, releases the hold on Back, and shows the sold-out performance', async () => {
    const { page } = tab;
    const chosen = candidates[2];
    if (chosen === undefined) throw new Error('no third performance');
    const first = chosen.availability.categories[0];
    if (first === undefined) throw new Error('no category');
    const last = chosen.availability.categories.at(-1);
    if (last === undefined || last.id === first.id) throw new Error('no second category');
    // The cheapest seats are all gone (the category keeps none), and only three seats are left in the hall, none of them reduced.
    await running.foyer.services.catalogue.updatePriceCategory(scope(), last.id, { quota: 0 });
    running.foyer.services.ticketing.inventory.forget(chosen.performanceId);
    // The demo's box office has sold seats for it already: three more than those are left.
    const before = await running.foyer.services.ticketingAdmin.inventory(scope(), chosen.performanceId);
    const taken = before.quotas.filter((q) => q.key === 'capacity').reduce((sum, q) => sum + q.sold + q.pending + q.held, 0);
    await running.foyer.services.ticketingAdmin.setQuotas(scope(), chosen.performanceId, { capacity: taken + 3, reducedSeats: 0 });
    await page.goto(`${siteUrl}/`);
    const widget = page.locator('section.foyer-booking');
    const performance = widget.getByLabel('Vorstellung', { exact: true });
    await expect.poll(() => performance.locator('option').count()).toBeGreaterThan(3);
    await performance.selectOption(chosen.performanceId);

    const category = widget.getByRole('radio', { name: new RegExp(`^${escaped(first.name.de)} `) });
    await expect.poll(() => category.evaluate((input) => input.closest('label')?.textContent)).toContain('Nur noch 3 Plätze frei');
    const soldOut = widget.getByRole('radio', { name: new RegExp(`^${escaped(last.name.de)} `) });
    expect(await soldOut.isDisabled()).toBe(true);
    expect(await soldOut.evaluate((input) => input.closest('label')?.textContent)).toContain('ausverkauft');
    await category.check();
    const reduced = widget.getByRole('radio', { name: /^Ermäßigt / });
    if ((await reduced.count()) > 0) {
      expect(await reduced.isDisabled()).toBe(true);
      expect(await reduced.evaluate((input) => input.closest('label')?.textContent)).toContain('ausverkauft');
    }
    expect(await widget.getByLabel('Anzahl der Karten').locator('option').count()).toBe(3);
    await widget.getByLabel('Anzahl der Karten').selectOption('3');
    await tab.shot('booking-widget-few-left');

    // Someone else is quicker with two of the three seats.
    const buyer = { name: 'Max Muster', email: 'max@example.org', language: 'de' as const };
    await running.foyer.services.ticketing.place(houseId, { items: [{ performanceId: chosen.performanceId, priceCategoryId: first.id, quantity: 2 }], buyer, paymentMethod: 'invoice' }, { source: 'web', staff: false, actor: 'visitor' });
    await widget.getByRole('button', { name: 'Weiter' }).click();
    await expect.poll(() => widget.getByRole('alert').textContent()).toBe('Leider sind so viele Plätze nicht mehr frei. Bitte wählen Sie erneut.');
    expect(tab.errors).toEqual([expect.stringContaining('409 (Conflict)')]);
    tab.errors.length = 0; // the refused hold is a 409 in the console, as it should be
    await expect.poll(() => widget.getByLabel('Anzahl der Karten').locator('option').count()).toBe(1);
    expect(await category.evaluate((input) => input.closest('label')?.textContent)).toContain('Nur noch 1 Platz frei');

    await widget.getByRole('button', { name: 'Weiter' }).click();
    await expect.poll(() => widget.getByRole('heading', { level: 2 }).textContent()).toBe('Schritt 2 von 3: Ihre Angaben');
    expect((await running.foyer.services.ticketing.availability(houseId, chosen.performanceId)).available).toBe(0);
    await widget.getByRole('button', { name: 'Zurück' }).click();
    await expect.poll(() => widget.getByRole('heading', { level: 2 }).textContent()).toBe('Schritt 1 von 3: Karten wählen');
    expect(await page.locator(':focus').evaluate((element) => element.tagName)).toBe('H2');
    await expect.poll(() => widget.locator('.foyer-booking__status').textContent()).toBe('Ihre Reservierung wurde aufgehoben.');
    await expect.poll(async () => (await running.foyer.services.ticketing.availability(houseId, chosen.performanceId)).available).toBe(1);

    await running.foyer.services.ticketing.place(houseId, { items: [{ performanceId: chosen.performanceId, priceCategoryId: first.id, quantity: 1 }], buyer, paymentMethod: 'invoice' }, { source: 'web', staff: false, actor: 'visitor' });
    await page.reload();
    await expect.poll(() => performance.locator('option').count()).toBeGreaterThan(3);
    await performance.selectOption(chosen.performanceId);
    await expect.poll(() => widget.locator('.foyer-booking__seats .foyer-booking__note').textContent()).toBe('Diese Vorstellung ist ausverkauft.');
    expect(await widget.getByRole('button', { name: 'Weiter' }).count()).toBe(0);
    // A performance the house marked sold out is listed, but cannot be chosen.
    const markedSoldOut = performance.locator('option[disabled]');
    if ((await markedSoldOut.count()) > 0) expect(await markedSoldOut.first().textContent()).toMatch(/ – ausverkauft$/);
    await tab.shot('booking-widget-sold-out');
  });

  test('reads the hold’s time out at five and one minute left, and says so when the reservation ran out and its seats are gone', async () => {
    const { page } = tab;
    const chosen = candidates[0];
    if (chosen === undefined) throw new Error('no performance');
    // The page's clock is Playwright's: a quarter of an hour passes in a moment.
    await page.clock.install();
    await page.goto(`${siteUrl}/`);
    const widget = page.locator('section.foyer-booking');
    const status = widget.locator('.foyer-booking__status');
    const performance = widget.getByLabel('Vorstellung', { exact: true });
    await expect.poll(() => performance.locator('option').count()).toBeGreaterThan(3);
    await performance.selectOption(chosen.performanceId);
    await widget.getByRole('button', { name: 'Weiter' }).click();
    await expect.poll(() => status.textContent()).toBe('Ihre Plätze sind 15 Minuten lang für Sie reserviert.');

    await page.clock.fastForward('10:05');
    await expect.poll(() => status.textContent()).toBe('Ihre Plätze sind noch 5 Minuten reserviert.');
    expect(await widget.getByRole('timer').textContent()).toMatch(/^Für Sie reserviert: noch 4:\d\d Minuten$/);
    await page.clock.fastForward('04:00');
    await expect.poll(() => status.textContent()).toBe('Ihre Plätze sind nur noch eine Minute reserviert. Bitte schließen Sie die Buchung ab.');
    await page.clock.fastForward('01:00');
    await expect.poll(() => status.textContent()).toBe('Ihre Reservierung ist abgelaufen. Sie können trotzdem buchen, solange die Plätze noch frei sind.');
    expect(await widget.getByRole('timer').textContent()).toBe('Ihre Reservierung ist abgelaufen.');

    // On the server, too, the hold ran out; and meanwhile the last seats went to others.
    const { db } = running.foyer.database;
    const past = new Date(Date.now() - 60_000).toISOString();
    const holds = db.selectFrom('ticket_hold').select('id').where('house_id', '=', houseId).where('state', '=', 'active');
    await db.updateTable('hold_claim').set({ expires_at: past }).where('hold_id', 'in', holds).execute();
    await db.updateTable('ticket_hold').set({ expires_at: past }).where('house_id', '=', houseId).where('state', '=', 'active').execute();
    const left = await running.foyer.services.ticketing.availability(houseId, chosen.performanceId);
    await running.foyer.services.ticketingAdmin.setQuotas(scope(), chosen.performanceId, { capacity: left.capacity - left.available });

    await widget.getByLabel('Name', { exact: true }).fill('Erika Mustermann');
    await widget.getByLabel('E-Mail-Adresse').fill('erika@example.org');
    await widget.getByRole('button', { name: 'Zahlungspflichtig buchen' }).click();
    await expect.poll(() => widget.getByRole('alert').textContent()).toBe('Ihre Reservierung ist abgelaufen und die Plätze sind inzwischen vergeben. Bitte wählen Sie erneut.');
    expect(tab.errors).toEqual([expect.stringContaining('409 (Conflict)')]);
    tab.errors.length = 0; // the refused order is a 409 in the console, as it should be
    expect(await widget.getByRole('heading', { level: 2 }).textContent()).toBe('Schritt 1 von 3: Karten wählen');
    await expect.poll(() => widget.locator('.foyer-booking__seats .foyer-booking__note').textContent()).toBe('Diese Vorstellung ist ausverkauft.');
    await tab.shot('booking-widget-hold-expired');
  });

  test('tries once more after a second when Foyer is busy, with the same Idempotency-Key, and books once', async () => {
    const { page } = tab;
    const chosen = candidates[1];
    if (chosen === undefined) throw new Error('no performance');
    // The first order request meets a busy server (as a lock timeout answers); the retry reaches the real one.
    const keys: string[] = [];
    await page.route('**/public/houses/*/orders', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length === 1) {
        return route.fulfill({
          status: 503,
          headers: { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'Retry-After', 'retry-after': '1', 'content-type': 'application/json' },
          body: JSON.stringify({ error: { code: 'busy', message: 'busy, try again', details: [] } }),
        });
      }
      return route.continue();
    });
    try {
      await page.goto(`${siteUrl}/`);
      const widget = page.locator('section.foyer-booking');
      const performance = widget.getByLabel('Vorstellung', { exact: true });
      await expect.poll(() => performance.locator('option').count()).toBeGreaterThan(3);
      await performance.selectOption(chosen.performanceId);
      await widget.getByRole('button', { name: 'Weiter' }).click();
      await widget.getByLabel('Name', { exact: true }).fill('Jonas Weber');
      await widget.getByLabel('E-Mail-Adresse').fill('jonas@example.org');
      await widget.getByRole('button', { name: 'Zahlungspflichtig buchen' }).click();
      await expect.poll(() => widget.getByRole('heading', { level: 2 }).textContent()).toBe('Vielen Dank! Ihre Buchung ist bestätigt.');
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatch(/^[0-9a-f-]{32,36}$/);
      expect(keys[1]).toBe(keys[0]);
      const order = await orderNumbered((await widget.locator('.foyer-booking__number').textContent()) ?? '');
      expect(order.tickets).toHaveLength(1);
      expect(tab.errors).toEqual([expect.stringContaining('503 (Service Unavailable)')]);
      tab.errors.length = 0; // the busy answer is a 503 in the console, as it should be
    } finally {
      await page.unrouteAll();
    }
  });
  test('offers the waiting list next to a sold-out category, joined with the keyboard, and tells the place in line', async () => {
    const { page } = tab;
    const chosen = candidates[1];
    if (chosen === undefined) throw new Error('no performance');
    const first = chosen.availability.categories[0];
    const last = chosen.availability.categories.at(-1);
    if (first === undefined || last === undefined || last.id === first.id) throw new Error('no second category');
    // The last category keeps no seats at all: sold out, while the first can still be booked.
    await running.foyer.services.catalogue.updatePriceCategory(scope(), last.id, { quota: 0 });
    running.foyer.services.ticketing.inventory.forget(chosen.performanceId);
    const waitingBefore = (await running.foyer.services.waitingList.queue(scope(), chosen.performanceId)).items.length;

    await page.goto(`${siteUrl}/`);
    const widget = page.locator('section.foyer-booking');
    const performance = widget.getByLabel('Vorstellung', { exact: true });
    await expect.poll(() => performance.locator('option').count()).toBeGreaterThan(3);
    await performance.selectOption(chosen.performanceId);
    const soldOut = widget.getByRole('radio', { name: new RegExp(`^${escaped(last.name.de)} `) });
    await expect.poll(() => soldOut.isDisabled()).toBe(true);
    expect(await soldOut.evaluate((input) => input.closest('label')?.textContent)).toContain('ausverkauft');

    // From the performance through the open category to the sold-out one's button, keys only.
    await performance.focus();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(new RegExp(`^input\\[radio\\]: ${escaped(first.name.de)}`));
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe(`button[button]: Auf die Warteliste (${last.name.de})`);
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('h2: Warteliste');
    expect(await widget.locator('dl').textContent()).toContain(`${last.name.de} (Vollpreis)`);

    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input[text]: Name');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input[email]: E-Mail-Adresse');
    await page.keyboard.type('lena@');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('select: Anzahl der Plätze');
    await page.keyboard.press('ArrowDown');
    expect(await widget.getByLabel('Anzahl der Plätze').inputValue()).toBe('2');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button[submit]: Auf die Warteliste setzen');
    await page.keyboard.press('Enter');

    // Errors next to their fields, linked, and the focus on the first of them.
    await expect.poll(() => widget.getByRole('alert').textContent()).toBe('Bitte prüfen Sie die markierten Angaben.');
    expect(await focused(page)).toBe('input[text]: Name');
    const name = widget.getByLabel('Name', { exact: true });
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    const nameError = widget.locator(`#${(await name.getAttribute('aria-describedby')) ?? 'none'}`);
    expect(await nameError.textContent()).toBe('Bitte geben Sie Ihren Namen an.');
    const email = widget.getByLabel('E-Mail-Adresse');
    expect(await widget.locator(`#${(await email.getAttribute('aria-describedby')) ?? 'none'}`).textContent()).toMatch(/^Bitte geben Sie eine gültige E-Mail-Adresse an/);
    await page.keyboard.type('Lena Schmidt');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('lena@example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button[submit]: Auf die Warteliste setzen');
    await page.keyboard.press('Enter');

    const place = waitingBefore + 1;
    const answer = `Sie stehen auf Platz ${place} der Warteliste. Werden Plätze frei, schreiben wir Ihnen.`;
    await expect.poll(() => focused(page)).toBe('h2: Sie stehen auf der Warteliste');
    expect(await widget.getByRole('status').textContent()).toBe(answer);
    expect(await widget.getByRole('alert').textContent()).toBe('');
    const queue = await running.foyer.services.waitingList.queue(scope(), chosen.performanceId);
    expect(queue.items.filter((item) => item.email === 'lena@example.org')).toEqual([
      expect.objectContaining({ priceCategoryId: last.id, tariff: null, quantity: 2, position: place, name: 'Lena Schmidt', language: 'de', state: 'waiting' }),
    ]);
    await tab.shot('booking-widget-waiting-list');

    // The same address for the same seats again: the entry it has, not a second one.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('h2: Schritt 1 von 3: Karten wählen');
    await widget.getByRole('button', { name: `Auf die Warteliste (${last.name.de})` }).click();
    await widget.getByLabel('Name', { exact: true }).fill('Lena Schmidt');
    await widget.getByLabel('E-Mail-Adresse').fill('LENA@example.org');
    await widget.getByRole('button', { name: 'Auf die Warteliste setzen' }).click();
    await expect.poll(() => widget.getByRole('status').textContent()).toBe('Sie stehen bereits auf der Warteliste.');
    expect((await running.foyer.services.waitingList.queue(scope(), chosen.performanceId)).items).toHaveLength(place);
  });
});
