import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createFoyer, type Foyer } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../core/testing/app.ts';
import { testEngine, testPostgresUrl } from '../core/testing/database.ts';
import type { Order } from './schemas.ts';
import { type Bookable, buyer, seedBookable } from './test-fixtures.ts';

/*
 * "It must never sell a seat twice and never lose an order, whatever the load": hundreds
 * of bookings at once over real HTTP at one nearly sold-out performance, first against
 * one process, then against two `foyer serve` processes on the same database (two
 * processes on one SQLite file, or two on PostgreSQL). Afterwards the database must hold
 * exactly the accepted orders with all their tickets, no more seats than the capacity,
 * and counters that agree with the tickets; every refusal must be a sold-out answer.
 */

const CAPACITY = 120;
const PRESOLD = 90;
const CLIENTS = 300;

interface Outcome {
  status: number;
  quantity: number;
  order?: Order;
  code?: string;
}

/** One visitor: books 1 to 3 seats, retrying once after a busy answer as the widget does. */
async function book(baseUrl: string, houseSlug: string, b: Bookable, index: number): Promise<Outcome> {
  const quantity = 1 + (index % 3);
  const body = JSON.stringify({ items: [{ performanceId: b.performance.id, priceCategoryId: index % 2 === 0 ? b.stalls.id : b.balcony.id, quantity }], buyer, paymentMethod: 'invoice' });
  const headers = { 'content-type': 'application/json', 'idempotency-key': `race-${index}` };
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${baseUrl}/public/houses/${houseSlug}/orders`, { method: 'POST', headers, body });
    const json = (await response.json()) as Order | { error: { code: string } };
    if (response.status === 503 && attempt < 3) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    return 'error' in json ? { status: response.status, quantity, code: json.error.code } : { status: response.status, quantity, order: json };
  }
}

async function fireAll(urls: readonly string[], houseSlug: string, b: Bookable): Promise<Outcome[]> {
  return Promise.all(Array.from({ length: CLIENTS }, (_, index) => book(urls[index % urls.length] ?? '', houseSlug, b, index)));
}

/** PRESOLD seats at the desk, in orders of 18. */
async function presell(foyer: Foyer, houseId: string, b: Bookable): Promise<void> {
  for (let sold = 0; sold < PRESOLD; sold += 18) {
    const quantity = Math.min(18, PRESOLD - sold);
    await foyer.services.ticketing.sellAtDesk({ houseId, unitId: null }, { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity }], paymentMethod: 'cash' }, { actor: 'test' });
  }
}

/** Everything the database holds about the performance after the storm. */
async function checkBooks(foyer: Foyer, b: Bookable, outcomes: readonly Outcome[]): Promise<void> {
  const accepted = outcomes.filter((o) => o.status === 201);
  const refused = outcomes.filter((o) => o.status !== 201);
  for (const o of refused) expect({ status: o.status, code: o.code }).toEqual({ status: 409, code: 'sold_out' });
  for (const o of accepted) expect(o.order?.tickets).toHaveLength(o.quantity);
  const soldNow = accepted.reduce((sum, o) => sum + o.quantity, 0);
  expect(PRESOLD + soldNow).toBeLessThanOrEqual(CAPACITY);
  // Demand was four times the seats: only leftovers too small for any request may remain.
  expect(CAPACITY - PRESOLD - soldNow).toBeLessThan(3);
  expect(refused.length).toBeGreaterThan(0);

  const { db } = foyer.database;
  const tickets = await db.selectFrom('ticket').select(['order_id', 'code']).where('performance_id', '=', b.performance.id).where('state', '=', 'valid').execute();
  expect(tickets).toHaveLength(PRESOLD + soldNow);
  expect(new Set(tickets.map((t) => t.code)).size).toBe(tickets.length);
  const orders = await db.selectFrom('ticket_order').select(['id']).execute();
  expect(orders).toHaveLength(accepted.length + Math.ceil(PRESOLD / 18));
  const stored = new Set(orders.map((o) => o.id));
  for (const o of accepted) expect(stored.has(o.order?.id ?? '')).toBe(true);
  const capacity = await db.selectFrom('ticket_quota').select(['size', 'sold', 'pending']).where('performance_id', '=', b.performance.id).where('key', '=', 'capacity').executeTakeFirstOrThrow();
  expect(Number(capacity.sold) + Number(capacity.pending)).toBe(tickets.length);
  expect(Number(capacity.size)).toBe(CAPACITY);
}

describe('never oversold, never lost', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it(`takes ${CLIENTS} concurrent bookings over HTTP for the last ${CAPACITY - PRESOLD} seats in one process`, async () => {
    t = await createTestApp({ env: { FOYER_BOOKING_LIMIT_PER_IP: '1000000' } });
    const b = await seedBookable(t, { capacity: CAPACITY });
    await presell(t.foyer, t.house.id, b);
    await t.foyer.http.listen({ host: '127.0.0.1', port: 0 });
    const address = t.foyer.http.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const outcomes = await fireAll([`http://127.0.0.1:${port}`], t.house.slug, b);
    await checkBooks(t.foyer, b, outcomes);
  });
});

// ---------- two server processes on one database ----------

const bin = fileURLToPath(new URL('../../bin/foyer.js', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function serve(databaseUrl: string): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [bin, 'serve', '--no-worker', '--port', String(port)], {
    env: { ...process.env, FOYER_DATABASE_URL: databaseUrl, FOYER_LOG_LEVEL: 'warn', FOYER_BOOKING_LIMIT_PER_IP: '1000000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`foyer serve did not start: ${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Foyer is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) => reject(new Error(`foyer serve exited with ${code}: ${output}`)));
  });
  return { url: `http://127.0.0.1:${port}`, process: child };
}

describe('never oversold with two server processes on one database', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it(`takes ${CLIENTS} concurrent bookings spread over two foyer serve processes (${testEngine})`, { timeout: 180_000 }, async () => {
    let databaseUrl: string;
    if (testEngine === 'postgres') {
      const name = `foyer_race_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: testPostgresUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(testPostgresUrl);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
      cleanups.push(async () => {
        const dropper = new pg.Client({ connectionString: testPostgresUrl });
        await dropper.connect();
        await dropper.query(`drop database if exists ${name} with (force)`);
        await dropper.end();
      });
    } else {
      const folder = mkdtempSync(join(tmpdir(), 'foyer-race-'));
      databaseUrl = `sqlite:${join(folder, 'foyer.db')}`;
      cleanups.push(async () => rmSync(folder, { recursive: true, force: true }));
    }
    const foyer = await createFoyer({ config: loadConfig({ FOYER_DATABASE_URL: databaseUrl, FOYER_LOG_LEVEL: 'silent' }) });
    cleanups.push(() => foyer.close());
    const house = await insertTestHouse(foyer);
    // These processes run on the real clock.
    const b = await seedBookable({ foyer, house }, { capacity: CAPACITY, startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    await presell(foyer, house.id, b);
    const servers = [await serve(databaseUrl), await serve(databaseUrl)];
    for (const server of servers) cleanups.push(async () => void server.process.kill('SIGTERM'));
    const outcomes = await fireAll(
      servers.map((s) => s.url),
      house.slug,
      b,
    );
    await checkBooks(foyer, b, outcomes);
  });
});
