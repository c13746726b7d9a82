/*
 * The retention job over 1,000,000 contacts on SQLite. Target (issue 3): with 5 % of the
 * contacts holding an expired or revoked consent, one run in under 60 s.
 *
 *   npm run bench -- retention [--contacts N] [--keep] [--build-only]
 *
 * Builds a SQLite file in a temp folder: the schema through the migrations, a house with
 * 2 units, then the audience rows straight through better-sqlite3 prepared statements,
 * 100,000 rows per transaction, with the secondary indexes dropped during the load and
 * made again after it (exactly as the migrations define them). The build is timed apart
 * and is not part of the figure. Per contact:
 *   - 4 consents: newsletter, recommendations, behavioural_analysis, and ticketing (even
 *     contacts) or post_phone (odd), granted within the last two years for 24 months;
 *   - 3 interactions: a booking, an e-mail sent, and a page view or an e-mail opened with
 *     details; a fifth of the contacts belong to a unit.
 * 5 % of the contacts have consents that ended and were not handled yet, mixed:
 *   30 % revoked the newsletter, 25 % let behavioural analysis expire, 15 % revoked their
 *   fourth purpose (all three: trims), 30 % lost every purpose, half by expiry and half by
 *   revocation (erasures, bookings kept under a pseudonym).
 * Then one run of the job (the same function the 'audience/retention' worker calls) on
 * a database opened like `foyer serve` opens it (WAL, synchronous=NORMAL, foreign keys
 * on), with a subscriber to 'audience.contact_erased' so that publishing costs what it
 * will once ticketing listens. A second run must find nothing to do.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contactErased } from '../src/audience/privacy/events.ts';
import { createPrivacyService } from '../src/audience/privacy/service.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { createEvents } from '../src/core/jobs/events.ts';
import { createJobs } from '../src/core/jobs/service.ts';
import { arg, benchId, createBenchHouse, loadAverage, openForBulkLoad, random } from './_audience.ts';

const NOW = new Date('2026-11-01T09:00:00.000Z');
const DAY = 86_400_000;
const BATCH = 100_000;

const contactCount = Number(arg('contacts') ?? 1_000_000);
const buildOnly = process.argv.includes('--build-only');
// --build-only keeps the fresh database (to profile a run on a copy of it); --keep the one after the run.
const keep = process.argv.includes('--keep') || buildOnly;

type Fate = 'none' | 'newsletter_revoked' | 'analysis_expired' | 'fourth_revoked' | 'all_ended';

interface Built {
  houseId: string;
  interactions: number;
  consents: number;
  fates: Record<Fate, number>;
  buildMs: Record<string, number>;
}

async function build(file: string): Promise<Built> {
  const started = performance.now();
  const made = await createBenchHouse(file, NOW, ['Junges Theater', 'Stadtmuseum']);
  const { houseId, units } = made;
  await made.database.close();

  const { raw, finish } = openForBulkLoad(file);

  const insertContact = raw.prepare(
    "insert into contact (id, house_id, email, email_normalised, name, phone, language, postal_code, birth_year, interests, source, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 'de', ?, ?, ?, 'import', ?, ?)",
  );
  const insertUnit = raw.prepare('insert into contact_unit (house_id, contact_id, unit_id, since) values (?, ?, ?, ?)');
  const insertConsent = raw.prepare(
    "insert into consent (id, house_id, contact_id, purpose, status, legal_basis, source, text_version, requested_at, granted_at, expires_at, revoked_at, proof, confirmation_token_hash, token_spent_at, retention_done_at, updated_at) values (?, ?, ?, ?, ?, ?, 'import', 'v1', ?, ?, ?, ?, '{\"ipHash\":\"0f3a\"}', null, null, null, ?)",
  );
  const insertInteraction = raw.prepare(
    'insert into interaction (id, house_id, contact_id, pseudonym, kind, occurred_at, source, ref, unit_id, production_id, performance_id, details, created_at) values (?, ?, ?, null, ?, ?, ?, ?, null, null, null, ?, ?)',
  );

  const rng = random(20261201);
  const fates: Record<Fate, number> = { none: 0, newsletter_revoked: 0, analysis_expired: 0, fourth_revoked: 0, all_ended: 0 };
  let consents = 0;
  let interactions = 0;
  const timings: Record<string, number> = {};
  const phase = performance.now();
  for (let start = 0; start < contactCount; start += BATCH) {
    raw.transaction(() => {
      for (let n = start; n < Math.min(start + BATCH, contactCount); n += 1) {
        const id = benchId('c0c0', n);
        const createdAt = new Date(NOW.getTime() - (30 + Math.floor(rng() * 700)) * DAY).toISOString();
        const email = `person${n}@example.org`;
        insertContact.run(id, houseId, email, email, `Person ${n}`, rng() < 0.3 ? '+49 30 1234567' : null, String(10000 + Math.floor(rng() * 89999)), 1940 + Math.floor(rng() * 68), '["opera"]', createdAt, createdAt);
        if (rng() < 0.2) insertUnit.run(houseId, id, units[n % units.length], createdAt);

        const f = rng();
        const fate: Fate = f >= 0.05 ? 'none' : f < 0.015 ? 'newsletter_revoked' : f < 0.0275 ? 'analysis_expired' : f < 0.035 ? 'fourth_revoked' : 'all_ended';
        fates[fate] += 1;
        const fourth = n % 2 === 0 ? 'ticketing' : 'post_phone';
        const purposes = ['newsletter', 'recommendations', 'behavioural_analysis', fourth];
        purposes.forEach((purpose, p) => {
          const grantedAt = new Date(NOW.getTime() - Math.floor(rng() * 700) * DAY);
          let status = 'granted';
          let expiresAt = new Date(grantedAt.getTime() + 730 * DAY);
          let revokedAt: string | null = null;
          const ends =
            fate === 'all_ended' ||
            (fate === 'newsletter_revoked' && purpose === 'newsletter') ||
            (fate === 'analysis_expired' && purpose === 'behavioural_analysis') ||
            (fate === 'fourth_revoked' && purpose === fourth);
          if (ends) {
            const byExpiry = fate === 'analysis_expired' || (fate === 'all_ended' && (n + p) % 2 === 0);
            if (byExpiry) expiresAt = new Date(NOW.getTime() - Math.floor(1 + rng() * 40) * 3_600_000);
            else {
              status = 'revoked';
              revokedAt = new Date(NOW.getTime() - Math.floor(1 + rng() * 40) * 3_600_000).toISOString();
            }
          }
          const granted = grantedAt.toISOString();
          insertConsent.run(benchId('c05e', consents++), houseId, id, purpose, status, purpose === 'ticketing' ? 'contract' : 'consent', granted, granted, expiresAt.toISOString(), revokedAt, revokedAt ?? granted);
        });

        const at = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
        const booked = at(1 + Math.floor(rng() * 600));
        insertInteraction.run(benchId('a1a1', interactions++), houseId, id, 'booking', booked, 'ticketing', `order-${n}`, '{"seats":2}', booked);
        const sent = at(1 + Math.floor(rng() * 600));
        insertInteraction.run(benchId('a1a1', interactions++), houseId, id, 'email_sent', sent, 'campaigns', `mail-${n}`, null, sent);
        const seen = at(1 + Math.floor(rng() * 600));
        const opened = rng() < 0.5;
        insertInteraction.run(
          benchId('a1a1', interactions++), houseId, id, opened ? 'email_opened' : 'page_view', seen, opened ? 'campaigns' : 'web', `seen-${n}`,
          opened ? '{"client":"mobile"}' : '{"page":"/programm/oper"}', seen,
        );
      }
    })();
  }
  timings.rowsMs = Math.round(performance.now() - phase);
  // No ANALYZE: Foyer never runs it, so the job is measured with the plans it gets in use.
  timings.indexesMs = finish();
  // The build leaves gigabytes for the kernel to write back; flushed here, so that the
  // run is not measured against the build's own disk traffic.
  const fd = openSync(file, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  timings.totalMs = Math.round(performance.now() - started);
  return { houseId, interactions, consents, fates, buildMs: timings };
}

const folder = mkdtempSync(join(tmpdir(), 'foyer-bench-retention-'));
const file = join(folder, 'foyer.db');
try {
  const built = await build(file);
  console.log(JSON.stringify({ bench: 'retention', phase: 'build', contacts: contactCount, interactions: built.interactions, consents: built.consents, ...built.buildMs, loadAverage: loadAverage(), node: process.version }));
  if (buildOnly) {
    console.error(`kept ${file}`);
    process.exit(0);
  }

  const database = await openDatabase({ engine: 'sqlite', url: file });
  const clock = { now: () => NOW };
  const jobs = createJobs({ database, clock, pollMs: 1000 });
  const events = createEvents({ jobs, clock });
  events.subscribe(contactErased, 'bench-ticketing', async () => {});
  const privacy = createPrivacyService({ database, clock, events });
  try {
    const cpuBefore = process.cpuUsage();
    const report = await privacy.runRetention();
    const cpu = process.cpuUsage(cpuBefore);
    const count = async (table: 'contact' | 'interaction' | 'job') =>
      Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const pseudonymised = Number((await database.db.selectFrom('interaction').select((eb) => eb.fn.countAll<number>().as('n')).where('pseudonym', 'is not', null).executeTakeFirstOrThrow()).n);
    const affected = contactCount - built.fates.none;
    console.log(
      JSON.stringify({
        bench: 'retention',
        phase: 'run',
        engine: 'sqlite',
        contacts: contactCount,
        interactions: built.interactions,
        consents: built.consents,
        affected,
        expectedTrimmed: built.fates.newsletter_revoked + built.fates.analysis_expired + built.fates.fourth_revoked,
        expectedErased: built.fates.all_ended,
        expired: report.expired,
        trimmed: report.trimmed,
        erased: report.erased,
        batches: report.batches,
        ms: report.ms,
        sweepMs: report.sweepMs,
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        targetMs: 60_000,
        contactsAfter: await count('contact'),
        interactionsAfter: await count('interaction'),
        pseudonymised,
        eventsQueued: await count('job'),
        loadAverage: loadAverage(),
        node: process.version,
      }),
    );
    const again = await privacy.runRetention();
    console.log(JSON.stringify({ bench: 'retention', phase: 'second run', contacts: again.contacts, trimmed: again.trimmed, erased: again.erased, ms: again.ms, sweepMs: again.sweepMs, loadAverage: loadAverage(), node: process.version }));
  } finally {
    await jobs.close();
    await database.close();
  }
} finally {
  if (!keep) rmSync(folder, { recursive: true, force: true });
  else console.error(`kept ${file}`);
}
