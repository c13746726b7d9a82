/*
 * One contact online: GET /api/recommend/contacts/:id through the whole HTTP stack
 * (a real loopback connection with keep-alive, API-key authentication, zod validation,
 * the consent reading, the booked-dates query, the cached fit, the exposure insert).
 * Target (issue 6): p99 under 20 ms.
 *
 *   npm run bench -- recommend-online [--requests N] [--warmup N]
 *
 * Seeds the demo house (1,500 contacts, ~15,000 interactions) into a fresh SQLite file,
 * fits once (the first request), warms up, then times requests one after another for
 * contacts with recommendations consent and a history; then the mail block's batch path
 * for all of them at once (ms per contact). Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFoyer } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { seedDemoHouse } from '../src/demo/seed.ts';
import { arg, loadAverage } from './_audience.ts';

const requests = Number(arg('requests') ?? 5000);
const warmup = Number(arg('warmup') ?? 500);
const folder = mkdtempSync(join(tmpdir(), 'foyer-recommend-online-'));
try {
  const database = await openDatabase({ engine: 'sqlite', url: join(folder, 'foyer.db') });
  const foyer = await createFoyer({ config: loadConfig({ FOYER_LOG_LEVEL: 'silent' }), database });
  const { house } = await seedDemoHouse(foyer, { imageBaseUrl: foyer.config.publicUrl });
  const now = new Date().toISOString();
  const people = await database.db
    .selectFrom('consent as s')
    .innerJoin('interaction as i', (join) => join.onRef('i.contact_id', '=', 's.contact_id').on('i.house_id', '=', house.id))
    .select('s.contact_id')
    .distinct()
    .where('s.house_id', '=', house.id)
    .where('s.purpose', '=', 'recommendations')
    .where('s.status', '=', 'granted')
    .where('s.expires_at', '>', now)
    .where('i.kind', '=', 'booking')
    .execute();
  const ids = people.map((row) => row.contact_id);
  const { key } = await foyer.services.auth.createApiKey(house.id, { name: 'bench', scopes: ['audience:read'], unitId: null });
  const address = await foyer.http.listen({ host: '127.0.0.1', port: 0 });
  const headers = { authorization: `Bearer ${key}` };
  const once = async (i: number) => {
    const response = await fetch(`${address}/api/recommend/contacts/${ids[i % ids.length] as string}?language=de`, { headers });
    if (response.status !== 200) throw new Error(`status ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };
  let started = performance.now();
  await once(0);
  const firstMs = performance.now() - started;
  for (let i = 0; i < warmup; i += 1) await once(i);
  const times: number[] = [];
  started = performance.now();
  for (let i = 0; i < requests; i += 1) {
    const t0 = performance.now();
    await once(i);
    times.push(performance.now() - t0);
  }
  const totalMs = performance.now() - started;
  times.sort((a, b) => a - b);
  const at = (q: number) => Number((times[Math.min(times.length - 1, Math.floor(q * times.length))] as number).toFixed(2));
  const fit = await foyer.services.recommendationFits.get(house.id);
  // The newsletter's batch path (mail-source.ts): every consenting person's list from the one cached fit.
  started = performance.now();
  const lists = await foyer.services.recommendations.personalLists(house.id, ids, 'de', 3);
  const batchMsPerContact = (performance.now() - started) / Math.max(1, lists.size);
  console.log(
    JSON.stringify({
      bench: 'recommend-online',
      engine: 'sqlite',
      contacts: ids.length,
      items: fit.data.items.length,
      candidates: fit.candidates.size,
      interactions: fit.data.interactions.length,
      requests,
      firstRequestMs: Math.round(firstMs),
      p50Ms: at(0.5),
      p90Ms: at(0.9),
      p99Ms: at(0.99),
      maxMs: at(1),
      perSecond: Math.round((requests / totalMs) * 1000),
      mailBatchMsPerContact: Number(batchMsPerContact.toFixed(3)),
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      cpus: cpus().length,
      loadAverage: loadAverage(),
    }),
  );
  await foyer.close();
  await database.close();
} finally {
  rmSync(folder, { recursive: true, force: true });
}
