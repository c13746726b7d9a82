import type { Purpose } from '../../audience/model.ts';
import type { SegmentService } from '../../audience/segments/service.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { writeTransaction } from '../../core/db/transaction.ts';
import { newId } from '../../core/ids.ts';
import { libraryEntry } from '../templates/library.ts';
import { newsletterSourceKey } from './model.ts';
import * as store from './store.ts';

/*
 * The scanner (listmonk's shape): finds newsletters whose time has come, and walks each
 * one's segment in batches after its checkpoint. Each batch writes its queued messages
 * and the new checkpoint in one short transaction, so a crash, a pause or a second
 * scanner continues where the last commit stopped; the unique source key makes a batch
 * written twice harmless. Consent is checked in the segment's query for every batch: a
 * person who revoked meanwhile is not written at all (and the sender checks again).
 */

/** Contacts written per transaction: short enough not to hold SQLite's write lock for long. */
export const WALK_BATCH = 2000;

export function purposeOfTemplate(templateKey: string): Purpose {
  return libraryEntry(templateKey)?.kind === 'service' ? 'ticketing' : 'newsletter';
}

export function createScanner(deps: { database: Database; clock: Clock; segments: Pick<SegmentService, 'contactIds' | 'countSegment'>; batchSize?: number }) {
  const { database, clock, segments } = deps;
  const { db } = database;
  const batchSize = deps.batchSize ?? WALK_BATCH;

  /** Starts a due newsletter: its expected audience is counted once, for progress. */
  async function start(campaign: store.CampaignRow): Promise<boolean> {
    const now = clock.now().toISOString();
    const purpose = purposeOfTemplate(campaign.template_key);
    const expected = campaign.segment_id === null ? 0 : (await segments.countSegment({ houseId: campaign.house_id, unitId: null }, campaign.segment_id, purpose)).count;
    return store.changeStatus(db, campaign.house_id, campaign.id, ['scheduled'], { status: 'sending', started_at: now, recipients: expected, updated_at: now });
  }

  /** One batch of the walk; false when the walk has ended (done, paused, cancelled, or taken by another scanner). */
  async function walkBatch(campaignId: string, houseId: string): Promise<boolean> {
    const campaign = await store.findCampaign(db, { houseId, unitId: null }, campaignId);
    if (campaign === undefined || campaign.status !== 'sending' || campaign.walked_at !== null || campaign.segment_id === null) return false;
    const purpose = purposeOfTemplate(campaign.template_key);
    const ids = await segments.contactIds(houseId, campaign.segment_id, { purpose, afterId: campaign.checkpoint, limit: batchSize });
    const now = clock.now().toISOString();
    return writeTransaction(database, async (trx) => {
      // Compare and set on the checkpoint: the first of two scanners commits, the second writes nothing.
      let claim = trx.updateTable('campaign').set({ checkpoint: ids.at(-1) ?? campaign.checkpoint, updated_at: now }).where('id', '=', campaignId).where('status', '=', 'sending');
      claim = campaign.checkpoint === null ? claim.where('checkpoint', 'is', null) : claim.where('checkpoint', '=', campaign.checkpoint);
      if (Number((await claim.executeTakeFirst()).numUpdatedRows) === 0) return false;
      if (ids.length === 0) {
        const written = await store.messageCount(trx, houseId, campaignId);
        await store.updateCampaign(trx, houseId, campaignId, { walked_at: now, recipients: written });
        return false;
      }
      await store.insertMessages(
        trx,
        ids.map((contactId) => ({
          id: newId(),
          house_id: houseId,
          campaign_id: campaignId,
          journey_id: null,
          enrollment_id: null,
          node_id: null,
          variant: null,
          contact_id: contactId,
          source_key: newsletterSourceKey(campaignId, contactId),
          focus: null,
          state: 'queued',
          reason: null,
          not_before: now,
          lease_until: null,
          attempts: 0,
          queued_at: now,
          sent_at: null,
          smtp_message_id: null,
          bounced_at: null,
          opened_at: null,
          clicked_at: null,
          unsubscribed_at: null,
          updated_at: now,
        })),
      );
      return true;
    });
  }

  /**
   * Starts and walks every due newsletter, `maxBatches` transactions at most (the job
   * comes again for the rest); answers how many batches it wrote.
   */
  async function scan(options: { maxBatches?: number } = {}): Promise<number> {
    const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
    let batches = 0;
    for (const campaign of await store.dueNewsletters(db, clock.now().toISOString(), 50)) {
      if (campaign.status === 'scheduled' && !(await start(campaign))) continue;
      while (batches < maxBatches && (await walkBatch(campaign.id, campaign.house_id))) batches += 1;
    }
    return batches;
  }

  return { scan, walkBatch };
}

export type Scanner = ReturnType<typeof createScanner>;
