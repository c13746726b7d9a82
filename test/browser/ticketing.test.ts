import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { callApi, checkAfterTest, closeAll, labelled, launchBrowser, logIn, openPage, type RunningFoyer, startFoyer, type TestPage } from './harness.ts';

/*
 * An evening at the box office and the door of the demo house: two tickets sold at the
 * desk (one reduced), the order page, one ticket let in at the door by its typed code
 * and refused when it comes again, the other ticket cancelled, and the free seats of
 * the performance up again on its sales page, with the sales curve drawn.
 */

let running: RunningFoyer;
let browser: Browser;
let tab: TestPage;

const call = <T>(method: string, path: string, body?: unknown) => callApi<T>(tab, method, path, body);

interface Category {
  id: string;
  name: { de: string };
  available: number;
  reducedAvailable: number;
  tariffs: { code: string; name: { de: string } }[];
}
interface Inventory {
  availability: { bookable: boolean; available: number; categories: Category[] };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

beforeAll(async () => {
  running = await startFoyer({ demo: true });
  browser = await launchBrowser();
  tab = await openPage(browser, running.url);
});

afterEach((context) => checkAfterTest(tab, context.task));

afterAll(() => closeAll(tab, browser, running));

describe('the box office and the door', () => {
  test('sells a full and a reduced ticket, admits one once, cancels the other and gives its seat back', async () => {
    const { page } = tab;
    await logIn(page);

    // A coming demo performance on sale whose category has a reduced tariff.
    const today = new Date().toISOString().slice(0, 10);
    const coming = await call<{ items: { id: string }[] }>('GET', `/api/performances?from=${today}&limit=40`);
    let chosen: { performanceId: string; category: Category; free: number } | undefined;
    for (const performance of coming.items) {
      const inventory = await call<Inventory>('GET', `/api/ticketing/performances/${performance.id}/inventory`);
      const category = inventory.availability.categories.find((c) => c.tariffs.length > 0 && c.available >= 2 && c.reducedAvailable >= 1);
      if (inventory.availability.bookable && category !== undefined) {
        chosen = { performanceId: performance.id, category, free: inventory.availability.available };
        break;
      }
    }
    if (chosen === undefined) throw new Error('no demo performance on sale with a reduced tariff');
    const { performanceId, category, free } = chosen;
    const reduced = category.tariffs[0];
    if (reduced === undefined) throw new Error('the category has no reduced tariff');

    // The desk: two lines, full price and reduced, for a named buyer, paid in cash.
    await page.goto(`/ticketing/sell?performance=${performanceId}`);
    await page.getByRole('combobox', { name: 'Preiskategorie' }).click();
    await page.getByRole('option', { name: new RegExp(`^${escape(category.name.de)} · `) }).click();
    await page.getByRole('radio', { name: /^Vollpreis · / }).check();
    await page.getByRole('button', { name: 'Hinzufügen' }).click();
    await page.getByRole('radio', { name: new RegExp(`^${escape(reduced.name.de)} · `) }).check();
    await page.getByRole('button', { name: 'Hinzufügen' }).click();
    await expect.poll(() => page.getByTestId('sale-line').count()).toBe(2);
    await labelled(page, 'Name').fill('Nina Saretschnaja');
    // Consent boxes appear only with an address, and unticked.
    expect(await page.getByTestId('sale-consents').count()).toBe(0);
    await labelled(page, 'E-Mail-Adresse').fill('nina.kasse@example.org');
    await expect.poll(() => page.getByRole('checkbox', { name: 'Möchte den Newsletter bekommen' }).isChecked()).toBe(false);
    await tab.shot('ticketing-box-office');
    await page.getByRole('button', { name: 'Verkaufen', exact: true }).click();

    const done = page.getByTestId('sale-done');
    await expect.poll(() => done.isVisible()).toBe(true);
    const codes = await page.getByTestId('sale-ticket-code').allTextContents();
    expect(codes).toHaveLength(2);
    const [admitted, cancelled] = codes.map((code) => code.trim());
    if (admitted === undefined || cancelled === undefined) throw new Error('two ticket codes expected');
    await tab.shot('ticketing-sold');

    // The order page: paid in cash, both tickets valid, one of them reduced.
    await page.getByTestId('sale-order-number').click();
    await page.waitForURL('**/ticketing/orders/*');
    const rows = page.getByTestId('ticket-row');
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => page.getByTestId('order-state').first().textContent()).toBe('Bezahlt');
    await expect.poll(() => page.getByTestId('ticket-table').getByText(reduced.name.de, { exact: true }).count()).toBe(1);
    const orderUrl = page.url();

    // The door: the typed code is let in; the same code again is refused with its time.
    await page.goto(`/ticketing/check-in/${performanceId}`);
    const input = labelled(page, 'Ticketcode');
    await input.fill(admitted.toLowerCase());
    await input.press('Enter');
    const result = page.getByTestId('scan-result');
    await expect.poll(() => result.getAttribute('data-result')).toBe('valid');
    await expect.poll(() => page.getByTestId('scan-verdict').textContent()).toBe('Einlass');
    await expect.poll(() => result.getAttribute('data-offline')).toBe('false');
    await tab.shot('ticketing-check-in-valid');
    // The field has the focus again: a scanner just types the next code and Enter.
    await page.keyboard.type(admitted);
    await page.keyboard.press('Enter');
    await expect.poll(() => result.getAttribute('data-result')).toBe('already_used');
    await expect.poll(() => page.getByTestId('scan-verdict').textContent()).toBe('Bereits entwertet');
    await expect.poll(() => page.getByTestId('door-count').textContent()).toMatch(/^1 \/ \d+$/);
    await tab.shot('ticketing-check-in-used');

    // Back on the order: the admitted ticket shows it; the other is cancelled with a reason.
    await page.goto(orderUrl);
    const admittedRow = page.locator(`[data-testid="ticket-row"][data-code="${admitted}"]`);
    await expect.poll(() => admittedRow.getByTestId('ticket-state').textContent()).toBe('Eingelassen');
    await page.getByRole('checkbox', { name: `Ticket ${cancelled} auswählen` }).check();
    await page.getByRole('button', { name: 'Auswahl stornieren (1)' }).click();
    const dialog = page.getByRole('dialog');
    await labelled(dialog, 'Grund').fill('Krank geworden');
    await dialog.getByRole('button', { name: 'Stornieren', exact: true }).click();
    const cancelledRow = page.locator(`[data-testid="ticket-row"][data-code="${cancelled}"]`);
    await expect.poll(() => cancelledRow.getByTestId('ticket-state').textContent()).toBe('Storniert');
    await tab.shot('ticketing-order-cancelled');

    // Without network the door decides from its code list: the cancelled ticket is refused,
    // marked offline and queued.
    await page.goto(`/ticketing/check-in/${performanceId}`);
    await expect.poll(() => page.getByText(/^Codeliste von /).count()).toBe(1);
    await tab.context.setOffline(true);
    await labelled(page, 'Ticketcode').fill(cancelled);
    await labelled(page, 'Ticketcode').press('Enter');
    await expect.poll(() => result.getAttribute('data-offline')).toBe('true');
    expect(await result.getAttribute('data-result')).toBe('cancelled');
    await expect.poll(() => page.getByTestId('door-queue').textContent()).toContain('1 Scan wartet auf Übertragung');
    await tab.shot('ticketing-check-in-offline');
    // Back online, the browser says so and the door sends its queue by itself.
    await tab.context.setOffline(false);
    await expect.poll(() => page.getByTestId('door-queue').count()).toBe(0);
    // The browser reports each request it could not send; those were the point here.
    tab.errors.splice(0, tab.errors.length, ...tab.errors.filter((error) => !error.includes('ERR_INTERNET_DISCONNECTED')));

    // The performance: one seat sold for good, the cancelled one free again, the curve drawn.
    await page.goto(`/ticketing/performances/${performanceId}`);
    await expect.poll(() => page.getByTestId('figure-free').textContent()).toBe(String(free - 1));
    await expect.poll(() => page.getByTestId('figure-checked-in').textContent()).toBe('1');
    await expect.poll(() => page.getByTestId('sales-curve').locator('.recharts-area-curve').count()).toBeGreaterThan(0);
    await tab.shot('ticketing-performance-sales');

    // The order is found by the code of a ticket in it; the sales list counts seats per row.
    await page.goto('/ticketing/orders');
    await page.getByLabel('Suche').fill(cancelled.toLowerCase());
    const orderRows = page.getByTestId('order-table').locator('tbody tr');
    await expect.poll(() => orderRows.count()).toBe(1);
    await expect.poll(() => orderRows.first().textContent()).toContain('Nina Saretschnaja');
    await page.goto('/ticketing/performances');
    await expect.poll(() => page.getByTestId('row-free').count()).toBeGreaterThan(0);
    await tab.shot('ticketing-sales-list');

    // The settings offer visitors only the public methods: cash stays at the desk.
    await page.goto('/settings/ticketing');
    await expect.poll(() => page.getByRole('checkbox', { name: 'Rechnung' }).count()).toBe(1);
    expect(await page.getByRole('checkbox', { name: 'Bar an der Kasse' }).count()).toBe(0);
    await tab.shot('ticketing-settings');
  });
});
