import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { callApi, checkAfterTest, closeAll, labelled, launchBrowser, logIn, openPage, type RunningFoyer, startFoyer, type TestPage } from './harness.ts';

/*
 * The audience screens with the demo house: a marketer finds contacts, looks at one with
 * their consents and history, and builds a segment whose size is counted while she
 * builds it. The people are made through the API first (the demo house may have none),
 * with a production of their own, so that the expected count does not depend on
 * whatever audience the demo house brings.
 */

let running: RunningFoyer;
let browser: Browser;
let tab: TestPage;

interface Person {
  id: string;
  email: string;
}

const people: Record<'anna' | 'ben' | 'clara' | 'david', Person> = {
  anna: { id: '', email: 'anna.segment@example.org' },
  ben: { id: '', email: 'ben.segment@example.org' },
  clara: { id: '', email: 'clara.segment@example.org' },
  david: { id: '', email: 'david.segment@example.org' },
};
const PRODUCTION_TITLE = 'Die Möwe (Segmenttest)';

const call = <T>(method: string, path: string, body?: unknown) => callApi<T>(tab, method, path, body);

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** Four people, a production with two past performances, and who went to it how often. */
async function makeAudience(): Promise<void> {
  const production = await call<{ id: string }>('POST', '/api/productions', { title: { de: PRODUCTION_TITLE, en: 'The Seagull (segment test)' }, genres: ['drama'] });
  const first = await call<{ id: string }>('POST', '/api/performances', { productionId: production.id, startsAt: daysAgo(60) });
  const second = await call<{ id: string }>('POST', '/api/performances', { productionId: production.id, startsAt: daysAgo(30) });
  const person = async (key: keyof typeof people, fields: Record<string, unknown>, purposes: string[], visits: { id: string }[]) => {
    const contact = await call<{ id: string }>('POST', '/api/contacts', { email: people[key].email, ...fields });
    people[key].id = contact.id;
    for (const purpose of purposes) await call('POST', `/api/contacts/${contact.id}/consents`, { purpose, source: 'box_office' });
    for (const performance of visits) {
      await call('POST', `/api/contacts/${contact.id}/interactions`, { kind: 'attendance', occurredAt: daysAgo(25), productionId: production.id, performanceId: performance.id });
    }
  };
  // Attendance is read with consent for recommendations (or ticketing, or analysis): all who went have it.
  await person('anna', { name: 'Anna Segmenta', language: 'de', postalCode: '10115' }, ['newsletter', 'recommendations'], [first, second]);
  await person('ben', { name: 'Ben Segmentin', language: 'de' }, ['newsletter', 'recommendations'], [first]);
  await person('clara', { name: 'Clara Segment', language: 'en' }, ['recommendations'], [first, second]);
  await person('david', { name: 'David Segmentis', language: 'de' }, ['newsletter'], []);
}

beforeAll(async () => {
  running = await startFoyer({ demo: true });
  browser = await launchBrowser();
  tab = await openPage(browser, running.url);
});

afterEach((context) => checkAfterTest(tab, context.task));

afterAll(() => closeAll(tab, browser, running));

describe('the audience screens with the demo house', () => {
  test('find a contact by name and show the consents with their expiry and the history', async () => {
    const { page } = tab;
    await logIn(page);
    await makeAudience();

    await page.getByRole('link', { name: 'Kontakte', exact: true }).click();
    await page.waitForURL('**/audience/contacts');
    await page.getByLabel('Suche').fill('segment');
    const rows = page.getByTestId('contact-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    await tab.shot('audience-contacts');

    await page.getByRole('link', { name: 'Anna Segmenta' }).click();
    await page.waitForURL(`**/audience/contacts/${people.anna.id}`);
    await expect.poll(() => labelled(page, 'E-Mail-Adresse').inputValue()).toBe(people.anna.email);
    // A consent recorded today lasts 24 months by default: its end is shown, prominently.
    await expect.poll(() => page.getByTestId('consent-newsletter-expiry').textContent()).toMatch(/^Gültig bis /);
    await expect.poll(() => page.getByTestId('timeline').getByText(PRODUCTION_TITLE, { exact: false }).count()).toBe(2);
    await tab.shot('audience-contact');
  });

  test('builds a segment whose live count follows every condition, and saves it', async () => {
    const { page } = tab;
    await page.getByRole('link', { name: 'Segmente', exact: true }).click();
    await page.waitForURL('**/audience/segments');
    await page.getByRole('link', { name: 'Neues Segment' }).click();
    await page.waitForURL('**/audience/segments/new');
    await expect.poll(() => page.getByText('Fügen Sie eine Bedingung hinzu, dann zählt Foyer mit.').count()).toBe(1);

    // Language: German. The count must be what the server counts for that rule.
    await page.getByRole('button', { name: 'Bedingung hinzufügen', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Sprache' }).click();
    const germanSpeakers = await call<{ count: number }>('POST', '/api/segments/count', { rules: { all: [{ language: ['de'] }] } });
    expect(germanSpeakers.count).toBeGreaterThanOrEqual(3);
    const count = page.getByTestId('segment-count');
    // The builder shows counts in the German way (1.340): compare with the same formatting.
    await expect.poll(() => count.textContent()).toBe(germanSpeakers.count.toLocaleString('de-DE'));
    await tab.shot('segment-builder-language');

    // And: went to the test production at least twice in the last 12 months. Only Anna.
    await page.getByRole('button', { name: 'Bedingung hinzufügen', exact: true }).click();
    await page.getByRole('menuitem', { name: 'War zu Besuch' }).click();
    const behaviour = page.getByTestId('rule-condition').nth(1);
    await labelled(behaviour, 'Mindestens').fill('2');
    await labelled(behaviour, 'Wovon').click();
    await page.getByRole('option', { name: 'Produktion', exact: true }).click();
    await labelled(behaviour, 'Produktion').click();
    await labelled(behaviour, 'Produktion').fill('Möwe');
    await page.getByRole('option', { name: PRODUCTION_TITLE }).click();
    await labelled(behaviour, 'In den letzten').fill('12');
    await expect.poll(() => count.textContent()).toBe('1');
    // Anna may be reached for the newsletter, not by post; asked for examples, the builder names her.
    await expect.poll(() => page.getByTestId('segment-reachable-newsletter').textContent()).toBe('1');
    await expect.poll(() => page.getByTestId('segment-reachable-post_phone').textContent()).toBe('0');
    expect(await page.getByTestId('segment-sample').count()).toBe(0);
    await page.getByRole('switch', { name: 'Beispiele zeigen' }).check();
    await expect.poll(() => page.getByTestId('segment-sample').getByText('Anna Segmenta').count()).toBe(1);
    await tab.shot('segment-builder-behaviour');

    await page.getByRole('button', { name: 'Segment speichern' }).click();
    const dialog = page.getByRole('dialog');
    await labelled(dialog, 'Name').fill('Treue Möwe-Fans');
    await labelled(dialog, 'Beschreibung').fill('Zweimal in der Möwe, deutschsprachig');
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => page.getByText('„Treue Möwe-Fans“ ist gespeichert.').count()).toBe(1);
    await page.waitForURL(/\/audience\/segments\/[0-9a-f-]{36}$/);

    await page.getByRole('link', { name: 'Segmente', exact: true }).first().click();
    await page.waitForURL('**/audience/segments');
    const saved = page.getByTestId('segment-table').locator('tbody tr').filter({ hasText: 'Treue Möwe-Fans' });
    await expect.poll(() => saved.count()).toBe(1);
    await tab.shot('segments-list');

    // Opened again, the tree is as it was saved, and it counts the same.
    await saved.click();
    await expect.poll(() => page.getByTestId('rule-condition').count()).toBe(2);
    await expect.poll(() => count.textContent()).toBe('1');
  });

  test('shows a refused condition at the node it belongs to', async () => {
    const { page } = tab;
    await page.goto('/audience/segments/new');
    await page.getByRole('button', { name: 'Bedingung hinzufügen', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Postleitzahl beginnt mit' }).click();
    const condition = page.getByTestId('rule-condition').first();
    // A prefix the server refuses: it names rules.all[0].postcode[0], and the message shows in that condition.
    await labelled(condition, 'Postleitzahl beginnt mit').fill('10-1');
    await labelled(condition, 'Postleitzahl beginnt mit').press('Enter');
    await expect.poll(() => condition.getByRole('alert').textContent()).toContain('postcode prefix');
    expect(await page.getByTestId('rule-condition').count()).toBe(1);
    await tab.shot('segment-builder-refused');
    tab.errors.length = 0; // the refused count is a 400 in the console, as it should be
  });

  test('keeps a static list filled from a CSV of addresses, and reports the unknown ones', async () => {
    const { page } = tab;
    await page.goto('/audience/segments');
    await page.getByRole('button', { name: 'Neue feste Liste' }).click();
    const dialog = page.getByRole('dialog');
    await labelled(dialog, 'Name').fill('Gäste der Premiere');
    await dialog.getByRole('button', { name: 'Liste anlegen' }).click();
    await page.waitForURL(/\/audience\/segments\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByText('Die Liste ist leer').count()).toBe(1);

    const csv = ['E-Mail;Name', `${people.ben.email};Ben`, `${people.clara.email.toUpperCase()};Clara`, 'niemand@example.org;Niemand', ''].join('\n');
    await page.locator('input[type="file"]').setInputFiles({ name: 'premiere.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect.poll(() => page.getByTestId('static-list-file').textContent()).toBe('premiere.csv');
    await page.getByRole('button', { name: 'Hinzufügen' }).click();
    await expect.poll(() => page.getByTestId('static-list-result').textContent()).toContain('2 hinzugefügt');
    await expect.poll(() => page.getByTestId('static-list-result').textContent()).toContain('niemand@example.org');
    await expect.poll(() => page.getByTestId('static-list-members').locator('tbody tr').count()).toBe(2);
    await tab.shot('static-list');
  });

  test('downloads a person\'s data, erases the person after the address is typed, and lists both requests', async () => {
    const { page } = tab;
    await page.goto(`/audience/contacts/${people.david.id}`);
    await expect.poll(() => labelled(page, 'E-Mail-Adresse').inputValue()).toBe(people.david.email);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Daten herunterladen' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.json$/);

    await page.getByRole('button', { name: 'Aktionen' }).click();
    await page.getByRole('menuitem', { name: 'Person löschen …' }).click();
    const dialog = page.getByRole('dialog');
    const erase = dialog.getByRole('button', { name: 'Endgültig löschen' });
    await labelled(dialog, 'E-Mail-Adresse zur Bestätigung').fill('someone.else@example.org');
    await labelled(dialog, 'Grund').fill('Löschwunsch per Brief');
    expect(await erase.isDisabled()).toBe(true);
    await labelled(dialog, 'E-Mail-Adresse zur Bestätigung').fill(people.david.email.toUpperCase());
    await tab.shot('contact-erase');
    await erase.click();
    await page.waitForURL('**/audience/contacts');
    await expect.poll(() => page.getByText('Die Person ist gelöscht.').count()).toBe(1);

    await page.goto('/audience/privacy-requests');
    const rows = page.getByTestId('privacy-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => rows.first().textContent()).toContain('Löschung');
    await expect.poll(() => rows.first().textContent()).toContain('Löschwunsch per Brief');
    await tab.shot('privacy-requests');

    await page.goto('/audience/audit?action=contact.erased');
    await expect.poll(() => page.getByTestId('audit-table').locator('tbody tr').count()).toBe(1);
    await tab.shot('audit-log');
  });
});
