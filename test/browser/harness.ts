import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createFoyer, type Foyer } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { DEMO_PASSWORD, seedDemoHouse } from '../../src/demo/seed.ts';

/*
 * The browser tests drive a real Foyer (the built web app in web/dist, the API, a
 * SQLite file) through Debian's headless Chromium, the way a person at the box office
 * would use it.
 */

export const SHOTS = '/tmp/foyer-shots';
export const DEMO_OWNER = { email: 'demo@foyer.local', password: DEMO_PASSWORD };

const CHROMIUM = process.env.FOYER_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface RunningFoyer {
  foyer: Foyer;
  url: string;
  close(): Promise<void>;
}

/**
 * Starts Foyer on a fresh SQLite file at 127.0.0.1 on a free port, with the demo house or
 * empty; `environment` adds settings (FOYER_SMTP_URL, …).
 */
export async function startFoyer(options: { demo: boolean; environment?: Record<string, string> }): Promise<RunningFoyer> {
  const directory = mkdtempSync(join(tmpdir(), 'foyer-browser-'));
  const config = loadConfig({
    FOYER_DATABASE_URL: `sqlite:${join(directory, 'foyer.db')}`,
    FOYER_DATA_DIR: directory,
    FOYER_LOG_LEVEL: 'silent',
    ...options.environment,
  });
  const foyer = await createFoyer({ config });
  await foyer.http.listen({ host: '127.0.0.1', port: 0 });
  const { port } = foyer.http.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  if (options.demo) await seedDemoHouse(foyer, { imageBaseUrl: url });
  return {
    foyer,
    url,
    async close() {
      await foyer.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen so far; tests expect none. */
  errors: string[];
  shot(name: string): Promise<void>;
}

/**
 * A German-speaking browser in another time zone than the house (New York): every time
 * on screen must still be the house's local time.
 */
export async function openPage(browser: Browser, url: string): Promise<TestPage> {
  const context = await browser.newContext({
    baseURL: url,
    viewport: { width: 1440, height: 900 },
    locale: 'de-DE',
    timezoneId: 'America/New_York',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  return {
    context,
    page,
    errors,
    async shot(name) {
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
    },
  };
}

/** An input by its label exactly, whether or not the label carries the required asterisk. */
export function labelled(scope: Pick<Page, 'getByLabel'>, label: string) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}

export async function logIn(page: Page, account = DEMO_OWNER): Promise<void> {
  await page.goto('/login');
  await labelled(page, 'E-Mail-Adresse').fill(account.email);
  await labelled(page, 'Passwort').fill(account.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL('**/programme/calendar');
}

/** The staff API with the logged-in session of the browser: its cookie and its CSRF token. */
export async function callApi<T>(tab: TestPage, method: string, path: string, body?: unknown): Promise<T> {
  const cookies = await tab.context.cookies();
  const csrf = cookies.find((cookie) => cookie.name === 'foyer_csrf')?.value ?? '';
  const response = await tab.page.request.fetch(path, { method, headers: { 'x-csrf-token': csrf }, ...(body === undefined ? {} : { data: body }) });
  const text = await response.text();
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/**
 * After each test: a screenshot when it failed, and every screen must have loaded
 * without a console error or an uncaught exception.
 */
export async function checkAfterTest(tab: TestPage, test: { name: string; result?: { state?: string } }): Promise<void> {
  if (test.result?.state === 'fail') await tab.shot(`failed-${test.name.slice(0, 40).replace(/[^a-z]+/gi, '-')}`);
  expect(tab.errors).toEqual([]);
  tab.errors.length = 0;
}

/** After all tests: the page, the browser and Foyer, whichever of them were started. */
export async function closeAll(tab: TestPage | undefined, browser: Browser | undefined, running: RunningFoyer | undefined): Promise<void> {
  await tab?.context.close();
  await browser?.close();
  await running?.close();
}
