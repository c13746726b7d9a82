import type { Kysely } from 'kysely';

/*
 * The visitor assistant (src/assistant):
 * - assistant_settings: per house, whether the assistant answers, the dialogue team's
 *   hours, the topics only a person answers, and how long conversations are kept.
 * - assistant_knowledge_entry: the house's FAQ, question variants and answer in both
 *   languages, with linked pages.
 * - assistant_conversation and assistant_message: what visitors and the house said.
 *   Personal data: exported and erased with the person, deleted after the retention period.
 * - assistant_unanswered: questions the assistant could not answer, grouped by text, for
 *   the knowledge-base editor. Deleted with their conversation's retention.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('assistant_settings')
    .addColumn('house_id', 'text', (c) => c.primaryKey().references('house.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('team_hours', 'text', (c) => c.notNull())
    .addColumn('human_only_topics', 'text', (c) => c.notNull())
    .addColumn('retention_days', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('assistant_knowledge_entry')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('questions_de', 'text', (c) => c.notNull())
    .addColumn('questions_en', 'text', (c) => c.notNull())
    .addColumn('answer_de', 'text', (c) => c.notNull())
    .addColumn('answer_en', 'text', (c) => c.notNull())
    .addColumn('links', 'text', (c) => c.notNull())
    .addColumn('human_only', 'integer', (c) => c.notNull())
    .addColumn('demo_key', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assistant_knowledge_entry_house').on('assistant_knowledge_entry').columns(['house_id', 'topic']).execute();

  await db.schema
    .createTable('assistant_conversation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    // open | handed_over | closed
    .addColumn('status', 'text', (c) => c.notNull())
    // requested | not_understood | human_only
    .addColumn('handover_reason', 'text')
    .addColumn('assigned_to', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('visitor_name', 'text')
    .addColumn('visitor_email', 'text')
    .addColumn('dialogue_state', 'text', (c) => c.notNull())
    .addColumn('failed_understandings', 'integer', (c) => c.notNull())
    .addColumn('page_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_message_at', 'text', (c) => c.notNull())
    .addColumn('visitor_seen_at', 'text', (c) => c.notNull())
    .addColumn('handed_over_at', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  // The inbox (by status, newest first) and the retention sweep (by last message).
  await db.schema.createIndex('assistant_conversation_inbox').on('assistant_conversation').columns(['house_id', 'status', 'last_message_at']).execute();
  await db.schema.createIndex('assistant_conversation_retention').on('assistant_conversation').columns(['house_id', 'last_message_at']).execute();
  await db.schema.createIndex('assistant_conversation_contact').on('assistant_conversation').columns(['contact_id']).execute();

  await db.schema
    .createTable('assistant_message')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('assistant_conversation.id').onDelete('cascade'))
    .addColumn('house_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    // visitor | assistant | staff
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('staff_user_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('intent', 'text')
    .addColumn('confidence', 'real')
    .addColumn('entities', 'text')
    // quick replies, cards and links shown with an assistant message
    .addColumn('payload', 'text')
    .addColumn('emailed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('assistant_message_seq', ['conversation_id', 'seq'])
    .execute();
  // Statistics per house and period.
  await db.schema.createIndex('assistant_message_house').on('assistant_message').columns(['house_id', 'created_at']).execute();

  await db.schema
    .createTable('assistant_unanswered')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    // lower-cased, whitespace-collapsed: the same question asked twice is counted, not repeated
    .addColumn('normalised', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text')
    .addColumn('times_asked', 'integer', (c) => c.notNull())
    // open | dismissed | answered
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text')
    .addColumn('first_asked_at', 'text', (c) => c.notNull())
    .addColumn('last_asked_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('assistant_unanswered_text', ['house_id', 'normalised'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('assistant_unanswered').execute();
  await db.schema.dropTable('assistant_message').execute();
  await db.schema.dropTable('assistant_conversation').execute();
  await db.schema.dropTable('assistant_knowledge_entry').execute();
  await db.schema.dropTable('assistant_settings').execute();
}
