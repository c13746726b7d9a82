import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { checkAfterTest, closeAll, labelled, launchBrowser, logIn, openPage, type RunningFoyer, startFoyer, type TestPage } from './harness.ts';

/*
 * One person's working day with the demo house: log in, read the programme in the
 * calendar and the list, edit a production, import a file, look at the settings.
 * The tests share one browser page and run in order, like that person would.
 */

let running: RunningFoyer;
let browser: Browser;
let tab: TestPage;
/** A month of the demo season with performances, and its first day ('YYYY-MM-DD'). */
let seasonMonth: string;

beforeAll(async () => {
  running = await startFoyer({ demo: true });
  browser = await launchBrowser();
  tab = await openPage(browser, running.url);
  // The busiest month of the demo season, whatever today's date is.
  const house = await running.foyer.services.catalogue.getHouseBySlug('theater-auenstadt');
  const all = await running.foyer.services.catalogue.listPerformances({ houseId: house.id, unitId: null }, {}, { limit: 500, offset: 0 });
  const perMonth = new Map<string, number>();
  for (const performance of all.items) perMonth.set(performance.startsAt.slice(0, 7), (perMonth.get(performance.startsAt.slice(0, 7)) ?? 0) + 1);
  const busiest = [...perMonth.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? new Date().toISOString().slice(0, 7);
  seasonMonth = `${busiest}-01`;
});

afterEach((context) => checkAfterTest(tab, context.task));

afterAll(() => closeAll(tab, browser, running));

describe('the staff app with the demo house', () => {
  test('sends a visitor without a session to the login, and logs the owner in', async () => {
    const { page } = tab;
    await page.goto('/programme/list');
    await page.waitForURL('**/login?next=%2Fprogramme%2Flist');
    await expect.poll(() => page.getByRole('heading', { name: 'Anmelden' }).count()).toBe(1);
    await tab.shot('login');

    await labelled(page, 'E-Mail-Adresse').fill('demo@foyer.local');
    await labelled(page, 'Passwort').fill('wrong password');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Anmeldung fehlgeschlagen');
    tab.errors.length = 0; // the refused login is a 401 in the console, as it should be

    await logIn(page);
    await expect.poll(() => page.getByTestId('house-name').textContent()).toBe('Theater Auenstadt');
  });

  test('shows the month in the calendar with its performances, coloured and clickable', async () => {
    const { page } = tab;
    await page.goto(`/programme/calendar?date=${seasonMonth}`);
    const monthName = new Intl.DateTimeFormat('de-DE', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${seasonMonth}T12:00:00Z`));
    await expect.poll(() => page.getByTestId('calendar-heading').textContent()).toBe(monthName);
    await expect.poll(() => page.getByTestId('calendar-event').count()).toBeGreaterThan(10);
    await tab.shot('calendar-month');

    await page.getByTestId('calendar-event').first().click();
    const drawer = page.getByRole('dialog');
    await expect.poll(() => drawer.getByRole('button', { name: 'Produktion öffnen' }).or(drawer.getByRole('link', { name: 'Produktion öffnen' })).count()).toBe(1);
    await tab.shot('performance-drawer');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    await page.getByText('Woche', { exact: true }).click();
    await expect.poll(() => page.getByTestId('calendar-heading').textContent()).toMatch(/^KW \d+/);
    await tab.shot('calendar-week');
  });

  test('lists performances in the house time zone, filters them and pages through them', async () => {
    const { page } = tab;
    await page.goto(`/programme/list?from=${seasonMonth}`);
    const rows = page.getByTestId('performance-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(25);
    await expect.poll(() => page.getByText(/^1–25 von \d+$/).count()).toBe(1);
    // The browser runs in New York; evening shows in Berlin still read 19:30.
    await expect.poll(() => page.getByTestId('performance-table').getByText('19:30', { exact: true }).count()).toBeGreaterThan(0);
    await tab.shot('performance-list');

    await page.getByLabel('Suche').fill('Zauberflöte');
    await expect.poll(async () => {
      const titles = await rows.locator('td:nth-child(3) p').first().textContent();
      return titles;
    }).toBe('Die Zauberflöte');
    const texts = await rows.locator('td:nth-child(3)').allTextContents();
    expect(texts.every((text) => text.includes('Zauberflöte'))).toBe(true);

    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await expect.poll(() => page.getByLabel('Suche').inputValue()).toBe('');
  });

  test('opens a production with its texts, performances and prices, and cancels a performance', async () => {
    const { page } = tab;
    await page.goto('/programme/productions?q=Zauberfl%C3%B6te');
    await page.getByTestId('production-table').getByText('Die Zauberflöte').click();
    await page.waitForURL('**/programme/productions/*');
    await expect.poll(() => labelled(page, 'Titel').first().inputValue()).toBe('Die Zauberflöte');
    await tab.shot('production-editor');

    await page.getByRole('tab', { name: /Preise/ }).click();
    await expect.poll(() => page.getByText(/\d+,\d\d\s€/).count()).toBeGreaterThan(0);
    await tab.shot('production-prices');

    // A price typed in euros is stored in cents and shown in euros again.
    await page.getByRole('button', { name: 'Bearbeiten' }).first().click();
    const priceDialog = page.getByRole('dialog');
    // The house's currency is shown, not offered as a choice the server would refuse.
    await expect.poll(() => priceDialog.getByText('In EUR, der Währung des Hauses').count()).toBe(1);
    expect(await labelled(priceDialog, 'Währung').count()).toBe(0);
    await labelled(priceDialog, 'Preis').first().fill('52,50');
    await tab.shot('price-category-form');
    await priceDialog.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.getByText(/^52,50\s€$/).count()).toBe(1);

    await page.getByRole('tab', { name: /Vorstellungen/ }).click();
    await page.getByRole('button', { name: 'Vorstellung hinzufügen' }).click();
    await expect.poll(() => page.getByRole('dialog').getByText('Ortszeit des Hauses (Europe/Berlin)').count()).toBe(1);
    await tab.shot('performance-form');
    await page.getByRole('dialog').getByRole('button', { name: 'Abbrechen' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    const cancelButtons = page.getByRole('button', { name: 'Absagen' });
    await expect.poll(() => cancelButtons.count()).toBeGreaterThan(0);
    const cancelledBefore = await page.getByText('Abgesagt', { exact: true }).count();
    await cancelButtons.last().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Absagen' }).click();
    await expect.poll(() => page.getByText('Abgesagt', { exact: true }).count()).toBe(cancelledBefore + 1);
    await tab.shot('production-performances');

    // A refused reinstatement says so instead of failing silently; a second try succeeds.
    const performanceUrl = '**/api/performances/*';
    await page.route(performanceUrl, (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: { code: 'conflict', message: 'Der Saal ist an diesem Abend belegt.', details: [] } }) })
        : route.fallback(),
    );
    await page.getByRole('button', { name: 'Wieder ansetzen' }).last().click();
    await expect.poll(() => page.getByText('Der Saal ist an diesem Abend belegt.').count()).toBe(1);
    await expect.poll(() => page.getByText('Das geht so nicht').count()).toBe(1);
    expect(await page.getByText('Abgesagt', { exact: true }).count()).toBe(cancelledBefore + 1);
    await page.unroute(performanceUrl);
    tab.errors.length = 0; // the refused write is a 409 in the console, as it should be
    await page.getByRole('button', { name: 'Wieder ansetzen' }).last().click();
    await expect.poll(() => page.getByText('Abgesagt', { exact: true }).count()).toBe(cancelledBefore);
  });

  test('saves a change to a production and shows field errors from the server next to the field', async () => {
    const { page } = tab;
    await page.getByRole('tab', { name: 'Angaben' }).click();
    const subtitle = page.getByLabel('Untertitel').first();
    await subtitle.fill('Oper in zwei Aufzügen – neu einstudiert');
    await page.getByLabel('Bild-URL').fill('not a url');
    await page.getByRole('button', { name: 'Speichern' }).first().click();
    // The server refuses the image URL and says so under that field, not somewhere else.
    const image = page.getByLabel('Bild-URL');
    await expect.poll(() => image.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await image.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
    expect(errorId).toBeDefined();
    await expect.poll(() => page.locator(`[id="${errorId}"]`).textContent()).not.toBe('');
    await expect.poll(() => labelled(page, 'Untertitel').first().getAttribute('aria-invalid')).not.toBe('true');
    tab.errors.length = 0; // the refused save is a 400 in the console, as it should be
    await page.getByLabel('Bild-URL').fill('');
    await page.getByRole('button', { name: 'Speichern' }).first().click();
    await expect.poll(() => page.getByText('„Die Zauberflöte“ ist gespeichert.').count()).toBe(1);
    await expect.poll(() => image.getAttribute('aria-invalid')).not.toBe('true');
    // The change is stored: a fresh load shows it.
    await page.reload();
    await expect.poll(() => page.getByLabel('Untertitel').first().inputValue()).toBe('Oper in zwei Aufzügen – neu einstudiert');
  });

  test('imports an iCalendar file through the import page and shows the report', async () => {
    const { page } = tab;
    await page.goto('/import');
    await tab.shot('import');
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Browser test//EN',
      'BEGIN:VEVENT',
      'UID:lesung-1@browser.test',
      'SUMMARY:Lesung im Foyer: Nachtgedanken',
      'DTSTART;TZID=Europe/Berlin:20261203T193000',
      'DTEND;TZID=Europe/Berlin:20261203T210000',
      'RRULE:FREQ=WEEKLY;COUNT=3',
      'LOCATION:Spiegelfoyer',
      'CATEGORIES:Lesung',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:abgesagt-1@browser.test',
      'SUMMARY:Jazz im Foyer',
      'DTSTART;TZID=Europe/Berlin:20261205T200000',
      'STATUS:CANCELLED',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:kaputt-1@browser.test',
      'SUMMARY:Ohne Datum',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    await page.locator('input[type="file"]').setInputFiles({ name: 'spielplan.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
    await expect.poll(() => page.getByTestId('import-file-name').textContent()).toBe('spielplan.ics');
    await page.getByRole('button', { name: 'Importieren' }).click();

    const report = page.getByTestId('import-report');
    await expect.poll(() => report.count()).toBe(1);
    await expect.poll(() => page.getByTestId('report-created').textContent()).not.toBe('0');
    await expect.poll(() => page.getByTestId('report-skipped').textContent()).toBe('1');
    await expect.poll(() => page.getByTestId('skipped-table').textContent()).toContain('DTSTART');
    await expect.poll(() => page.getByTestId('import-history').locator('tbody tr').count()).toBe(1);
    await report.scrollIntoViewIfNeeded();
    await tab.shot('import-report');

    // The imported readings are in the programme now.
    await page.goto('/programme/list?from=2026-12-01&q=Nachtgedanken');
    await expect.poll(() => page.getByTestId('performance-table').locator('tbody tr').count()).toBe(3);
  });

  test('shows the settings: house, units, venues and halls, staff, API keys with a key shown once', async () => {
    const { page } = tab;
    await page.goto('/settings/house');
    await expect.poll(() => labelled(page, 'Name des Hauses').inputValue()).toBe('Theater Auenstadt');
    await tab.shot('settings-house');

    await page.goto('/settings/units');
    await expect.poll(() => page.getByText('Junges Theater Auenstadt').count()).toBeGreaterThan(0);
    await tab.shot('settings-units');

    await page.goto('/settings/venues');
    await expect.poll(() => page.getByText('Großes Haus').count()).toBeGreaterThan(0);
    await tab.shot('settings-venues');

    await page.goto('/settings/staff');
    await expect.poll(() => page.getByTestId('staff-table').locator('tbody tr').count()).toBeGreaterThan(1);
    await tab.shot('settings-staff');

    await page.goto('/settings/api-keys');
    await page.getByRole('button', { name: 'Schlüssel erzeugen' }).first().click();
    await labelled(page.getByRole('dialog'), 'Name').fill('Stadtportal');
    await page.getByRole('dialog').getByRole('button', { name: 'Schlüssel erzeugen' }).click();
    await expect.poll(() => page.getByTestId('new-api-key').textContent()).toMatch(/^foyer_key/);
    await tab.shot('settings-api-key-created');
    await page.getByRole('button', { name: 'Fertig' }).click();
    await expect.poll(() => page.getByText('Stadtportal').count()).toBe(1);
    await tab.shot('settings-api-keys');
  });

  test('switches to English and keeps it for the account', async () => {
    const { page } = tab;
    await page.goto(`/programme/calendar?date=${seasonMonth}`);
    await page.getByText('EN', { exact: true }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Calendar' }).count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.getByRole('link', { name: 'Performances' }).count()).toBe(1);
    await tab.shot('calendar-month-en');
    // Reduced tariffs carry their English names too.
    await page.goto('/programme/productions?q=Zauberfl%C3%B6te');
    await page.getByTestId('production-table').getByText('The Magic Flute').click();
    await page.getByRole('tab', { name: /Prices/ }).click();
    await expect.poll(() => page.getByText(/^Reduced /).count()).toBeGreaterThan(0);
    expect(await page.getByText(/^Ermäßigt /).count()).toBe(0);
    await page.getByText('DE', { exact: true }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Kalender' }).count()).toBe(1);
  });

  test('logs out and is back at the login', async () => {
    const { page } = tab;
    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: 'Abmelden' }).click();
    await page.waitForURL('**/login');
    await page.goto('/programme/calendar');
    await page.waitForURL('**/login**');
  });
});
