import { sql } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../audience/audit/store.ts';
import type { Clock } from '../core/clock.ts';
import type { Database, Executor } from '../core/db/database.ts';
import type { Jobs } from '../core/jobs/jobs.ts';
import { defineJob } from '../core/jobs/model.ts';
import { defaultAssistantSettings } from './settings.ts';

/*
 * Conversations are personal data (issue 7): what a visitor wrote, their name and
 * address. A person's conversations are those linked to their contact or written under
 * their address; they go into the person's export (Art. 15, 20 GDPR) and are deleted
 * with the person (Art. 17), in the erasure's own transaction: the erasure event arrives
 * after the contact row, and with it the address, is gone. Every day the retention job
 * deletes conversations whose last message is older than the house's retention period,
 * with their messages, and the unanswered questions asked that long ago: a question's
 * text may hold a name or an address as well, and nothing tells which.
 */

export const ASSISTANT_RETENTION_ACTOR = 'system:assistant-retention';

/** Conversations deleted per transaction: short transactions beside the live widget. */
const RETENTION_BATCH = 500;

interface PersonRef {
  id: string;
  /** Lower-cased, as the audience stores it (email_normalised). */
  email: string;
}

/** The person's conversations: linked to the contact, or written under the contact's address. */
function ofPeople(db: Executor, houseId: string, people: readonly PersonRef[]) {
  const ids = people.map((person) => person.id);
  const emails = [...new Set(people.map((person) => person.email))];
  return db
    .selectFrom('assistant_conversation')
    .select('id')
    .where('house_id', '=', houseId)
    .where((eb) => eb.or([eb('contact_id', 'in', ids), eb(sql<string>`lower(visitor_email)`, 'in', emails)]));
}

export interface ExportedConversation {
  id: string;
  language: string;
  status: string;
  visitorName: string | null;
  visitorEmail: string | null;
  pageUrl: string | null;
  createdAt: string;
  lastMessageAt: string;
  closedAt: string | null;
  messages: { seq: number; author: string; text: string; createdAt: string }[];
}

export const exportedConversationDto = z.object({
  id: z.string(),
  language: z.string(),
  status: z.string(),
  visitorName: z.string().nullable(),
  visitorEmail: z.string().nullable(),
  pageUrl: z.string().nullable(),
  createdAt: z.string(),
  lastMessageAt: z.string(),
  closedAt: z.string().nullable(),
  messages: z.array(z.object({ seq: z.number().int(), author: z.string(), text: z.string(), createdAt: z.string() })),
});

/** For the person's export (audience/privacy/export.ts): every conversation with every message, oldest first. */
export async function conversationsOfContact(db: Executor, houseId: string, contact: { id: string; email_normalised: string }): Promise<ExportedConversation[]> {
  const conversations = await db
    .selectFrom('assistant_conversation')
    .select(['id', 'language', 'status', 'visitor_name', 'visitor_email', 'page_url', 'created_at', 'last_message_at', 'closed_at'])
    .where('id', 'in', ofPeople(db, houseId, [{ id: contact.id, email: contact.email_normalised }]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (conversations.length === 0) return [];
  const messages = await db
    .selectFrom('assistant_message')
    .select(['conversation_id', 'seq', 'author', 'text', 'created_at'])
    .where('house_id', '=', houseId)
    .where(
      'conversation_id',
      'in',
      conversations.map((conversation) => conversation.id),
    )
    .orderBy('conversation_id')
    .orderBy('seq')
    .execute();
  return conversations.map((conversation) => ({
    id: conversation.id,
    language: conversation.language,
    status: conversation.status,
    visitorName: conversation.visitor_name,
    visitorEmail: conversation.visitor_email,
    pageUrl: conversation.page_url,
    createdAt: conversation.created_at,
    lastMessageAt: conversation.last_message_at,
    closedAt: conversation.closed_at,
    messages: messages
      .filter((message) => message.conversation_id === conversation.id)
      .map((message) => ({ seq: message.seq, author: message.author, text: message.text, createdAt: message.created_at })),
  }));
}

/** Deletes conversations with their messages and the unanswered questions they hold (by conversation). */
async function deleteConversations(db: Executor, houseId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('assistant_unanswered').where('house_id', '=', houseId).where('conversation_id', 'in', [...ids]).execute();
  await db.deleteFrom('assistant_message').where('house_id', '=', houseId).where('conversation_id', 'in', [...ids]).execute();
  await db.deleteFrom('assistant_conversation').where('house_id', '=', houseId).where('id', 'in', [...ids]).execute();
}

/**
 * Erasure (audience/privacy/erase.ts): the contacts' conversations go, in the erasure's
 * transaction and before the contact rows, whose addresses find the conversations a
 * visitor had without being linked. Returns how many went.
 */
export async function eraseConversationsOf(db: Executor, houseId: string, contactIds: readonly string[]): Promise<number> {
  if (contactIds.length === 0) return 0;
  const people = await db.selectFrom('contact').select(['id', 'email_normalised']).where('house_id', '=', houseId).where('id', 'in', [...contactIds]).execute();
  if (people.length === 0) return 0;
  const ids = (await ofPeople(db, houseId, people.map((person) => ({ id: person.id, email: person.email_normalised }))).execute()).map((row) => row.id);
  await deleteConversations(db, houseId, ids);
  return ids.length;
}

export interface AssistantRetentionReport {
  houses: number;
  conversations: number;
  unanswered: number;
}

export const assistantRetentionJob = defineJob('assistant/retention', z.object({}));

/** Daily, at night in Europe: conversations are kept for days, a day's precision is enough. */
export const ASSISTANT_RETENTION_CRON = '35 2 * * *';

export function createAssistantRetention({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;

  /** One run over every house that has conversations or unanswered questions; each batch is its own transaction. */
  async function run(options: { signal?: AbortSignal } = {}): Promise<AssistantRetentionReport> {
    const report: AssistantRetentionReport = { houses: 0, conversations: 0, unanswered: 0 };
    const stopped = () => options.signal?.aborted === true;
    const now = clock.now();
    const houses = await db
      .selectFrom('house')
      .leftJoin('assistant_settings', 'assistant_settings.house_id', 'house.id')
      .select(['house.id', 'assistant_settings.retention_days'])
      .orderBy('house.id')
      .execute();
    for (const house of houses) {
      if (stopped()) break;
      const days = house.retention_days ?? defaultAssistantSettings().retentionDays;
      const before = new Date(now.getTime() - days * 24 * 60 * 60 * 1000).toISOString();
      let deleted = 0;
      for (;;) {
        if (stopped()) break;
        const n = await db.transaction().execute(async (trx) => {
          const ids = (
            await trx.selectFrom('assistant_conversation').select('id').where('house_id', '=', house.id).where('last_message_at', '<', before).orderBy('id').limit(RETENTION_BATCH).execute()
          ).map((row) => row.id);
          await deleteConversations(trx, house.id, ids);
          return ids.length;
        });
        deleted += n;
        if (n < RETENTION_BATCH) break;
      }
      const unanswered = Number(
        (await db.deleteFrom('assistant_unanswered').where('house_id', '=', house.id).where('last_asked_at', '<', before).executeTakeFirst()).numDeletedRows,
      );
      if (deleted + unanswered === 0) continue;
      // Counts only: what was deleted leaves no trace but the fact.
      await appendAudit(db, {
        houseId: house.id,
        at: now.toISOString(),
        actor: ASSISTANT_RETENTION_ACTOR,
        action: 'assistant.conversations_deleted',
        contactId: null,
        reason: `retention period of ${days} days`,
        details: { conversations: deleted, unanswered, lastMessageBefore: before },
      });
      report.houses += 1;
      report.conversations += deleted;
      report.unanswered += unanswered;
    }
    return report;
  }

  return { run };
}

export type AssistantRetention = ReturnType<typeof createAssistantRetention>;

export function registerAssistantRetentionWorker(jobs: Jobs, retention: Pick<AssistantRetention, 'run'>): void {
  jobs.work(assistantRetentionJob, async (_payload, job) => {
    await retention.run({ signal: job.signal });
  });
}

/** Written again on every worker start; keyed, so it replaces itself. */
export async function scheduleAssistantRetention(jobs: Jobs): Promise<void> {
  await jobs.schedule(assistantRetentionJob, ASSISTANT_RETENTION_CRON, {}, { timeZone: 'UTC', key: assistantRetentionJob.name, retryLimit: 1 });
}
