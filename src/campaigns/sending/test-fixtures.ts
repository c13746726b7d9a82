import type { Purpose } from '../../audience/model.ts';
import type { Foyer } from '../../app.ts';
import type { TestApp } from '../../core/testing/app.ts';
import { newId } from '../../core/ids.ts';
import { createSender } from './sender.ts';
import { createBulkTransport } from './transport.ts';

/* What the sending tests share: people with consents, a segment of them, and a newsletter to it. */

export interface Person {
  id: string;
  email: string;
  name: string;
}

export async function addPerson(t: TestApp, name: string, purposes: readonly Purpose[] = ['newsletter'], options: { houseId?: string; language?: 'de' | 'en' } = {}): Promise<Person> {
  const houseId = options.houseId ?? t.house.id;
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${newId().slice(-6)}@example.org`;
  const { contact } = await t.foyer.services.audience.contacts.create({ houseId, unitId: null }, 'staff:test', { email, name, language: options.language ?? 'de' });
  for (const purpose of purposes) {
    await t.foyer.services.audience.consents.grant({ houseId, contactId: contact.id, purpose, source: 'staff', legalBasis: 'consent', proof: { staffRef: 'staff:test' }, actor: 'staff:test' });
  }
  return { id: contact.id, email, name };
}

export async function everyoneSegment(t: TestApp, houseId = t.house.id): Promise<string> {
  const segment = await t.foyer.services.segments.createSegment({ houseId, unitId: null }, { name: `Alle ${newId().slice(-6)}`, rules: { language: ['de', 'en'] } }, 'system:test');
  return segment.id;
}

/** An edited newsletter whose body greets the person and links to the programme. */
export const greetingContent = {
  de: {
    subject: 'Neu im Spielplan, {{ contact.firstName }}',
    preheader: 'Unsere Woche',
    body: '<mj-section><mj-column><mj-text><p>Hallo {{ contact.firstName }}!</p><p><a href="https://theater.example/spielplan">Zum Spielplan</a></p></mj-text></mj-column></mj-section>',
  },
};

export async function createNewsletter(t: TestApp, headers: Record<string, string>, segmentId: string, extra: Record<string, unknown> = {}): Promise<{ id: string; status: string }> {
  const response = await t.foyer.http.inject({
    method: 'POST',
    url: '/api/campaigns/campaigns',
    headers,
    payload: { name: 'Herbstnewsletter', kind: 'newsletter', templateKey: 'last_tickets', content: greetingContent, segmentId, ...extra },
  });
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json<{ id: string; status: string }>();
}

/** Scans and drains until nothing is left to do: what the worker's jobs do, without waiting for them. */
export async function runSending(t: TestApp): Promise<void> {
  await t.foyer.services.campaignScanner.scan();
  await t.foyer.services.campaignSender.drain();
}

export async function messageStates(t: TestApp, campaignId: string): Promise<{ contact_id: string | null; state: string; reason: string | null }[]> {
  return t.foyer.database.db.selectFrom('campaign_message').select(['contact_id', 'state', 'reason']).where('campaign_id', '=', campaignId).orderBy('contact_id').execute();
}

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** A sender over an instance's parts with small batches: to stop between batches, or to race another. */
export function senderOf(foyer: Foyer, batchSize: number) {
  const s = foyer.services;
  return createSender({
    database: foyer.database,
    clock: foyer.clock,
    templates: s.campaignTemplates,
    marketingMail: s.marketingMail,
    settings: s.sendSettings,
    transport: createBulkTransport({ settings: foyer.config.mail, pool: 2, ratePerSecond: null, logger: quiet }),
    logger: quiet,
    parallel: 4,
    batchSize,
  });
}
