/*
 * A newsletter to many contacts, rendered and delivered over SMTP on loopback (issue 5:
 * at least 100,000 messages per minute).
 *
 *   npm run bench -- campaign-send [--contacts N] [--pool N] [--workers N] [--tracked PERCENT]
 *
 * Builds a SQLite house with N contacts (default 100,000) holding newsletter consent,
 * PERCENT of them (default 40) also behavioural_analysis consent, so that their mails
 * carry click redirects and the open pixel; loaded in bulk; then, through the real composition (createFoyer): a segment of all of
 * them, a newsletter from the season announcement with the personal recommendations
 * block, scheduled; the scanner walks the segment into the delivery log, and the sender
 * drains it to an SMTP sink on loopback through FOYER_SMTP_POOL connections. With
 * --workers N (default 2, one per core of the machine it was measured on) N sender
 * processes drain the same database at once, as N `foyer worker` processes would: this
 * one and N - 1 children, started before the clock runs. The figure is the installation's:
 * all messages the sink received, over the wall time of the send; the CPU seconds are
 * those of all sender processes together, and the sink's are shown apart.
 *
 * The sink is lean on purpose and runs in its own process: smtp-server speaking real
 * SMTP, counting the bytes of each message and throwing them away (parsing every mail,
 * as the tests' server does, would measure mailparser, not Foyer). One JSON line per
 * phase; the last one has messages per minute.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { createFoyer } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { arg, createBenchHouse, loadAverage, openForBulkLoad } from './_audience.ts';

if (process.argv.includes('--sink')) {
  let messages = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        messages += 1;
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.server.address();
    process.send?.({ port: typeof address === 'object' && address !== null ? address.port : 0 });
  });
  process.on('message', () => process.send?.({ messages, cpu: process.cpuUsage() }));
} else if (process.argv.includes('--worker')) {
  await worker();
} else {
  await main();
}

/**
 * A second sender process (what `foyer worker` runs, without the job queue around it):
 * opens the same SQLite file, waits for the start, drains, and reports what it sent and
 * the CPU it used meanwhile.
 */
async function worker(): Promise<void> {
  const env = JSON.parse(arg('env') ?? '{}') as Record<string, string>;
  const foyer = await createFoyer({ config: loadConfig(env), database: await openDatabase({ engine: 'sqlite', url: arg('file') ?? '' }), clock: { now: () => new Date() } });
  process.once('message', async () => {
    const before = process.cpuUsage();
    const result = await foyer.services.campaignSender.drain();
    const cpu = process.cpuUsage(before);
    process.send?.({ sent: result.sent, skipped: result.skipped, failed: result.failed, cpuMs: (cpu.user + cpu.system) / 1000 });
    await foyer.close();
    await foyer.database.close();
    process.exit(0);
  });
  process.send?.({ ready: true });
}

interface WorkerReport {
  sent: number;
  skipped: number;
  failed: number;
  cpuMs: number;
}

async function startWorker(file: string, env: Record<string, string>): Promise<{ start(): Promise<WorkerReport> }> {
  const child = fork(new URL(import.meta.url).pathname, ['--worker', '--file', file, '--env', JSON.stringify(env)], { stdio: 'inherit' });
  await new Promise((resolve) => child.once('message', resolve));
  return {
    start() {
      const done = new Promise<WorkerReport>((resolve) => child.once('message', (report: WorkerReport) => resolve(report)));
      child.send('go');
      return done;
    },
  };
}

/** UUID-shaped ids (the mail links check the shape), sorted by their counter as UUIDv7 sorts by time. */
function uuidOf(tag: 'c' | 'd' | 'e', n: number): string {
  return `${tag}0000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

async function startSink(): Promise<{ child: ChildProcess; port: number; count(): Promise<{ messages: number; cpuMs: number }> }> {
  const child = fork(new URL(import.meta.url).pathname, ['--sink'], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve) => child.once('message', (message: { port: number }) => resolve(message.port)));
  return {
    child,
    port,
    count: () =>
      new Promise((resolve) => {
        child.once('message', (message: { messages: number; cpu: NodeJS.CpuUsage }) => resolve({ messages: message.messages, cpuMs: (message.cpu.user + message.cpu.system) / 1000 }));
        child.send('count');
      }),
  };
}

async function main(): Promise<void> {
  const contacts = Number.parseInt(arg('contacts') ?? '100000', 10);
  const pool = Number.parseInt(arg('pool') ?? '8', 10);
  /** Sender processes: this one and workers - 1 more on the same database, as `foyer worker` processes would be. */
  const workers = Number.parseInt(arg('workers') ?? '2', 10);
  /** Share of contacts with behavioural_analysis consent: their mails get click redirects and the open pixel. */
  const trackedPercent = Number.parseInt(arg('tracked') ?? '40', 10);
  const common = { bench: 'campaign-send', contacts, pool, processes: workers, trackedShare: trackedPercent / 100, node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length };
  const folder = mkdtempSync(join(tmpdir(), 'foyer-send-'));
  const file = join(folder, 'foyer.db');
  const now = new Date();
  const clock = { now: () => new Date() };
  try {
    let started = performance.now();
    const { database, houseId } = await createBenchHouse(file, now, []);
    await database.close();
    const bulk = openForBulkLoad(file);
    const at = now.toISOString();
    const expires = new Date(now.getTime() + 365 * 86_400_000).toISOString();
    const insertContact = bulk.raw.prepare(
      "insert into contact (id, house_id, email, email_normalised, name, phone, language, postal_code, birth_year, interests, source, created_at, updated_at) values (?, ?, ?, ?, ?, null, ?, null, null, ?, 'import', ?, ?)",
    );
    const insertConsent = bulk.raw.prepare(
      "insert into consent (id, purpose, house_id, contact_id, status, legal_basis, source, text_version, requested_at, granted_at, expires_at, revoked_at, proof, confirmation_token_hash, retention_done_at, updated_at) values (?, ?, ?, ?, 'granted', 'consent', 'import', 'v1', ?, ?, ?, null, '{}', null, null, ?)",
    );
    const genres = ['opera', 'drama', 'ballet', 'orchestral', 'jazz'];
    const first = ['Erika', 'Jürgen', 'Özlem', 'Anna', 'Jonas', 'Mia', 'Lukas', 'Sophie'];
    bulk.raw.transaction(() => {
      for (let i = 0; i < contacts; i += 1) {
        const id = uuidOf('c', i);
        const email = `gast${i}@example.org`;
        insertContact.run(id, houseId, email, email, `${first[i % first.length]} Muster-${i}`, i % 5 === 0 ? 'en' : 'de', JSON.stringify(genres.slice(i % 3, (i % 3) + (i % 3))), at, at);
        insertConsent.run(uuidOf('d', i), 'newsletter', houseId, id, at, at, expires, at);
        if (i % 100 < trackedPercent) insertConsent.run(uuidOf('e', i), 'behavioural_analysis', houseId, id, at, at, expires, at);
      }
    })();
    const indexMs = bulk.finish();
    console.log(JSON.stringify({ ...common, phase: 'seed', rows: contacts, ms: Math.round(performance.now() - started), indexMs }));

    const sink = await startSink();
    const env = { FOYER_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, FOYER_SMTP_POOL: String(pool), FOYER_LOG_LEVEL: 'warn', FOYER_PUBLIC_URL: 'https://foyer.theater-auenstadt.example' };
    const foyer = await createFoyer({ config: loadConfig(env), database: await openDatabase({ engine: 'sqlite', url: file }), clock });
    const scope = { houseId, unitId: null };
    const segment = await foyer.services.segments.createSegment(scope, { name: 'Alle', rules: { language: ['de', 'en'] } }, 'system:bench');
    const actor = { kind: 'api_key' as const, id: 'bench', houseId, unitId: null, name: 'bench', permissions: new Set(['campaigns:write', 'campaigns:approve'] as const) };
    const body = (greeting: string) =>
      `<mj-section><mj-column><mj-text><p>${greeting} {{ contact.firstName }},</p><p>die neue Spielzeit beginnt.</p><h2>Was Sie interessieren könnte</h2>{% content "recommendations" %}</mj-text></mj-column></mj-section>`;
    const campaign = await foyer.services.campaigns.create(actor, {
      name: 'Spielzeit 2026/27',
      kind: 'newsletter',
      templateKey: 'season_announcement',
      segmentId: segment.id,
      content: { de: { subject: 'Die neue Spielzeit, {{ contact.firstName }}', preheader: 'Wir freuen uns auf Sie', body: body('Liebe:r') }, en: { subject: 'The new season, {{ contact.firstName }}', preheader: 'See you soon', body: body('Dear') } },
    });
    // Quiet hours off: the benchmark runs at any hour.
    await foyer.services.sendSettings.put(houseId, { frequencyCap: 100, frequencyDays: 7, quietStart: '00:00', quietEnd: '00:00' });
    await foyer.services.campaigns.schedule(actor, campaign.id, {});

    started = performance.now();
    await foyer.services.campaignScanner.scan();
    const walkMs = Math.round(performance.now() - started);
    console.log(JSON.stringify({ ...common, phase: 'walk', rows: contacts, ms: walkMs, loadAverage: loadAverage() }));

    // The other sender processes start (imports, composition) before the clock runs, as running workers would have.
    const others = await Promise.all(Array.from({ length: Math.max(0, workers - 1) }, () => startWorker(file, env)));
    const sinkBefore = await sink.count();
    started = performance.now();
    const cpuBefore = process.cpuUsage();
    const [result, ...reports] = await Promise.all([
      foyer.services.campaignSender.drain().then((drained) => ({ ...drained, cpuMs: NaN })),
      ...others.map((other) => other.start()),
    ]);
    const sendMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const sinkAfter = await sink.count();
    const sent = result.sent + reports.reduce((sum, report) => sum + report.sent, 0);
    const foyerCpuMs = (cpu.user + cpu.system) / 1000 + reports.reduce((sum, report) => sum + report.cpuMs, 0);
    const totalSeconds = (walkMs + sendMs) / 1000;
    console.log(
      JSON.stringify({
        ...common,
        phase: 'send',
        rows: sent,
        // Counted by the sink: every message it received in full over SMTP during the send.
        received: sinkAfter.messages - sinkBefore.messages,
        sentPerProcess: [result.sent, ...reports.map((report) => report.sent)],
        skipped: result.skipped + reports.reduce((sum, report) => sum + report.skipped, 0),
        failed: result.failed + reports.reduce((sum, report) => sum + report.failed, 0),
        sendSeconds: Math.round(sendMs) / 1000,
        totalSeconds: Math.round(totalSeconds * 1000) / 1000,
        messagesPerMinute: Math.round((sent / sendMs) * 60_000),
        messagesPerMinuteWithWalk: Math.round((sent / totalSeconds) * 60),
        foyerCpuSeconds: Math.round(foyerCpuMs) / 1000,
        foyerCpuMsPerMessage: Math.round((foyerCpuMs / sent) * 1000) / 1000,
        sinkCpuSeconds: Math.round(sinkAfter.cpuMs - sinkBefore.cpuMs) / 1000,
        loadAverage: loadAverage(),
      }),
    );
    await foyer.close();
    await foyer.database.close();
    sink.child.kill();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
