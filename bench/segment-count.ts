/*
 * Counting a segment over 1,000,000 contacts and 10,000,000 interactions on SQLite.
 * Target (issue 3): a segment of three conditions, one of them behavioural, in under 2 s.
 *
 *   npm run bench -- segment-count [--contacts N] [--interactions N] [--runs N] [--db FILE] [--keep]
 *
 * Builds a SQLite file in a temp folder: the schema through the migrations, a house with
 * 3 units and 50 productions (1,000 performances) through the catalogue service, then the
 * audience rows straight through better-sqlite3 prepared statements, 100,000 rows per
 * transaction, synchronous=off and journal_mode=off for the build only, the secondary
 * indexes dropped during the load and made again after it (exactly as the migrations
 * define them). Distributions:
 *   - contacts: 70 % German, 15 % English, 15 % unknown language; 60 % give a birth year;
 *     20 % belong to one of the units;
 *   - interactions over the three years before "now", Zipf-ish per contact (the most
 *     active 10 % of contacts make about 40 % of them), productions Zipf-ish too; kinds:
 *     30 % email_sent, 15 % email_opened, 5 % email_clicked, 20 % booking,
 *     20 % attendance, 10 % page_view; 1 % pseudonymised (contact_id null);
 *   - consents: newsletter 70 % (a tenth of them expired), behavioural_analysis 50 %,
 *     recommendations 40 %, ticketing 60 %, post_phone 10 %.
 * Then the segment "German AND newsletter consent AND attended at least 2 opera
 * performances in the last 24 months" is counted several times (the first run is cold, the
 * figure is the median of the warm ones): through the segment service as the API does it
 * (total and reach per purpose, one query), then the bare count in both physical forms of
 * compile.ts with its EXPLAIN QUERY PLAN, three other shapes through the service, and the
 * first batch a campaign fetches. Each line carries the CPU time of this process per run
 * and the load average: on a busy machine the CPU time says more than the wall clock.
 * --db FILE builds into FILE and keeps it, or reuses it when it exists; --keep keeps the
 * temp folder.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Purpose } from '../src/audience/model.ts';
import { type EvaluationForm, segmentCondition } from '../src/audience/segments/compile.ts';
import type { SegmentRule } from '../src/audience/segments/model.ts';
import { createSegmentService } from '../src/audience/segments/service.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { arg, benchId, createBenchHouse, loadAverage, openForBulkLoad, random } from './_audience.ts';

const NOW = new Date('2026-11-01T09:00:00.000Z');
const YEARS = 3;
const BATCH = 100_000;

let contactCount = Number(arg('contacts') ?? 1_000_000);
let interactionCount = Number(arg('interactions') ?? 10_000_000);
const runs = Number(arg('runs') ?? 5);
const keep = process.argv.includes('--keep');

const genreSets = [
  ['opera'], ['opera'], ['opera', 'festival'], ['operetta'], ['musical'], ['ballet'], ['contemporary_dance'],
  ['drama'], ['drama'], ['drama'], ['comedy'], ['cabaret'], ['orchestral'], ['orchestral'], ['chamber_music'],
  ['children_theatre'], ['youth_theatre'], ['reading'], ['talk'], ['exhibition'], ['guided_tour'], ['jazz'],
];

interface Built {
  houseId: string;
  buildMs: Record<string, number>;
}

async function build(file: string): Promise<Built> {
  const started = performance.now();
  const { database, houseId, units, catalogue } = await createBenchHouse(file, NOW, ['Junges Theater', 'Stadtmuseum', 'Konzerthaus']);
  const scope = { houseId, unitId: null };
  const productions: { id: string; unitId: string | null }[] = [];
  for (let p = 0; p < 50; p += 1) {
    const genres = genreSets[p % genreSets.length] as string[];
    const unitId = genres.includes('children_theatre') || genres.includes('youth_theatre') ? (units[0] as string) : genres.includes('exhibition') || genres.includes('guided_tour') ? (units[1] as string) : p % 7 === 0 ? (units[2] as string) : null;
    const production = await catalogue.createProduction(scope, { title: { de: `Produktion ${p}` }, genres, unitId });
    productions.push({ id: production.id, unitId });
  }
  await database.close();

  const { raw, finish } = openForBulkLoad(file);
  const timings: Record<string, number> = {};

  const performanceIds: string[][] = productions.map(() => []);
  const insertPerformance = raw.prepare(
    "insert into performance (id, house_id, production_id, hall_id, starts_at, ends_at, status, capacity, rescheduled_from, note_de, note_en, booking_url, source_ref, source_hash, created_at, updated_at) values (?, ?, ?, null, ?, null, 'scheduled', 500, null, null, null, null, null, null, ?, ?)",
  );
  raw.transaction(() => {
    productions.forEach((production, p) => {
      for (let i = 0; i < 20; i += 1) {
        const id = benchId('be0f', p * 20 + i);
        const startsAt = new Date(NOW.getTime() - (p * 20 + i) * 26 * 3_600_000).toISOString();
        insertPerformance.run(id, houseId, production.id, startsAt, startsAt, startsAt);
        (performanceIds[p] as string[]).push(id);
      }
    });
  })();

  const rng = random(20261127);
  const at = NOW.toISOString();
  let phase = performance.now();
  const insertContact = raw.prepare(
    "insert into contact (id, house_id, email, email_normalised, name, phone, language, postal_code, birth_year, interests, source, created_at, updated_at) values (?, ?, ?, ?, ?, null, ?, ?, ?, ?, 'import', ?, ?)",
  );
  const insertUnit = raw.prepare('insert into contact_unit (house_id, contact_id, unit_id, since) values (?, ?, ?, ?)');
  const interestCodes = ['opera', 'drama', 'ballet', 'orchestral', 'jazz', 'children_theatre', 'exhibition'];
  for (let start = 0; start < contactCount; start += BATCH) {
    raw.transaction(() => {
      for (let n = start; n < Math.min(start + BATCH, contactCount); n += 1) {
        const id = benchId('c0c0', n);
        const email = `person${n}@example.org`;
        const l = rng();
        const language = l < 0.7 ? 'de' : l < 0.85 ? 'en' : null;
        const postalCode = rng() < 0.8 ? String(10000 + Math.floor(rng() * 89999)) : null;
        const birthYear = rng() < 0.6 ? 1940 + Math.floor(rng() * 68) : null;
        const interests = rng() < 0.3 ? `["${interestCodes[Math.floor(rng() * interestCodes.length)]}"]` : '[]';
        insertContact.run(id, houseId, email, email, `Person ${n}`, language, postalCode, birthYear, interests, at, at);
        if (rng() < 0.2) insertUnit.run(houseId, id, units[Math.floor(rng() * units.length)], at);
      }
    })();
  }
  timings.contactsMs = Math.round(performance.now() - phase);

  phase = performance.now();
  const insertConsent = raw.prepare(
    "insert into consent (id, house_id, contact_id, purpose, status, legal_basis, source, text_version, requested_at, granted_at, expires_at, revoked_at, proof, confirmation_token_hash, retention_done_at, updated_at) values (?, ?, ?, ?, ?, ?, 'import', 'v1', ?, ?, ?, ?, '{}', null, null, ?)",
  );
  const shares: [string, number][] = [['newsletter', 0.7], ['behavioural_analysis', 0.5], ['recommendations', 0.4], ['ticketing', 0.6], ['post_phone', 0.1]];
  let consentN = 0;
  for (let start = 0; start < contactCount; start += BATCH) {
    raw.transaction(() => {
      for (let n = start; n < Math.min(start + BATCH, contactCount); n += 1) {
        const contactId = benchId('c0c0', n);
        for (const [purpose, share] of shares) {
          if (rng() >= share) continue;
          const grantedAt = new Date(NOW.getTime() - Math.floor(rng() * 700) * 86_400_000);
          const expired = rng() < 0.1;
          const expiresAt = expired ? new Date(NOW.getTime() - 86_400_000) : new Date(grantedAt.getTime() + 730 * 86_400_000);
          const granted = grantedAt.toISOString();
          insertConsent.run(
            benchId('c05e', consentN++), houseId, contactId, purpose, 'granted', purpose === 'ticketing' ? 'contract' : 'consent',
            granted, granted, expiresAt.toISOString(), null, granted,
          );
        }
      }
    })();
  }
  timings.consentsMs = Math.round(performance.now() - phase);

  phase = performance.now();
  const insertInteraction = raw.prepare(
    'insert into interaction (id, house_id, contact_id, pseudonym, kind, occurred_at, source, ref, unit_id, production_id, performance_id, details, created_at) values (?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, null, ?)',
  );
  const span = YEARS * 365 * 86_400_000;
  const first = NOW.getTime() - span;
  // A fixed permutation of contacts, so that activity does not follow the id order.
  const stride = 7_919_993 % contactCount === 0 ? 1 : 7_919_993;
  for (let start = 0; start < interactionCount; start += BATCH) {
    raw.transaction(() => {
      for (let n = start; n < Math.min(start + BATCH, interactionCount); n += 1) {
        const occurredAt = new Date(first + Math.floor((n / interactionCount) * span)).toISOString();
        const rank = Math.floor(contactCount * rng() ** 2.5);
        const contactId = rng() < 0.01 ? null : benchId('c0c0', (rank * stride) % contactCount);
        const k = rng();
        const kind = k < 0.3 ? 'email_sent' : k < 0.45 ? 'email_opened' : k < 0.5 ? 'email_clicked' : k < 0.7 ? 'booking' : k < 0.9 ? 'attendance' : 'page_view';
        let productionId: string | null = null;
        let performanceId: string | null = null;
        let unitId: string | null = null;
        if (k >= 0.5) {
          const p = Math.floor(productions.length * rng() ** 1.6);
          const production = productions[p] as { id: string; unitId: string | null };
          productionId = production.id;
          unitId = production.unitId;
          if (kind !== 'page_view') performanceId = (performanceIds[p] as string[])[Math.floor(rng() * 20)] as string;
        }
        const source = kind.startsWith('email') ? 'campaigns' : kind === 'page_view' ? 'web' : 'ticketing';
        insertInteraction.run(benchId('a1a1', n), houseId, contactId, contactId === null ? `p-${n % 5000}` : null, kind, occurredAt, source, unitId, productionId, performanceId, occurredAt);
      }
    })();
  }
  timings.interactionsMs = Math.round(performance.now() - phase);

  timings.indexesMs = finish();
  timings.totalMs = Math.round(performance.now() - started);
  return { houseId, buildMs: timings };
}

/** What the benchmark counts: three conditions, one of them behavioural. */
const rules: SegmentRule = { all: [{ language: ['de'] }, { consent: 'newsletter' }, { attended: { atLeast: 2, genre: 'opera', months: 24 } }] };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Runs `work` several times: the first run is cold, the figure is the median of the others. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; coldMs: number; warmMedianMs: number; warmMs: number[]; cpuMs: number }> {
  const times: number[] = [];
  let result: T | undefined;
  const cpuBefore = process.cpuUsage();
  for (let run = 0; run < Math.max(runs, 2); run += 1) {
    const started = performance.now();
    result = await work();
    times.push(Math.round(performance.now() - started));
  }
  const cpu = process.cpuUsage(cpuBefore);
  const warm = times.slice(1);
  return { result: result as T, coldMs: times[0] as number, warmMedianMs: median(warm), warmMs: warm, cpuMs: Math.round((cpu.user + cpu.system) / 1000 / times.length) };
}

async function measure(file: string, houseId: string): Promise<void> {
  const database = await openDatabase({ engine: 'sqlite', url: file });
  const raw = new SQLite(file, { readonly: true });
  try {
    const clock = { now: () => NOW };
    const segments = createSegmentService({ database, clock });
    const scope = { houseId, unitId: null };
    const context = (form: EvaluationForm, purpose: Purpose | null) => ({ engine: 'sqlite' as const, houseId, now: NOW, purpose, form, segments: new Map() });
    const draft = { id: 'bench', unitId: null, kind: 'rules' as const, rules };
    const countOnly = (form: EvaluationForm, purpose: Purpose | null) =>
      database.db.selectFrom('contact as c').select(sql<number>`count(*)`.as('n')).where(segmentCondition(draft, context(form, purpose)));
    const common = { bench: 'segment-count', engine: 'sqlite', contacts: contactCount, interactions: interactionCount, rules, targetMs: 2000, node: process.version };
    const report = (what: string, figures: Awaited<ReturnType<typeof timed>>, extra: Record<string, unknown>) =>
      console.log(JSON.stringify({ ...common, what, ...extra, coldMs: figures.coldMs, warmMedianMs: figures.warmMedianMs, warmMs: figures.warmMs, cpuMsPerRun: figures.cpuMs, loadAverage: loadAverage() }));

    const plan = (query: ReturnType<typeof countOnly>) => {
      const compiled = query.compile();
      return (raw.prepare(`explain query plan ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as { detail: string }[]).map((row) => row.detail);
    };

    // What the API answers (POST /api/segments/count): the total and the reach of every purpose, one query.
    const api = await timed(() => segments.count(scope, { rules }, 'bench'));
    report('POST /api/segments/count (total + reachable per purpose, one query)', api, { count: api.result.count, reachable: api.result.reachable });
    for (const [form, purpose] of [['exists', null], ['exists', 'newsletter'], ['in', null]] as [EvaluationForm, Purpose | null][]) {
      const query = countOnly(form, purpose);
      const figures = await timed(async () => Number((await query.executeTakeFirstOrThrow()).n));
      report(`count(*) only, form ${form}${purpose === null ? '' : `, for ${purpose}`}`, figures, { count: figures.result, plan: plan(query) });
    }
    // Other shapes through the API, for the record: a broad segment (the reach of every
    // purpose is then counted over 700,000 contacts) and one that reads all of history.
    for (const [name, other] of [
      ['broad: language de', { language: ['de'] }],
      ['lapsed: attended before, not in 18 months, and German', { all: [{ language: ['de'] }, { lapsed: {} }] }],
      ['first-time visitors of the last 12 months', { firstTime: {} }],
    ] as [string, SegmentRule][]) {
      const figures = await timed(() => segments.count(scope, { rules: other }, 'bench'));
      report(`POST /api/segments/count, ${name}`, figures, { rules: other, count: figures.result.count, reachable: figures.result.reachable });
    }
    // Campaigns: the first batches of ids with newsletter consent, as contactIds() fetches them.
    const segment = await segments.createSegment(scope, { name: `Bench ${Date.now()}`, rules }, 'bench');
    const batch = await timed(() => segments.contactIds(houseId, segment.id, { purpose: 'newsletter', limit: 1000 }));
    report('contactIds(): first batch of 1,000 ids (form exists)', batch, { ids: batch.result.length });
    await segments.deleteSegment(scope, segment.id);
  } finally {
    raw.close();
    await database.close();
  }
}

const given = arg('db');
const folder = given === undefined ? mkdtempSync(join(tmpdir(), 'foyer-bench-segments-')) : undefined;
const file = given ?? join(folder as string, 'foyer.db');
try {
  let houseId: string;
  if (given !== undefined && existsSync(given)) {
    const raw = new SQLite(given, { readonly: true });
    houseId = (raw.prepare("select id from house where slug = 'stadttheater-bench'").get() as { id: string }).id;
    contactCount = (raw.prepare('select count(*) as n from contact').get() as { n: number }).n;
    interactionCount = (raw.prepare('select count(*) as n from interaction').get() as { n: number }).n;
    raw.close();
    console.log(JSON.stringify({ bench: 'segment-count', phase: 'build', reused: given }));
  } else {
    const built = await build(file);
    houseId = built.houseId;
    console.log(
      JSON.stringify({ bench: 'segment-count', phase: 'build', contacts: contactCount, interactions: interactionCount, ...built.buildMs, loadAverage: loadAverage(), node: process.version }),
    );
  }
  await measure(file, houseId);
} finally {
  if (folder !== undefined && !keep) rmSync(folder, { recursive: true, force: true });
}
