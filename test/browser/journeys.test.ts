import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { JourneyGraph } from '../../src/campaigns/journeys/definition.ts';
import { callApi, checkAfterTest, closeAll, labelled, launchBrowser, logIn, openPage, type RunningFoyer, startFoyer, type TestPage } from './harness.ts';

/*
 * The journey builder with the demo house: a welcome journey drawn step by step (a mail,
 * two days' wait, "opened the mail?", a tag for yes, a note to the team for no), the
 * problems shown at the steps while it is incomplete and activation held back until
 * none are left, the "no" branch drawn by dragging, then saved, activated and paused.
 */

let running: RunningFoyer;
let browser: Browser;
let tab: TestPage;

interface Journey {
  id: string;
  status: string;
  mode: string;
  trigger: { type: string; segmentId?: string };
  graph: JourneyGraph;
}

beforeAll(async () => {
  running = await startFoyer({ demo: true });
  browser = await launchBrowser();
  tab = await openPage(browser, running.url);
});

afterEach((context) => checkAfterTest(tab, context.task));

afterAll(() => closeAll(tab, browser, running));

async function choose(page: Page, input: Locator, option: string) {
  await input.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Drags from one handle to another the way a person draws an edge. */
async function drag(page: Page, from: Locator, to: Locator) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (a === null || b === null) throw new Error('a handle is not on screen');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + 20, a.y + 40, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
  await page.mouse.up();
}

describe('the journey builder', () => {
  test('draws a welcome journey, holds activation back while problems are left, then saves, activates and pauses it', async () => {
    const { page } = tab;
    await logIn(page);
    const segments = await callApi<{ items: { id: string; name: string }[] }>(tab, 'GET', '/api/segments');
    const segment = segments.items[0];
    expect(segment).toBeDefined();
    const templates = await callApi<{ items: { key: string }[] }>(tab, 'GET', '/api/campaigns/templates');
    const mail = await callApi<{ id: string }>(tab, 'POST', '/api/campaigns/campaigns', { name: 'Willkommen: erste Mail', kind: 'journey', templateKey: templates.items[0]?.key });

    await page.getByRole('link', { name: 'Strecken' }).click();
    await page.waitForURL('**/campaigns/journeys');
    // The demo house already runs the autopilot's journeys; the new one is drawn beside them.
    await expect.poll(() => page.getByText('Autopilot: Dank nach dem Besuch').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Neue Strecke' }).click();
    await page.waitForURL('**/campaigns/journeys/new');

    // A new journey starts with a send step that has no mail yet: a problem, marked at the step.
    const problems = page.getByTestId('journey-problems');
    await expect.poll(() => page.locator('[data-step="action-1"][data-invalid="true"]').count()).toBe(1);
    await expect.poll(() => problems.textContent()).toContain('Unvollständig oder ungültig: action.campaignId');
    const panel = page.getByTestId('step-panel');
    await choose(page, labelled(panel, 'Mail (Strecken-Kampagne)'), 'Willkommen: erste Mail');
    await expect.poll(() => page.locator('[data-step="action-1"][data-invalid="true"]').count()).toBe(0);

    const trigger = page.getByTestId('trigger-editor');
    await choose(page, labelled(trigger, 'Segment'), segment?.name ?? '');

    // Each step from the palette joins the selected one.
    const palette = page.getByRole('toolbar', { name: 'Schritte' });
    await palette.getByRole('button', { name: 'Warten' }).click();
    await labelled(panel, 'Dauer').fill('2');
    await palette.getByRole('button', { name: 'Bedingung' }).click();
    await choose(page, labelled(panel, 'Bedingung'), 'Hat eine Mail der Strecke geöffnet');
    await expect.poll(() => labelled(panel, 'Sende-Schritt').inputValue()).toBe('action-1');
    await palette.getByRole('button', { name: 'Aktion' }).click();
    await choose(page, labelled(panel, 'Aktion'), 'Markierung setzen');
    await labelled(panel, 'Markierung').fill('interessiert');

    // A step that nothing leads to yet: activation is held back.
    await page.locator('.react-flow__pane').click({ position: { x: 600, y: 40 } });
    await palette.getByRole('button', { name: 'Aktion' }).click();
    await choose(page, labelled(panel, 'Aktion'), 'Team benachrichtigen');
    await labelled(panel, 'E-Mail-Adresse').fill('dialog@theater.example');
    await labelled(panel, 'Nachricht').fill('Jemand hat die Willkommensmail nicht geöffnet.');
    await expect.poll(() => problems.textContent()).toContain('Kein Weg führt vom Start zu diesem Schritt');
    await labelled(page, 'Name').fill('Willkommen');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.waitForURL(/\/campaigns\/journeys\/[0-9a-f-]{36}$/);
    const activate = page.getByRole('button', { name: 'Aktivieren' });
    await expect.poll(() => activate.isDisabled()).toBe(true);
    await tab.shot('journey-builder-problems');

    // The "no" way out drawn by dragging to the lonely step.
    await page.locator('.react-flow__controls-fitview').click();
    await drag(page, page.locator('[data-step="condition-1"]').locator('..').locator('.react-flow__handle.source[data-handleid="no"]'), page.locator('[data-step="action-3"]').locator('..').locator('.react-flow__handle.target'));
    await expect.poll(() => problems.textContent()).toContain('Bereit zum Aktivieren');
    await expect.poll(() => activate.isEnabled()).toBe(true);
    await tab.shot('journey-builder-ready');

    await activate.click();
    await expect.poll(() => page.getByTestId('journey-status').first().textContent()).toBe('Aktiv');
    const id = page.url().split('/').pop() ?? '';
    const journey = await callApi<Journey>(tab, 'GET', `/api/campaigns/journeys/${id}`);
    expect(journey.status).toBe('active');
    expect(journey.mode).toBe('approval');
    expect(journey.trigger).toEqual({ type: 'segment_entry', segmentId: segment?.id, includeCurrent: false });
    expect(journey.graph.start).toBe('action-1');
    expect(journey.graph.nodes.find((node) => node.id === 'action-1')).toMatchObject({ action: { kind: 'send_email', campaignId: mail.id } });
    expect(journey.graph.nodes.find((node) => node.id === 'wait-1')).toMatchObject({ wait: { kind: 'duration', minutes: 2 * 24 * 60 } });
    expect(journey.graph.nodes.find((node) => node.id === 'condition-1')).toMatchObject({ condition: { kind: 'opened', nodeId: 'action-1' } });
    expect(new Set(journey.graph.edges.map((edge) => `${edge.from}>${edge.branch ?? ''}>${edge.to}`))).toEqual(
      new Set(['action-1>>wait-1', 'wait-1>>condition-1', 'condition-1>yes>action-2', 'condition-1>no>action-3']),
    );
    // Running: the steps show their counts, and the drawing is read-only.
    await expect.poll(() => page.getByTestId('step-counts').count()).toBe(5);
    expect(await page.getByRole('toolbar', { name: 'Schritte' }).count()).toBe(0);
    await tab.shot('journey-builder-active');

    await page.getByRole('button', { name: 'Pausieren' }).click();
    await expect.poll(() => page.getByTestId('journey-status').first().textContent()).toBe('Pausiert');
    await page.getByRole('link', { name: 'Strecken' }).first().click();
    const row = page.getByTestId('journey-table').getByRole('row').filter({ hasText: 'Willkommen' });
    await expect.poll(() => row.getByText('Mit Freigabe').isVisible()).toBe(true);
    expect(await row.getByTestId('journey-status').textContent()).toBe('Pausiert');
  });
});
