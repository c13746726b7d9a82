import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFoyer, type Foyer } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../core/db/database.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../core/mail/testing.ts';
import { createTestApp, type TestApp } from '../../core/testing/app.ts';
import { testEngine, testPostgresUrl } from '../../core/testing/database.ts';
import { addPerson, createNewsletter, everyoneSegment, senderOf } from './test-fixtures.ts';

/*
 * Two Foyer instances (two worker processes, as far as the database can tell: separate
 * pools, separate senders) drain one newsletter at once. On SQLite one process owns the
 * file and its one writer, so the case is PostgreSQL's: SKIP LOCKED must hand every
 * message to exactly one of them.
 */

const PEOPLE = 120;
let smtp: TestSmtpServer;
let t: TestApp;
let second: Foyer;

describe.skipIf(testEngine !== 'postgres')('two workers on one PostgreSQL database', () => {
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    const env = { FOYER_SMTP_URL: smtp.url, FOYER_LOG_LEVEL: 'silent' as const };
    t = await createTestApp({ env });
    const database = await openDatabase({ engine: 'postgres', url: testPostgresUrl }, { schema: t.foyer.database.schema ?? 'public', poolSize: 5 });
    second = await createFoyer({ config: loadConfig(env), database, clock: t.clock });
  });
  afterAll(async () => {
    await second.close();
    await second.database.close();
    await t.close();
    await smtp.close();
  });

  it('sends every message exactly once while both drain at the same time', async () => {
    for (let i = 0; i < PEOPLE; i += 1) await addPerson(t, `Gast ${i}`);
    const headers = await t.as('marketing');
    const campaign = await createNewsletter(t, headers, await everyoneSegment(t));
    await t.foyer.http.inject({ method: 'POST', url: `/api/campaigns/campaigns/${campaign.id}/schedule`, headers, payload: {} });
    // Both scan too: the checkpoint's compare-and-set lets one walk win, the unique key keeps the log single.
    await Promise.all([t.foyer.services.campaignScanner.scan(), second.services.campaignScanner.scan()]);

    // Small batches, so that the two claim turn about many times.
    const [one, two] = await Promise.all([senderOf(t.foyer, 10).drain(), senderOf(second, 10).drain()]);
    expect(one.sent + two.sent).toBe(PEOPLE);
    expect(one.sent).toBeGreaterThan(0);
    expect(two.sent).toBeGreaterThan(0);

    const recipients = smtp.received.map((mail) => (Array.isArray(mail.to) ? '' : (mail.to?.value[0]?.address ?? '')));
    expect(recipients).toHaveLength(PEOPLE);
    expect(new Set(recipients).size).toBe(PEOPLE);
    const messageIds = smtp.received.map((mail) => mail.messageId);
    expect(new Set(messageIds).size).toBe(PEOPLE);
    const progress = await t.foyer.http.inject({ method: 'GET', url: `/api/campaigns/campaigns/${campaign.id}/progress`, headers });
    expect(progress.json()).toMatchObject({ status: 'sent', walked: PEOPLE, counts: { sent: PEOPLE } });
  });
});
