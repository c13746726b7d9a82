import { sql } from 'kysely';
import type { Executor } from '../../core/db/database.ts';
import type { AssistantKnowledgeEntryTable, AssistantUnansweredTable } from '../tables.ts';

/*
 * The knowledge base's and the unanswered questions' queries. Every one filters by the
 * house. A house's base is small (tens, at most a few hundred entries), so lists are
 * read whole and searched in memory, where German lower-casing (Ä, ß) is right.
 */

const entryColumns = ['id', 'topic', 'questions_de', 'questions_en', 'answer_de', 'answer_en', 'links', 'human_only', 'demo_key', 'updated_at'] as const;
export type EntryRow = Pick<AssistantKnowledgeEntryTable, (typeof entryColumns)[number]>;

export async function listEntries(db: Executor, houseId: string, topic?: string): Promise<EntryRow[]> {
  return db
    .selectFrom('assistant_knowledge_entry')
    .select(entryColumns)
    .where('house_id', '=', houseId)
    .$if(topic !== undefined, (qb) => qb.where('topic', '=', topic as string))
    .orderBy('topic')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findEntry(db: Executor, houseId: string, id: string): Promise<EntryRow | undefined> {
  return db.selectFrom('assistant_knowledge_entry').select(entryColumns).where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
}

/** Entry count and latest stamp: one index range of assistant_knowledge_entry_house. */
export async function versionOf(db: Executor, houseId: string): Promise<{ n: number; latest: string | null }> {
  const row = await db
    .selectFrom('assistant_knowledge_entry')
    .select([sql<number | string>`count(*)`.as('n'), sql<string | null>`max(updated_at)`.as('latest')])
    .where('house_id', '=', houseId)
    .executeTakeFirstOrThrow();
  return { n: Number(row.n), latest: row.latest };
}

export async function insertEntries(db: Executor, rows: readonly AssistantKnowledgeEntryTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('assistant_knowledge_entry').values([...rows]).execute();
}

export type EntryChange = Pick<AssistantKnowledgeEntryTable, 'topic' | 'questions_de' | 'questions_en' | 'answer_de' | 'answer_en' | 'links' | 'human_only' | 'updated_by' | 'updated_at'>;

export async function updateEntry(db: Executor, houseId: string, id: string, change: EntryChange): Promise<boolean> {
  const result = await db.updateTable('assistant_knowledge_entry').set(change).where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteEntry(db: Executor, houseId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('assistant_knowledge_entry').where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function demoKeysOf(db: Executor, houseId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('assistant_knowledge_entry').select('demo_key').where('house_id', '=', houseId).where('demo_key', 'is not', null).execute();
  return new Set(rows.map((row) => row.demo_key as string));
}

// ---------- unanswered questions ----------

const unansweredColumns = ['id', 'text', 'language', 'times_asked', 'first_asked_at', 'last_asked_at', 'status', 'conversation_id', 'entry_id'] as const;
export type UnansweredRow = Pick<AssistantUnansweredTable, (typeof unansweredColumns)[number]>;

/** The most asked first: those are the entries worth writing. */
export async function listUnanswered(db: Executor, houseId: string, status: string, limit: number): Promise<UnansweredRow[]> {
  return db
    .selectFrom('assistant_unanswered')
    .select(unansweredColumns)
    .where('house_id', '=', houseId)
    .where('status', '=', status)
    .orderBy('times_asked', 'desc')
    .orderBy('last_asked_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function findUnanswered(db: Executor, houseId: string, id: string): Promise<UnansweredRow | undefined> {
  return db.selectFrom('assistant_unanswered').select(unansweredColumns).where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
}

export async function setUnansweredStatus(db: Executor, houseId: string, id: string, status: 'open' | 'dismissed' | 'answered', entryId: string | null): Promise<void> {
  await db.updateTable('assistant_unanswered').set({ status, entry_id: entryId }).where('house_id', '=', houseId).where('id', '=', id).execute();
}

/** Questions that led to an entry are open again once it is deleted: the assistant cannot answer them any more. */
export async function reopenUnansweredOf(db: Executor, houseId: string, entryId: string): Promise<void> {
  await db.updateTable('assistant_unanswered').set({ status: 'open', entry_id: null }).where('house_id', '=', houseId).where('entry_id', '=', entryId).execute();
}
