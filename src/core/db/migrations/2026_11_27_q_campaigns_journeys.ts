import type { Kysely } from 'kysely';

/*
 * Campaigns, their delivery log and journeys (src/campaigns/sending, src/campaigns/journeys,
 * src/campaigns/autopilot):
 * - campaign: one mail with its content (a library template, optionally edited per
 *   language) and, for a newsletter, its audience and schedule. A journey's send step
 *   names a campaign of kind 'journey', so every mail has its statistics in one place.
 * - campaign_message: the delivery log and the outbox in one. A send or a journey step
 *   writes a row per person in the transaction that decides it; the sender drains queued
 *   rows. The unique source_key (per house) is what makes a crash or a second worker
 *   harmless: 'c:<campaign>:<contact>' or 'j:<enrollment>:<node>' can exist only once.
 * - campaign_settings: a house's frequency cap and quiet hours.
 * - journey / journey_enrollment: the definition (trigger and graph as JSON) and each
 *   person's progress through it.
 * - autopilot_rule: which ready-made automations a house has switched on.
 * - contact_tag: tags set by journeys and staff (part of the audience; erased with the person).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('campaign')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('unit_id', 'text', (c) => c.references('unit.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // newsletter (sent once to a segment) | journey (sent by journey steps)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('template_key', 'text', (c) => c.notNull())
    // JSON {de?: {subject, preheader, body}, en?: {...}}: the edited sources; a missing language uses the library's
    .addColumn('content', 'text')
    .addColumn('production_id', 'text')
    .addColumn('performance_id', 'text')
    .addColumn('segment_id', 'text')
    // draft | awaiting_approval | scheduled | sending | paused | sent | cancelled; journey mails: active | archived
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text')
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    // The last contact id written to the log by the segment walk; resume continues after it.
    .addColumn('checkpoint', 'text')
    // When the segment walk reached its end: from then on the send is over once no row waits.
    .addColumn('walked_at', 'text')
    .addColumn('recipients', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pause_reason', 'text')
    .addColumn('autopilot_rule', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaign_house').on('campaign').columns(['house_id', 'created_at']).execute();
  // The scanner: newsletters due to start or still walking their segment.
  await db.schema.createIndex('campaign_status').on('campaign').columns(['status', 'scheduled_at']).execute();

  await db.schema
    .createTable('campaign_message')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaign.id').onDelete('cascade'))
    .addColumn('journey_id', 'text')
    .addColumn('enrollment_id', 'text')
    .addColumn('node_id', 'text')
    .addColumn('variant', 'text')
    // Null once the person is erased: the log keeps the counts, not the person.
    .addColumn('contact_id', 'text')
    .addColumn('source_key', 'text', (c) => c.notNull())
    // JSON {productionId?, performanceId?}: what a journey's trigger was about, for the template's blocks
    .addColumn('focus', 'text')
    // held | queued | sending | sent | failed | skipped | cancelled
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('not_before', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('smtp_message_id', 'text')
    .addColumn('bounced_at', 'text')
    .addColumn('opened_at', 'text')
    .addColumn('clicked_at', 'text')
    .addColumn('unsubscribed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('campaign_message_source', ['house_id', 'source_key'])
    .execute();
  // The sender's drain: queued rows whose time has come.
  await db.schema.createIndex('campaign_message_due').on('campaign_message').columns(['state', 'not_before']).execute();
  // Progress and statistics per campaign.
  await db.schema.createIndex('campaign_message_campaign').on('campaign_message').columns(['campaign_id', 'state']).execute();
  // The frequency cap, opens and clicks: one person's recent messages.
  await db.schema.createIndex('campaign_message_contact').on('campaign_message').columns(['contact_id', 'sent_at']).execute();
  // A journey's statistics per step (the builder's overlay).
  await db.schema.createIndex('campaign_message_journey').on('campaign_message').columns(['journey_id', 'node_id']).execute();

  await db.schema
    .createTable('campaign_settings')
    .addColumn('house_id', 'text', (c) => c.primaryKey().references('house.id').onDelete('cascade'))
    .addColumn('frequency_cap', 'integer', (c) => c.notNull())
    .addColumn('frequency_days', 'integer', (c) => c.notNull())
    // 'HH:MM' in the house's time zone; equal means no quiet hours
    .addColumn('quiet_start', 'text', (c) => c.notNull())
    .addColumn('quiet_end', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('journey')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('unit_id', 'text', (c) => c.references('unit.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // draft | active | paused | archived
    .addColumn('status', 'text', (c) => c.notNull())
    // autopilot | approval
    .addColumn('mode', 'text', (c) => c.notNull())
    // JSON JourneyTrigger and JourneyGraph (src/campaigns/journeys/definition.ts)
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('graph', 'text', (c) => c.notNull())
    // JSON: where the trigger's scan stands (the last cron tick, the segment's last run)
    .addColumn('trigger_state', 'text')
    .addColumn('autopilot_rule', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('activated_at', 'text')
    // JSON {nodeId: people who went through the step}: the builder's overlay, counted by the engine per batch
    .addColumn('step_counts', 'text')
    .execute();
  await db.schema.createIndex('journey_house').on('journey').columns(['house_id', 'status']).execute();

  await db.schema
    .createTable('journey_enrollment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('journey_id', 'text', (c) => c.notNull().references('journey.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull())
    // What this pass is about: '' for a segment entry, the performance id, the order id, the cron tick
    .addColumn('trigger_key', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull())
    // waiting | completed | exited
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('wake_at', 'text', (c) => c.notNull())
    // JSON {productionId?, performanceId?, orderId?, variant?}
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('journey_enrollment_once', ['journey_id', 'contact_id', 'trigger_key'])
    .execute();
  // The engine's scan: who is due for their next step.
  await db.schema.createIndex('journey_enrollment_due').on('journey_enrollment').columns(['state', 'wake_at']).execute();
  await db.schema.createIndex('journey_enrollment_contact').on('journey_enrollment').columns(['contact_id']).execute();
  // The engine's batches: one journey's due people in (wake_at, id) order, the checkpoint's order.
  await db.schema.createIndex('journey_enrollment_step').on('journey_enrollment').columns(['journey_id', 'state', 'wake_at', 'id']).execute();

  await db.schema
    .createTable('autopilot_rule')
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('journey_id', 'text')
    // When the rule was last switched on: a new production counts from here, not from the house's past.
    .addColumn('enabled_at', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('autopilot_rule_pk', ['house_id', 'rule'])
    .execute();

  await db.schema
    .createTable('contact_tag')
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contact.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_tag_pk', ['contact_id', 'tag'])
    .execute();
  await db.schema.createIndex('contact_tag_house').on('contact_tag').columns(['house_id', 'tag']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['contact_tag', 'autopilot_rule', 'journey_enrollment', 'journey', 'campaign_settings', 'campaign_message', 'campaign']) {
    await db.schema.dropTable(table).execute();
  }
}
