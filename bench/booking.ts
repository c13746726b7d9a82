/*
 * Bookings for one hot performance over HTTP. Targets (issue 4): on SQLite, 200
 * concurrent clients, at least 2,000 confirmed bookings per second sustained, zero
 * oversold, zero lost; on PostgreSQL with two server processes, the figure and zero
 * oversold.
 *
 *   npm run bench -- booking [--engine sqlite|postgres] [--seconds 10] [--clients 200]
 *                            [--servers 1|2] [--worker]
 *
 * Seeds a house with one performance into a temporary SQLite file (or a fresh PostgreSQL
 * database on 127.0.0.1), starts the server(s) as child processes (`foyer serve`'s
 * composition), and drives them with autocannon: every request is a whole booking,
 * POST /public/houses/:slug/orders with its own Idempotency-Key, one ticket, pay at the
 * box office. Two phases:
 *   1. sustained: a performance with seats to spare, for --seconds; confirmed bookings
 *      per second and latency;
 *   2. sell-out: a performance with 2,000 seats and 5,000 requests; every seat sold
 *      exactly once, every other answer sold_out.
 * After each phase the database is read back: every 201 has its order and ticket, the
 * quota counters equal the tickets, nothing above capacity. Without --worker the job
 * worker does not run during the load (the confirmation mails and timeline entries wait
 * in the queue, as with `foyer serve --no-worker` plus a separate `foyer worker`); the
 * figure reports how many jobs were queued. Prints one JSON line per phase.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { createFoyer, type Foyer } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { insertTestHouse } from '../src/core/testing/app.ts';

const houseSlug = 'hot-house';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}
const flag = (name: string) => process.argv.includes(`--${name}`);

function config(databaseUrl: string) {
  return loadConfig({
    FOYER_DATABASE_URL: databaseUrl,
    FOYER_LOG_LEVEL: 'error',
    FOYER_BOOKING_LIMIT_PER_IP: '100000000',
  });
}

// ---------- a server (child process) ----------

async function serve(databaseUrl: string, worker: boolean): Promise<void> {
  process.once('SIGTERM', () => process.exit(0));
  const foyer = await createFoyer({ config: config(databaseUrl) });
  if (worker) await foyer.startWorker();
  await foyer.http.listen({ host: '127.0.0.1', port: 0 });
  const address = foyer.http.server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
}

interface Started {
  child: ChildProcess;
  port: number;
}

function start(databaseUrl: string, worker: boolean): Promise<Started> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), 'serve', databaseUrl, worker ? 'worker' : 'no-worker'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const parsed: unknown = line.startsWith('{') ? JSON.parse(line) : null;
      if (typeof parsed === 'object' && parsed !== null && 'port' in parsed && typeof parsed.port === 'number') resolve({ child, port: parsed.port });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function stop(started: Started): Promise<void> {
  if (started.child.exitCode !== null) return;
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.kill('SIGTERM');
  await exited;
}

// ---------- seeding and checking ----------

async function seedPerformance(foyer: Foyer, houseId: string, capacity: number) {
  const { catalogue } = foyer.services;
  const scope = { houseId, unitId: null };
  const venue = await catalogue.createVenue(scope, { name: 'Opernhaus', city: 'Auenstadt', country: 'DE' });
  const hall = await catalogue.createHall(scope, { venueId: venue.id, name: `Großes Haus ${capacity}`, capacity });
  const production = await catalogue.createProduction(scope, { title: { de: 'Die Zauberflöte', en: 'The Magic Flute' }, genres: ['opera'] });
  const performance = await catalogue.createPerformance(scope, { productionId: production.id, startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), hallId: hall.id });
  const category = await catalogue.createPriceCategory(scope, { productionId: production.id, code: 'I', name: { de: 'Parkett' }, amountMinor: 4800 });
  return { performanceId: performance.id, categoryId: category.id };
}

async function readBack(foyer: Foyer, performanceId: string) {
  const { db } = foyer.database;
  const tickets = await db.selectFrom('ticket').select((eb) => eb.fn.countAll<number>().as('n')).where('performance_id', '=', performanceId).executeTakeFirstOrThrow();
  const orders = await db
    .selectFrom('ticket_order')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.exists(eb.selectFrom('ticket').select('ticket.id').whereRef('ticket.order_id', '=', 'ticket_order.id').where('ticket.performance_id', '=', performanceId)))
    .executeTakeFirstOrThrow();
  const quota = await db.selectFrom('ticket_quota').select(['size', 'sold', 'pending']).where('performance_id', '=', performanceId).where('key', '=', 'capacity').executeTakeFirstOrThrow();
  const jobs = await db.selectFrom('job').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst().catch(() => undefined);
  return { tickets: Number(tickets.n), orders: Number(orders.n), size: Number(quota.size), counted: Number(quota.sold) + Number(quota.pending), jobsInSqliteQueue: jobs === undefined ? null : Number(jobs.n) };
}

// ---------- the load ----------

interface Load {
  seconds?: number;
  amount?: number;
  clients: number;
}

async function drive(ports: readonly number[], target: { performanceId: string; categoryId: string }, load: Load) {
  const body = JSON.stringify({ items: [{ performanceId: target.performanceId, priceCategoryId: target.categoryId, quantity: 1 }], buyer: { name: 'Hanna Vogel', email: 'hanna@example.org', language: 'de' }, paymentMethod: 'box_office' });
  const run = randomBytes(4).toString('hex');
  let counter = 0;
  const statuses = new Map<number, number>();
  const perServer = Math.ceil(load.clients / ports.length);
  const results = await Promise.all(
    ports.map((port) =>
      autocannon({
        url: `http://127.0.0.1:${port}/public/houses/${houseSlug}/orders`,
        connections: perServer,
        ...(load.seconds === undefined ? { amount: Math.ceil((load.amount ?? 0) / ports.length) } : { duration: load.seconds }),
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
            setupRequest: (request) => {
              counter += 1;
              return { ...request, headers: { ...request.headers, 'idempotency-key': `${run}-${counter}` } };
            },
            onResponse: (status) => {
              statuses.set(status, (statuses.get(status) ?? 0) + 1);
            },
          },
        ],
      }),
    ),
  );
  const seconds = Math.max(...results.map((r) => r.duration));
  const confirmed = statuses.get(201) ?? 0;
  return {
    seconds: Math.round(seconds * 100) / 100,
    requests: [...statuses.values()].reduce((a, b) => a + b, 0),
    confirmed,
    confirmedPerSecond: Math.round(confirmed / seconds),
    statuses: Object.fromEntries(statuses),
    p50Ms: Math.max(...results.map((r) => r.latency.p50)),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
  };
}

// ---------- main ----------

async function main(): Promise<void> {
  const engine = option('engine', 'sqlite');
  const seconds = Number(option('seconds', '10'));
  const clients = Number(option('clients', '200'));
  const servers = Number(option('servers', engine === 'postgres' ? '2' : '1'));
  const worker = flag('worker');
  let databaseUrl: string;
  let cleanup: () => Promise<void>;
  if (engine === 'postgres') {
    const adminUrl = process.env.FOYER_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `foyer_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    cleanup = async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    };
  } else {
    const folder = mkdtempSync(join(tmpdir(), 'foyer-bench-booking-'));
    databaseUrl = `sqlite:${join(folder, 'foyer.db')}`;
    cleanup = async () => rmSync(folder, { recursive: true, force: true });
  }
  const foyer = await createFoyer({ config: config(databaseUrl) });
  const started: Started[] = [];
  try {
    const house = await insertTestHouse(foyer, { slug: houseSlug });
    const hot = await seedPerformance(foyer, house.id, 200_000);
    const sellout = await seedPerformance(foyer, house.id, 2_000);
    for (let i = 0; i < servers; i++) started.push(await start(databaseUrl, worker));
    const ports = started.map((s) => s.port);
    // A short warm-up, so that JIT and the first quota rows are not in the figure.
    await drive(ports, hot, { seconds: 2, clients });
    const before = await readBack(foyer, hot.performanceId);
    const machine = { cores: availableParallelism(), load1: Math.round((loadavg()[0] ?? 0) * 10) / 10, node: process.version };
    const sustained = await drive(ports, hot, { seconds, clients });
    // autocannon stops counting at the end of the duration; the requests then in flight still commit.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = await readBack(foyer, hot.performanceId);
    const written = after.tickets - before.tickets;
    const lost = Math.max(0, sustained.confirmed - written);
    console.log(
      JSON.stringify({
        bench: 'booking',
        phase: 'sustained',
        engine,
        servers,
        clients,
        worker,
        ...sustained,
        lost,
        committedAfterStop: Math.max(0, written - sustained.confirmed),
        countersAgree: after.counted === after.tickets,
        jobsQueued: after.jobsInSqliteQueue,
        ...machine,
      }),
    );
    const soldOut = await drive(ports, sellout, { amount: 5_000, clients });
    const final = await readBack(foyer, sellout.performanceId);
    console.log(
      JSON.stringify({
        bench: 'booking',
        phase: 'sell-out',
        engine,
        servers,
        capacity: final.size,
        requests: soldOut.requests,
        confirmed: soldOut.confirmed,
        soldOut: soldOut.statuses[409] ?? 0,
        other: soldOut.requests - soldOut.confirmed - (soldOut.statuses[409] ?? 0),
        ticketsInDatabase: final.tickets,
        oversold: Math.max(0, final.tickets - final.size),
        lost: soldOut.confirmed - final.tickets,
        countersAgree: final.counted === final.tickets,
      }),
    );
  } finally {
    for (const s of started) await stop(s);
    await foyer.close();
    await cleanup();
  }
}

if (process.argv[2] === 'serve') {
  await serve(process.argv[3] ?? '', process.argv[4] === 'worker');
} else {
  await main();
}
