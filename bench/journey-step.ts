/*
 * One pass of the journey engine over 1,000,000 people on SQLite. Target (issue): evaluating
 * the next step of a journey for 1,000,000 contacts in under 60 s.
 *
 *   npm run bench -- journey-step [--contacts N] [--batch N] [--keep]
 *
 * Builds a SQLite file in a temp folder (the schema through the migrations, one house, one
 * journey mail), then N contacts (70 % German) and N enrollments straight through
 * better-sqlite3, all waiting at the journey's wait step and due. The journey:
 *
 *   wait (due) -> condition: language is German -> yes: send the mail / no: end
 *
 * The pass (engine.runDue, as the minute tick runs it) claims each batch, reads the
 * condition's facts, writes the message rows and moves every person on, one transaction
 * per batch. Printed: contacts, seconds, contacts/s, messages written, the load average.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { createJourneyEngine } from '../src/campaigns/journeys/engine.ts';
import type { JourneyGraph } from '../src/campaigns/journeys/definition.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { createJobs } from '../src/core/jobs/service.ts';
import { arg, benchId, createBenchHouse, loadAverage, random } from './_audience.ts';

const NOW = new Date('2026-11-02T09:00:00.000Z');
const contacts = Number(arg('contacts') ?? 1_000_000);
const batchSize = Number(arg('batch') ?? 1000);
const keep = process.argv.includes('--keep');

const dir = mkdtempSync(join(tmpdir(), 'foyer-journey-step-'));
const file = join(dir, 'bench.db');
const journeyId = benchId('j', 1);
const campaignId = benchId('m', 1);

const graph: JourneyGraph = {
  start: 'wait',
  nodes: [
    { id: 'wait', type: 'wait', wait: { kind: 'duration', minutes: 60 } },
    { id: 'german', type: 'condition', condition: { kind: 'attribute', field: 'language', value: 'de' } },
    { id: 'send', type: 'action', action: { kind: 'send_email', campaignId } },
  ],
  edges: [
    { from: 'wait', to: 'german' },
    { from: 'german', to: 'send', branch: 'yes' },
  ],
};

const built = performance.now();
const { database: setup, houseId } = await createBenchHouse(file, NOW, []);
await setup.close();

const raw = new SQLite(file);
raw.pragma('journal_mode = off');
raw.pragma('synchronous = off');
const at = new Date(NOW.getTime() - 3_600_000).toISOString();
raw
  .prepare(
    `insert into campaign (id, house_id, name, kind, template_key, status, recipients, created_by, created_at, updated_at) values (?, ?, 'Erinnerung', 'journey', 'reminder', 'active', 0, 'bench', ?, ?)`,
  )
  .run(campaignId, houseId, at, at);
raw
  .prepare(
    `insert into journey (id, house_id, name, status, mode, trigger, graph, created_by, created_at, updated_at, activated_at) values (?, ?, 'Bench', 'active', 'autopilot', ?, ?, 'bench', ?, ?, ?)`,
  )
  .run(journeyId, houseId, JSON.stringify({ type: 'event', event: 'consent.granted' }), JSON.stringify(graph), at, at, at);

const ROWS = 100;
const rand = random(7);
const contactSql = raw.prepare(
  `insert into contact (id, house_id, email, email_normalised, name, language, interests, source, created_at, updated_at) values ${Array(ROWS).fill('(?, ?, ?, ?, ?, ?, \'[]\', \'import\', ?, ?)').join(', ')}`,
);
const enrollmentSql = raw.prepare(
  `insert into journey_enrollment (id, house_id, journey_id, contact_id, trigger_key, node_id, state, wake_at, context, entered_at, updated_at) values ${Array(ROWS).fill("(?, ?, ?, ?, 'newsletter', 'wait', 'waiting', ?, '{\"armed\":\"wait\"}', ?, ?)").join(', ')}`,
);
const load = raw.transaction((from: number) => {
  for (let start = from; start < Math.min(from + 100_000, contacts); start += ROWS) {
    const c: unknown[] = [];
    const e: unknown[] = [];
    for (let n = start; n < start + ROWS; n += 1) {
      const id = benchId('c', n);
      const email = `person${n}@example.org`;
      c.push(id, houseId, email, email, `Person ${n}`, rand() < 0.7 ? 'de' : 'en', at, at);
      e.push(benchId('e', n), houseId, journeyId, id, at, at, at);
    }
    contactSql.run(...c);
    enrollmentSql.run(...e);
  }
});
for (let from = 0; from < contacts; from += 100_000) load(from);
raw.pragma('journal_mode = wal');
raw.close();
const buildSeconds = (performance.now() - built) / 1000;

const database = await openDatabase({ engine: 'sqlite', url: file });
const clock = { now: () => NOW };
const jobs = createJobs({ database, clock, pollMs: 1000 });
const engine = createJourneyEngine({
  database,
  clock,
  jobs,
  outbox: { enqueueMany: async () => {} },
  segments: { membersAmong: async () => new Set() },
  tags: { addMany: async () => 0 },
  houseTimeZone: async () => 'Europe/Berlin',
});

const cpu = process.cpuUsage();
const started = performance.now();
const result = await engine.runDue({ batchSize });
const seconds = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
const { n: written } = await database.db.selectFrom('campaign_message').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
console.log(
  JSON.stringify({
    bench: 'journey-step',
    engine: 'sqlite',
    contacts,
    stepped: result.stepped,
    batches: result.batches,
    batchSize,
    messages: Number(written),
    seconds: Math.round(seconds * 100) / 100,
    contactsPerSecond: Math.round(contacts / seconds),
    cpuSeconds: Math.round((used.user + used.system) / 10_000) / 100,
    buildSeconds: Math.round(buildSeconds),
    load: loadAverage(),
  }),
);
await jobs.close();
await database.close();
if (!keep) rmSync(dir, { recursive: true, force: true });
