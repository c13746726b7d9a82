import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ContactRecommendations, DiscoveryMetrics, DiscoverySettings, SettingsPreview } from '../../web/src/api/recommendTypes.ts';
import { callApi, checkAfterTest, closeAll, labelled, launchBrowser, logIn, openPage, type RunningFoyer, startFoyer, type TestPage } from './harness.ts';

/*
 * Discovery in the staff app, against the demo house: the dashboard the director looks
 * at (its figures are the server's, in German), the house's discovery setting with the
 * preview of what a change would do before it is saved, and a contact's page with the
 * recommendations, each with the sentence that explains it and the discoveries marked.
 */

let running: RunningFoyer;
let browser: Browser;
let tab: TestPage;

const call = <T>(method: string, path: string, body?: unknown) => callApi<T>(tab, method, path, body);

const percent = (value: number) => new Intl.NumberFormat('de-DE', { style: 'percent', maximumFractionDigits: 1 }).format(value);
const decimal = (value: number) => new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);

beforeAll(async () => {
  running = await startFoyer({ demo: true });
  browser = await launchBrowser();
  tab = await openPage(browser, running.url);
  await logIn(tab.page);
});

afterEach((context) => checkAfterTest(tab, context.task));

afterAll(() => closeAll(tab, browser, running));

describe('discovery in the staff app', () => {
  test('the dashboard shows the house’s coverage, Gini, discovery share and first bookings in a new genre, with charts and what they mean', async () => {
    const { page } = tab;
    await page.goto('/programme/calendar');
    await page.getByRole('navigation').getByRole('link', { name: 'Entdecken' }).click();
    await page.waitForURL('**/discovery');
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('Entdecken');

    const metrics = await call<DiscoveryMetrics>('GET', '/api/recommend/metrics?days=180');
    const figures = page.getByTestId('discovery-figures');
    await expect.poll(() => page.getByTestId('discovery-coverage').textContent()).toBe(percent(metrics.coverage));
    expect(await page.getByTestId('discovery-gini').textContent()).toBe(decimal(metrics.exposureGini));
    expect(await page.getByTestId('discovery-discoveryShare').textContent()).toBe(percent(metrics.discoveryBookingShare));
    expect(await page.getByTestId('discovery-newGenre').textContent()).toBe(String(metrics.firstBookingsInNewGenre));
    // Every figure says what it means, in its own labelled region.
    expect(await figures.getByRole('region').count()).toBe(4);
    expect(await figures.getByRole('region', { name: 'Ungleichheit der Sichtbarkeit (Gini)' }).textContent()).toContain('0 heißt: alle Produktionen werden gleich oft empfohlen');
    expect(await page.getByRole('region', { name: 'Warum das zählt: Filterblase oder Horizont' }).count()).toBe(1);
    // The weekly series, as charts with a text alternative (or the empty state when no week has data yet).
    const hasWeeks = metrics.weeks.some((week) => week.exposures > 0 || week.bookings > 0);
    if (hasWeeks) {
      await expect.poll(() => page.getByRole('img', { name: /^Liniendiagramm über \d+ Wochen; zuletzt Abdeckung/ }).count()).toBe(1);
      expect(await page.getByRole('img', { name: /^Balkendiagramm über \d+ Wochen/ }).count()).toBe(1);
      expect(await page.locator('.recharts-surface').count()).toBeGreaterThanOrEqual(3);
    } else {
      expect(await page.getByText('Noch keine Wochenwerte').count()).toBe(1);
    }
    await tab.shot('discovery-dashboard');

    // Another period, chosen with the keyboard: the figures follow the server's answer for it.
    const year = await call<DiscoveryMetrics>('GET', '/api/recommend/metrics?days=365');
    await page.getByRole('radio', { name: '180 Tage' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('radio', { name: '365 Tage' }).isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('discovery-coverage').textContent()).toBe(percent(year.coverage));

    // And in English.
    await page.getByText('EN', { exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('Discovery');
    expect(await page.getByRole('region', { name: 'Catalogue coverage' }).textContent()).toContain('Share of bookable productions recommended to at least one person.');
    await page.getByText('DE', { exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('Entdecken');
  });

  test('the discovery setting shows what a change would do before it is saved, then saves it', async () => {
    const { page } = tab;
    const before = await call<DiscoverySettings>('GET', '/api/recommend/settings');
    await page.goto('/settings/recommendations');
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('Empfehlungen');
    const size = labelled(page, 'Länge der Liste');
    const slots = labelled(page, 'Entdeckungsplätze');
    await expect.poll(() => size.inputValue()).toBe(String(before.listSize));
    expect(await slots.inputValue()).toBe(String(before.discoverySlots));

    const proposed = { listSize: before.listSize + 2, discoverySlots: Math.min(before.listSize + 1, before.discoverySlots + 2) };
    await size.fill(String(proposed.listSize));
    await slots.fill(String(proposed.discoverySlots));
    await expect.poll(() => page.getByTestId('discovery-share').textContent()).toBe(percent(proposed.discoverySlots / proposed.listSize));
    await page.getByRole('button', { name: 'Vorschau' }).click();

    const expected = await call<SettingsPreview>('POST', '/api/recommend/settings/preview', proposed);
    const preview = page.getByRole('region', { name: `Was sich ändert: ${before.discoverySlots} von ${before.listSize} → ${proposed.discoverySlots} von ${proposed.listSize}` });
    await expect.poll(() => preview.count()).toBe(1);
    const measures = preview.getByTestId('preview-measures');
    for (const [key, format] of [
      ['outsideComfortShare', percent],
      ['coverage', percent],
      ['meanCalibrationKL', decimal],
    ] as const) {
      const cells = measures.locator(`tr[data-measure="${key}"] td`);
      expect(await cells.allTextContents()).toEqual([format(expected.current.measures[key]), format(expected.proposed.measures[key])]);
    }
    if (expected.people.length > 0) {
      const sample = preview.getByRole('region', { name: 'Beispielkontakt 1' });
      const [current, proposedList] = [sample.getByRole('list', { name: 'Beispielkontakt 1: Jetzt' }), sample.getByRole('list', { name: 'Beispielkontakt 1: Vorschlag' })];
      const person = expected.people[0];
      if (person === undefined) throw new Error('no sample');
      expect(await proposedList.locator('[data-slot]').count()).toBe(person.proposed.length);
      expect(await current.locator('[data-slot]').count()).toBe(person.current.length);
      const discoveries = person.proposed.filter((item) => item.slot === 'discovery');
      expect(await proposedList.locator('[data-slot="discovery"]').count()).toBe(discoveries.length);
      if (discoveries.length > 0) expect(await proposedList.locator('[data-slot="discovery"]').first().textContent()).toContain('Entdeckung');
      expect(await proposedList.getByTestId('recommendation-explanation').allTextContents()).toEqual(person.proposed.map((item) => item.text));
    } else {
      expect(await preview.getByText('Noch keine Kontakte mit Einwilligung in Empfehlungen').count()).toBe(1);
    }
    await tab.shot('discovery-settings-preview');

    // A change after the preview: the preview says it is out of date.
    await slots.fill(String(proposed.discoverySlots - 1));
    await expect.poll(() => preview.getByRole('status').textContent()).toContain('seit der Vorschau geändert');
    await slots.fill(String(proposed.discoverySlots));

    // Discovery never takes the whole list: more slots than places less one are brought back on leaving the field.
    await slots.fill(String(proposed.listSize));
    await slots.blur();
    await expect.poll(() => slots.inputValue()).toBe(String(proposed.listSize - 1));
    await slots.fill(String(proposed.discoverySlots));

    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => page.getByText('Einstellung gespeichert.', { exact: false }).count()).toBe(1);
    expect(await call<DiscoverySettings>('GET', '/api/recommend/settings')).toMatchObject(proposed);
    expect(await preview.count()).toBe(0);
    await call('PUT', '/api/recommend/settings', { listSize: before.listSize, discoverySlots: before.discoverySlots });
  });

  test('a contact’s page shows the recommendations with their explanations, the discoveries marked, and the person’s range', async () => {
    const { page } = tab;
    const contacts = await call<{ items: { id: string; name: string | null; email: string }[] }>('GET', '/api/contacts?limit=200');
    let found: { id: string; list: ContactRecommendations } | null = null;
    for (const contact of contacts.items) {
      const list = await call<ContactRecommendations>('GET', `/api/recommend/contacts/${contact.id}?language=de`);
      if (list.personal && list.items.length > 0 && list.items.some((item) => item.slot === 'discovery')) {
        found = { id: contact.id, list };
        break;
      }
    }
    if (found === null) throw new Error('no contact of the demo with a personal list and a discovery');

    await page.goto(`/audience/contacts/${found.id}`);
    const card = page.getByRole('region', { name: 'Empfehlungen' });
    const list = card.getByRole('list', { name: 'Empfehlungen' });
    await expect.poll(() => list.locator('[data-slot]').count()).toBe(found.list.items.length);
    expect(await list.getByTestId('recommendation-explanation').allTextContents()).toEqual(found.list.items.map((item) => item.text));
    const discoveries = found.list.items.filter((item) => item.slot === 'discovery');
    expect(await list.locator('[data-slot="discovery"]').count()).toBe(discoveries.length);
    for (const item of discoveries) {
      const entry = list.locator('[data-slot="discovery"]').filter({ hasText: item.title }).first();
      expect(await entry.textContent()).toContain('Entdeckung');
    }
    expect(await card.getByTestId('not-personal').count()).toBe(0);
    // Each title is a link to its production, reachable with the keyboard.
    const first = found.list.items[0];
    if (first === undefined) throw new Error('empty list');
    const link = list.getByRole('link', { name: first.title }).first();
    await link.focus();
    expect(await link.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    expect(await link.getAttribute('href')).toBe(`/programme/productions/${first.productionId}`);
    // The person's range over time: the narrowing index in words, and the chart when there is history.
    await expect.poll(() => card.getByTestId('narrowing-index').textContent()).toMatch(/^Gebucht: .*Empfohlen: /);
    await tab.shot('discovery-contact-card');

    // In English, the same list in English words.
    const english = await call<ContactRecommendations>('GET', `/api/recommend/contacts/${found.id}?language=en`);
    await page.getByText('EN', { exact: true }).click();
    const englishList = page.getByRole('region', { name: 'Recommendations' }).getByRole('list', { name: 'Recommendations' });
    await expect.poll(() => englishList.getByTestId('recommendation-explanation').allTextContents()).toEqual(english.items.map((item) => item.text));
    await page.getByText('DE', { exact: true }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Empfehlungen' }).count()).toBe(1);
  });

  test('a contact without consent to recommendations gets the general list, said so', async () => {
    const { page } = tab;
    const contact = await call<{ id: string }>('POST', '/api/contacts', { email: 'ohne.einwilligung@example.org', name: 'Ohne Einwilligung' });
    await page.goto(`/audience/contacts/${contact.id}`);
    const card = page.getByRole('region', { name: 'Empfehlungen' });
    await expect.poll(() => card.getByTestId('not-personal').textContent()).toContain('Keine Einwilligung in persönliche Empfehlungen');
    expect(await card.getByText('Ohne Einwilligung in Empfehlungen wird kein persönlicher Verlauf ausgewertet.').count()).toBe(1);
  });
});
