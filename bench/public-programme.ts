/*
 * The public programme list over HTTP: a page of 50 performances, 100 concurrent
 * clients, on SQLite. Target (issue 2): at least 5,000 requests/s with p99 under 30 ms.
 *
 *   npm run bench -- public-programme [--seconds 10] [--warmup 2] [--rounds 1]
 *   node bench/public-programme.ts --seed FILE   (only seeds a SQLite file, to look into)
 *
 * Seeds a house with 30 productions and 300 performances into a temporary SQLite file,
 * starts each server as a child process (so the load generator does not share its event
 * loop) on 127.0.0.1, and runs autocannon against it:
 *   - the whole Foyer app (createFoyer), the figure that counts;
 *   - the same routes with the render cache switched off, to show what the cache buys;
 *   - a bare Fastify route, for comparison on this machine, and one sending the same
 *     page bytes without any of Foyer's work (the cost of the payload alone).
 * With --rounds N each variant is measured N times, interleaved, and the median round is
 * reported. Prints one JSON line. Loopback only; every run is bounded in time and stops
 * by itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { createFoyer } from '../src/app.ts';
import { publicProgrammeRoutes } from '../src/catalogue/export/routes.ts';
import { createPublicProgrammeService } from '../src/catalogue/export/service.ts';
import { insertPerformance, insertPrice, insertProduction, insertUnit, insertVenueWithHall } from '../src/catalogue/export/testing.ts';
import { genres } from '../src/catalogue/genres.ts';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/core/clock.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { migrateToLatest } from '../src/core/db/migrate.ts';
import { createHttpServer } from '../src/core/http/server.ts';
import { insertTestHouse } from '../src/core/testing/app.ts';

const houseSlug = 'stadttheater-bench';
const path = `/public/houses/${houseSlug}/programme?limit=50`;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value === undefined || !Number.isFinite(value) || value <= 0 ? fallback : value;
}

function benchConfig(file: string) {
  return loadConfig({
    FOYER_DATABASE_URL: `sqlite:${file}`,
    FOYER_LOG_LEVEL: 'warn',
    FOYER_HOST: '127.0.0.1',
    FOYER_PORT: '0',
  });
}

// ---------- the servers (child processes) ----------

async function listen(app: { listen(options: { host: string; port: number }): Promise<string>; server: { address(): unknown } }) {
  // A plain exit on SIGTERM, so that `node --cpu-prof` can write its profile.
  process.once('SIGTERM', () => process.exit(0));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
}

async function serveFoyer(file: string): Promise<void> {
  const foyer = await createFoyer({ config: benchConfig(file) });
  await listen(foyer.http);
}

async function serveUncached(file: string): Promise<void> {
  const config = benchConfig(file);
  const database = await openDatabase(config.database);
  const http = await createHttpServer({ logLevel: 'warn', bodyLimitBytes: 1024 * 1024, publicUrl: config.publicUrl });
  const publicProgramme = createPublicProgrammeService({ database, clock: systemClock, publicUrl: config.publicUrl, cacheEntries: 0 });
  await http.register(publicProgrammeRoutes, { prefix: '/public', publicProgramme });
  await listen(http);
}

async function serveBare(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
  await listen(app);
}

/** A bare Fastify route sending the very bytes of the programme page: the cost of the payload alone. */
async function serveBarePage(file: string): Promise<void> {
  const config = benchConfig(file);
  const database = await openDatabase(config.database);
  const publicProgramme = createPublicProgrammeService({ database, clock: systemClock, publicUrl: config.publicUrl });
  const page = await publicProgramme.programme(houseSlug, { limit: 50, offset: 0 });
  const app = Fastify({ logger: false });
  app.get('/', async (_request, reply) => reply.type(page.contentType).send(page.body));
  await listen(app);
}

// ---------- seeding ----------

const words =
  'Zwischen Licht und Schatten erzählt der Abend von Menschen, die sich verlieren und wiederfinden, ' +
  'von der Stadt, die nachts anders klingt, und von Musik, die bleibt, wenn alle gegangen sind. ';
const wordsEn =
  'Between light and shadow the evening tells of people who lose and find each other again, ' +
  'of a city that sounds different at night, and of music that stays when everyone has gone. ';

async function seed(file: string): Promise<void> {
  const database = await openDatabase({ engine: 'sqlite', url: file });
  await migrateToLatest(database);
  const db = database.db;
  const at = new Date();
  const house = await insertTestHouse({ database }, { slug: houseSlug, name: 'Stadttheater Bench' });
  const halls = [
    await insertVenueWithHall(db, house.id, at, { venue: 'Stadttheater', hall: 'Großes Haus' }),
    await insertVenueWithHall(db, house.id, at, { venue: 'Stadttheater', hall: 'Kammerspiele' }),
    await insertVenueWithHall(db, house.id, at, { venue: 'Museum am Park', hall: 'Saal', street: 'Parkallee 3' }),
  ];
  const unitId = await insertUnit(db, house.id, at, { slug: 'junges-theater', nameDe: 'Junges Theater', nameEn: 'Young Theatre' });
  const staged = genres.filter((g) => g.code !== 'exhibition');
  const day = 86_400_000;
  for (let p = 0; p < 30; p += 1) {
    const genre = staged[p % staged.length]?.code ?? 'drama';
    const productionId = await insertProduction(db, house.id, at, {
      slug: `produktion-${p + 1}`,
      titleDe: `Produktion Nummer ${p + 1}: ${genre}`,
      titleEn: `Production number ${p + 1}: ${genre}`,
      subtitleDe: 'Nach einer Erzählung',
      descriptionDe: words.repeat(2),
      descriptionEn: wordsEn.repeat(2),
      genres: [genre],
      audience: p % 5 === 0 ? 'families' : 'adults',
      durationMinutes: 90 + (p % 4) * 30,
      performers: [
        { name: 'Anna Berger', role: 'Gretchen' },
        { name: 'Jonas Weber', role: 'Faust' },
      ],
      imageUrl: `https://example.org/images/${p + 1}.jpg`,
      bookingUrl: `https://tickets.example.org/${p + 1}`,
      unitId: p % 5 === 0 ? unitId : null,
    });
    for (const [code, amount] of [
      ['A', 4800],
      ['B', 3200],
      ['C', 1600],
    ] as const) {
      await insertPrice(db, house.id, at, { productionId, code, nameDe: `Kategorie ${code}`, amountMinor: amount });
    }
    for (let n = 0; n < 10; n += 1) {
      const start = new Date(at.getTime() + (1 + p * 2 + n * 12) * day);
      start.setUTCHours(18, 30, 0, 0);
      await insertPerformance(db, house.id, at, {
        productionId,
        hallId: halls[(p + n) % halls.length]?.hallId ?? null,
        startsAt: start.toISOString(),
        status: n === 9 ? 'sold_out' : 'scheduled',
      });
    }
  }
  await database.close();
}

// ---------- the load ----------

interface Started {
  child: ChildProcess;
  port: number;
}

function start(mode: string, file: string): Promise<Started> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), mode, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    // The server may log before it listens (e.g. that no SMTP is set): wait for the port line.
    lines.on('line', (line) => {
      const parsed: unknown = line.startsWith('{') ? JSON.parse(line) : null;
      if (typeof parsed === 'object' && parsed !== null && 'port' in parsed && typeof parsed.port === 'number') resolve({ child, port: parsed.port });
    });
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

async function stop(started: Started): Promise<void> {
  if (started.child.exitCode !== null) return;
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.kill('SIGTERM');
  await exited;
}

interface Figures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  bytesPerResponse: number;
}

async function load(url: string, seconds: number, warmup: number, headers: Record<string, string>): Promise<Figures> {
  await autocannon({ url, connections: 100, duration: warmup, headers });
  const result = await autocannon({ url, connections: 100, duration: seconds, headers });
  const ok = result['2xx'];
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    meanMs: Math.round(result.latency.average * 100) / 100,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    bytesPerResponse: ok > 0 ? Math.round(result.throughput.total / ok) : 0,
  };
}

interface Run {
  seconds: number;
  warmup: number;
  headers?: Record<string, string>;
}

async function measure(mode: string, file: string, target: string, run: Run): Promise<Figures & { items?: number }> {
  const server = await start(mode, file);
  try {
    const url = `http://127.0.0.1:${server.port}${target}`;
    const probe = await fetch(url);
    if (probe.status !== 200) throw new Error(`${mode}: GET ${target} answered ${probe.status}`);
    const body = (await probe.json()) as { items?: unknown[] };
    const figures = await load(url, run.seconds, run.warmup, run.headers ?? {});
    return body.items === undefined ? figures : { ...figures, items: body.items.length };
  } finally {
    await stop(server);
  }
}

const brief = (f: Figures) => ({ requestsPerSecond: f.requestsPerSecond, p50Ms: f.p50Ms, p99Ms: f.p99Ms, bytesPerResponse: f.bytesPerResponse });

/** Of several rounds, the one with the median throughput: other work on a shared machine comes and goes. */
function median<T extends Figures>(rounds: T[]): T {
  const sorted = [...rounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (middle === undefined) throw new Error('no rounds measured');
  return middle;
}

async function main(): Promise<void> {
  const seconds = option('seconds', 10);
  const warmup = option('warmup', 2);
  const rounds = Math.round(option('rounds', 1));
  const folder = mkdtempSync(join(tmpdir(), 'foyer-bench-'));
  const file = join(folder, 'bench.db');
  try {
    await seed(file);
    const loadBefore = loadavg()[0] ?? 0;
    const run = { seconds, warmup };
    const variants = {
      programme: () => measure('--serve', file, path, run),
      // What browsers and most HTTP clients send: the body comes precompressed from the cache.
      gzip: () => measure('--serve', file, path, { ...run, headers: { 'accept-encoding': 'gzip, deflate, br' } }),
      uncached: () => measure('--serve-uncached', file, path, run),
      bare: () => measure('--bare', file, '/', run),
      barePage: () => measure('--bare-page', file, '/', run),
    };
    const results: Record<keyof typeof variants, (Figures & { items?: number })[]> = { programme: [], gzip: [], uncached: [], bare: [], barePage: [] };
    // Rounds interleave the variants, so that a busy spell of the machine hits them alike.
    for (let round = 0; round < rounds; round += 1) {
      for (const name of Object.keys(variants) as (keyof typeof variants)[]) results[name].push(await variants[name]());
    }
    const programme = median(results.programme);
    const line = {
      bench: 'public-programme',
      engine: 'sqlite',
      connections: 100,
      seconds,
      rounds,
      productions: 30,
      performances: 300,
      ...programme,
      target: { requestsPerSecond: 5000, p99Ms: 30 },
      met: programme.requestsPerSecond >= 5000 && programme.p99Ms < 30 && programme.non2xx === 0 && programme.errors === 0,
      gzip: brief(median(results.gzip)),
      uncached: brief(median(results.uncached)),
      bareFastify: brief(median(results.bare)),
      bareFastifySamePage: brief(median(results.barePage)),
      node: process.version,
      cores: availableParallelism(),
      // Other work on the machine skews every figure: a load well above 0 means measure again.
      loadAverage: { before: Math.round(loadBefore * 100) / 100, after: Math.round((loadavg()[0] ?? 0) * 100) / 100 },
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const mode = process.argv[2];
const file = process.argv[3] ?? '';
if (mode === '--serve') await serveFoyer(file);
else if (mode === '--serve-uncached') await serveUncached(file);
else if (mode === '--bare') await serveBare();
else if (mode === '--bare-page') await serveBarePage(file);
else if (mode === '--seed') await seed(file);
else await main();
