import { sql } from 'kysely';
import type { Executor } from '../../core/db/database.ts';
import { newId } from '../../core/ids.ts';
import type { AssistantConversationTable, AssistantMessageTable } from '../tables.ts';

/*
 * The conversations' queries. A message's seq is the next number of its conversation,
 * computed inside the caller's transaction; the unique (conversation_id, seq) catches the
 * rare race with a staff reply written at the same moment (the caller retries once).
 */

export type ConversationRow = AssistantConversationTable;
export type MessageRow = AssistantMessageTable;

const conversationColumns = [
  'id',
  'house_id',
  'token_hash',
  'language',
  'status',
  'handover_reason',
  'assigned_to',
  'contact_id',
  'visitor_name',
  'visitor_email',
  'dialogue_state',
  'failed_understandings',
  'page_url',
  'created_at',
  'last_message_at',
  'visitor_seen_at',
  'handed_over_at',
  'closed_at',
] as const;

const messageColumns = [
  'id',
  'conversation_id',
  'house_id',
  'seq',
  'author',
  'staff_user_id',
  'text',
  'language',
  'intent',
  'confidence',
  'entities',
  'payload',
  'emailed_at',
  'created_at',
] as const;

export async function insertConversation(db: Executor, row: ConversationRow): Promise<void> {
  await db.insertInto('assistant_conversation').values(row).execute();
}

/** By id alone: the public routes know only the id and the token, the house comes from the row. */
export async function findConversation(db: Executor, id: string): Promise<ConversationRow | undefined> {
  return db.selectFrom('assistant_conversation').select(conversationColumns).where('id', '=', id).executeTakeFirst();
}

export type ConversationPatch = Partial<
  Pick<
    ConversationRow,
    | 'language'
    | 'status'
    | 'handover_reason'
    | 'contact_id'
    | 'visitor_name'
    | 'visitor_email'
    | 'dialogue_state'
    | 'failed_understandings'
    | 'last_message_at'
    | 'visitor_seen_at'
    | 'handed_over_at'
  >
>;

export async function updateConversation(db: Executor, houseId: string, id: string, patch: ConversationPatch): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('assistant_conversation').set(patch).where('house_id', '=', houseId).where('id', '=', id).execute();
}

export type NewMessage = Pick<MessageRow, 'author' | 'text' | 'language' | 'intent' | 'confidence' | 'entities' | 'payload' | 'created_at'>;

/** Appends messages with the next seq numbers of the conversation; run inside a transaction. */
export async function appendMessages(db: Executor, houseId: string, conversationId: string, messages: readonly NewMessage[]): Promise<MessageRow[]> {
  if (messages.length === 0) return [];
  const last = await db
    .selectFrom('assistant_message')
    .select(sql<number | null>`max(seq)`.as('seq'))
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  const first = Number(last?.seq ?? 0) + 1;
  const rows: MessageRow[] = messages.map((message, index) => ({
    id: newId(),
    conversation_id: conversationId,
    house_id: houseId,
    seq: first + index,
    staff_user_id: null,
    emailed_at: null,
    ...message,
  }));
  await db.insertInto('assistant_message').values(rows).execute();
  return rows;
}

export async function messagesAfter(db: Executor, conversationId: string, after: number): Promise<MessageRow[]> {
  return db
    .selectFrom('assistant_message')
    .select(messageColumns)
    .where('conversation_id', '=', conversationId)
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(500)
    .execute();
}

export async function countVisitorMessages(db: Executor, conversationId: string): Promise<number> {
  const row = await db
    .selectFrom('assistant_message')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('conversation_id', '=', conversationId)
    .where('author', '=', 'visitor')
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/**
 * A question the assistant could not answer: counted once per house and normalised text,
 * so the knowledge-base editor sees what is asked most, not every repetition.
 */
export async function recordUnanswered(
  db: Executor,
  row: { houseId: string; text: string; normalised: string; language: string; conversationId: string; at: string },
): Promise<void> {
  await db
    .insertInto('assistant_unanswered')
    .values({
      id: newId(),
      house_id: row.houseId,
      normalised: row.normalised,
      text: row.text,
      language: row.language,
      conversation_id: row.conversationId,
      times_asked: 1,
      status: 'open',
      entry_id: null,
      first_asked_at: row.at,
      last_asked_at: row.at,
    })
    .onConflict((oc) =>
      oc.columns(['house_id', 'normalised']).doUpdateSet((eb) => ({
        times_asked: eb('assistant_unanswered.times_asked', '+', 1),
        last_asked_at: row.at,
        conversation_id: row.conversationId,
      })),
    )
    .execute();
}

/** The contract's normalisation of an unanswered question: lower-cased, whitespace collapsed, trimmed, trailing ?!. removed. */
export function normaliseQuestion(text: string): string {
  return text
    .toLocaleLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[?!.\s]+$/u, '');
}
