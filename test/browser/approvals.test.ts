import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { journeyStepJob } from '../../src/campaigns/journeys/engine.ts';
import { journeyTriggersJob } from '../../src/campaigns/journeys/triggers.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../src/core/mail/testing.ts';
import { callApi, checkAfterTest, closeAll, DEMO_OWNER, labelled, launchBrowser, logIn, openPage, type RunningFoyer, startFoyer, type TestPage } from './harness.ts';

/*
 * What waits for a person before it goes out, in the demo house: a newsletter that an
 * API key without campaigns:approve scheduled, approved by the owner; the Junges
 * Theater's letter, seen by its coordinator and approved by the house; and the mails of a
 * journey in approval mode, held one per person and approved in bulk. Then the house's
 * sending rules (frequency cap, quiet hours) saved in Settings.
 */

let running: RunningFoyer;
let browser: Browser;
let tab: TestPage;
let smtp: TestSmtpServer;

interface Approvals {
  messages: { id: string }[];
  campaigns: { id: string; name: string }[];
}

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  running = await startFoyer({ demo: true, environment: { FOYER_SMTP_URL: smtp.url, FOYER_JOBS_POLL_MS: '50' } });
  await running.foyer.startWorker();
  browser = await launchBrowser();
  tab = await openPage(browser, running.url);
});

afterEach((context) => checkAfterTest(tab, context.task));

afterAll(async () => {
  await closeAll(tab, browser, running);
  await smtp?.close();
});

async function smallestSegment(): Promise<{ id: string; name: string; count: number }> {
  const segments = await callApi<{ items: { id: string; name: string }[] }>(tab, 'GET', '/api/segments');
  const sized = await Promise.all(segments.items.map(async (segment) => ({ ...segment, count: (await callApi<{ count: number }>(tab, 'GET', `/api/segments/${segment.id}/count`)).count })));
  const smallest = sized.filter((item) => item.count > 0).sort((a, b) => a.count - b.count)[0];
  if (smallest === undefined) throw new Error('the demo house has no segment with members');
  return smallest;
}

describe('approvals', () => {
  test('approves a newsletter that an API key sent for approval', async () => {
    const { page } = tab;
    await logIn(page);
    const segment = await smallestSegment();
    const templates = await callApi<{ items: { key: string; kind: string }[] }>(tab, 'GET', '/api/campaigns/templates');
    const key = await callApi<{ key: string }>(tab, 'POST', '/api/api-keys', { name: 'Agentur', scopes: ['campaigns:write'] });
    const asAgency = async <T>(method: string, path: string, body?: unknown) => {
      const response = await page.request.fetch(path, { method, headers: { authorization: `Bearer ${key.key}` }, ...(body === undefined ? {} : { data: body }) });
      expect(response.ok(), await response.text()).toBe(true);
      return (await response.json()) as T;
    };
    const created = await asAgency<{ id: string }>('POST', '/api/campaigns/campaigns', {
      name: 'Agentur-Newsletter',
      kind: 'newsletter',
      templateKey: templates.items.find((template) => template.kind === 'marketing')?.key,
      segmentId: segment.id,
    });
    const scheduled = await asAgency<{ status: string }>('POST', `/api/campaigns/campaigns/${created.id}/schedule`, { at: new Date(Date.now() + 7 * 86_400_000).toISOString() });
    expect(scheduled.status).toBe('awaiting_approval');

    await page.getByRole('link', { name: 'Freigaben' }).click();
    await page.waitForURL('**/campaigns/approvals');
    const table = page.getByTestId('approval-campaigns');
    await expect.poll(() => table.getByText('Agentur-Newsletter').isVisible()).toBe(true);
    await tab.shot('approvals-newsletter');
    await table.getByRole('button', { name: '„Agentur-Newsletter“ freigeben' }).click();
    await expect.poll(() => page.getByText('„Agentur-Newsletter“ ist freigegeben').isVisible()).toBe(true);
    expect((await callApi<{ status: string }>(tab, 'GET', `/api/campaigns/campaigns/${created.id}`)).status).toBe('scheduled');
  });

  test('shows the Junges Theater’s coordinator the unit’s letter waiting, and the house approves it', async () => {
    const { page } = tab;
    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: 'Abmelden' }).click();
    await page.waitForURL('**/login');
    await logIn(page, { email: 'schule@foyer.local', password: DEMO_OWNER.password });
    // The autopilot belongs to the whole house: not in the coordinator's menu.
    await expect.poll(() => page.getByRole('link', { name: 'Strecken' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Autopilot' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Freigaben' }).click();
    await page.waitForURL('**/campaigns/approvals');
    const table = page.getByTestId('approval-campaigns');
    await expect.poll(() => table.getByText('Schulbrief: neu im Jungen Theater').isVisible()).toBe(true);
    // Only the unit's own, and nothing can be approved here.
    expect(await table.locator('tbody tr').count()).toBe(1);
    expect(await table.getByRole('button', { name: '„Schulbrief: neu im Jungen Theater“ freigeben' }).count()).toBe(0);
    await tab.shot('approvals-unit-coordinator');

    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: 'Abmelden' }).click();
    await page.waitForURL('**/login');
    await logIn(page);
    await page.getByRole('link', { name: 'Freigaben' }).click();
    await page.waitForURL('**/campaigns/approvals');
    await page.getByTestId('approval-campaigns').getByRole('button', { name: '„Schulbrief: neu im Jungen Theater“ freigeben' }).click();
    await expect.poll(() => page.getByText('„Schulbrief: neu im Jungen Theater“ ist freigegeben').isVisible()).toBe(true);
  });

  test('approves the held mails of a journey in approval mode in bulk', async () => {
    const { page } = tab;
    const segment = await smallestSegment();
    const templates = await callApi<{ items: { key: string; kind: string }[] }>(tab, 'GET', '/api/campaigns/templates');
    const mail = await callApi<{ id: string }>(tab, 'POST', '/api/campaigns/campaigns', {
      name: 'Begrüßung',
      kind: 'journey',
      templateKey: templates.items.find((template) => template.kind === 'marketing')?.key,
    });
    const journey = await callApi<{ id: string }>(tab, 'POST', '/api/campaigns/journeys', {
      name: 'Begrüßung mit Freigabe',
      mode: 'approval',
      trigger: { type: 'segment_entry', segmentId: segment.id, includeCurrent: true },
      graph: { start: 'send', nodes: [{ id: 'send', type: 'action', action: { kind: 'send_email', campaignId: mail.id } }], edges: [] },
    });
    await callApi(tab, 'POST', `/api/campaigns/journeys/${journey.id}/activate`);
    // The trigger scan and the engine run every minute; here they are asked at once.
    await running.foyer.jobs.enqueue(journeyTriggersJob, {});
    await expect.poll(async () => (await callApi<{ items: { counts: { waiting: number } }[] }>(tab, 'GET', '/api/campaigns/journeys')).items[0]?.counts.waiting ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
    await running.foyer.jobs.enqueue(journeyStepJob, {});
    await expect.poll(async () => (await callApi<Approvals>(tab, 'GET', '/api/campaigns/approvals')).messages.length, { timeout: 30_000 }).toBe(segment.count);

    await page.reload();
    const held = page.getByTestId('approval-messages');
    await expect.poll(() => held.locator('tbody tr').count()).toBe(segment.count);
    await labelled(held, 'Alle auswählen').check();
    await tab.shot('approvals-held');
    await page.getByRole('button', { name: `${segment.count} freigeben` }).click();
    await expect.poll(() => page.getByText(`${segment.count} freigegeben, 0 abgelehnt`).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Nichts wartet').isVisible()).toBe(true);
    expect((await callApi<Approvals>(tab, 'GET', '/api/campaigns/approvals')).messages).toEqual([]);
  });

  test('saves the house’s frequency cap and quiet hours', async () => {
    const { page } = tab;
    await page.getByRole('link', { name: 'Versand' }).click();
    await page.waitForURL('**/settings/sending');
    await labelled(page, 'Mails').fill('3');
    await labelled(page, 'innerhalb von Tagen').fill('14');
    await labelled(page, 'Von').fill('21:30');
    await labelled(page, 'Bis').fill('08:00');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => page.getByText('Versandregeln gespeichert').isVisible()).toBe(true);
    expect(await callApi(tab, 'GET', '/api/campaigns/settings')).toEqual({ frequencyCap: 3, frequencyDays: 14, quietStart: '21:30', quietEnd: '08:00' });
    await tab.shot('settings-sending');
  });
});
