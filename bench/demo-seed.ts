/*
 * Seeding the demo house (what `npm start` does on a fresh machine) into a fresh SQLite
 * file database: the programme and staff through the services, the audience of 1,500
 * contacts (consents, about 15,000 interactions, audit entries) in bulk, its segments
 * through the segment service. Target: under 3 s on SQLite (2 s before the audience).
 *
 *   npm run bench -- demo-seed [--postgres]
 *
 * With --postgres it seeds into a throw-away schema of FOYER_TEST_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres) instead. Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFoyer } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { seedDemoHouse } from '../src/demo/seed.ts';

const postgres = process.argv.includes('--postgres');
if (postgres) process.env.FOYER_TEST_DATABASE = 'postgres';
// Imported after the line above: the module reads FOYER_TEST_DATABASE when it loads.
const { createTestDatabase } = await import('../src/core/testing/database.ts');
const folder = mkdtempSync(join(tmpdir(), 'foyer-demo-seed-'));
try {
  const database = postgres ? await createTestDatabase() : await openDatabase({ engine: 'sqlite', url: join(folder, 'foyer.db') });
  const config = loadConfig({ FOYER_LOG_LEVEL: 'silent' });
  const foyer = await createFoyer({ config, database });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const mainCpu = process.threadCpuUsage?.();
  const result = await seedDemoHouse(foyer, { imageBaseUrl: config.publicUrl });
  const ms = performance.now() - started;
  const cpuUsed = process.cpuUsage(cpu);
  // CPU times tell what the seed costs even on a machine busy with other work:
  // the main thread's share is the floor of the wall time on an idle machine.
  const mainUsed = mainCpu === undefined ? undefined : process.threadCpuUsage(mainCpu);
  console.log(
    JSON.stringify({
      bench: 'demo-seed',
      engine: database.engine,
      productions: result.productions,
      performances: result.performances,
      priceCategories: result.priceCategories,
      staff: result.staff.length,
      contacts: result.audience.contacts,
      consents: result.audience.consents,
      interactions: result.audience.interactions,
      segments: result.audience.segments,
      orders: result.sales.orders,
      tickets: result.sales.tickets,
      ms: Math.round(ms),
      processCpuMs: Math.round((cpuUsed.user + cpuUsed.system) / 1000),
      mainThreadCpuMs: mainUsed === undefined ? null : Math.round((mainUsed.user + mainUsed.system) / 1000),
      targetMs: 3000,
    }),
  );
  await foyer.close();
  await database.close();
} finally {
  rmSync(folder, { recursive: true, force: true });
}
