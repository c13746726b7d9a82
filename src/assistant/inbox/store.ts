import { sql } from 'kysely';
import type { Executor } from '../../core/db/database.ts';
import type { AssistantMessageTable } from '../tables.ts';

/*
 * The inbox's queries. Every one filters by the house. A summary carries the names of the
 * assigned staff member and the linked contact, the message count and the last message
 * as preview; the inbox (by status, newest activity first) reads the index
 * assistant_conversation_inbox.
 */

export interface InboxFilter {
  status: 'handed_over' | 'open' | 'closed' | 'all';
  /** A staff id: only conversations assigned to them; null: unassigned only; undefined: anyone's. */
  assignedTo?: string | null;
}

function summaries(db: Executor, houseId: string) {
  return db
    .selectFrom('assistant_conversation as c')
    .leftJoin('staff_account', (join) => join.onRef('staff_account.id', '=', 'c.assigned_to').onRef('staff_account.house_id', '=', 'c.house_id'))
    .leftJoin('contact', (join) => join.onRef('contact.id', '=', 'c.contact_id').onRef('contact.house_id', '=', 'c.house_id'))
    .select([
      'c.id',
      'c.house_id',
      'c.status',
      'c.language',
      'c.handover_reason',
      'c.assigned_to',
      'staff_account.name as assigned_name',
      'c.visitor_name',
      'c.visitor_email',
      'c.contact_id',
      'contact.name as contact_name',
      'contact.email as contact_email',
      'c.last_message_at',
      'c.handed_over_at',
      'c.visitor_seen_at',
      'c.page_url',
      'c.created_at',
      'c.closed_at',
      'c.dialogue_state',
      sql<number | string>`(select count(*) from assistant_message m where m.conversation_id = c.id)`.as('message_count'),
      sql<string | null>`(select m.text from assistant_message m where m.conversation_id = c.id order by m.seq desc limit 1)`.as('preview'),
    ])
    .where('c.house_id', '=', houseId);
}

export interface SummaryRow {
  id: string;
  house_id: string;
  status: string;
  language: string;
  handover_reason: string | null;
  assigned_to: string | null;
  assigned_name: string | null;
  visitor_name: string | null;
  visitor_email: string | null;
  contact_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
  last_message_at: string;
  handed_over_at: string | null;
  visitor_seen_at: string;
  page_url: string | null;
  created_at: string;
  closed_at: string | null;
  dialogue_state: string;
  message_count: number | string;
  preview: string | null;
}

export async function listConversations(db: Executor, houseId: string, filter: InboxFilter, page: { limit: number; offset: number }): Promise<{ rows: SummaryRow[]; total: number }> {
  const { status, assignedTo } = filter;
  const rows = await summaries(db, houseId)
    .$if(status !== 'all', (qb) => qb.where('c.status', '=', status))
    .$if(assignedTo === null, (qb) => qb.where('c.assigned_to', 'is', null))
    .$if(typeof assignedTo === 'string', (qb) => qb.where('c.assigned_to', '=', assignedTo as string))
    .orderBy('c.last_message_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const count = await db
    .selectFrom('assistant_conversation')
    .select(sql<number | string>`count(*)`.as('n'))
    .where('house_id', '=', houseId)
    .$if(status !== 'all', (qb) => qb.where('status', '=', status))
    .$if(assignedTo === null, (qb) => qb.where('assigned_to', 'is', null))
    .$if(typeof assignedTo === 'string', (qb) => qb.where('assigned_to', '=', assignedTo as string))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

export async function findConversationSummary(db: Executor, houseId: string, id: string): Promise<SummaryRow | undefined> {
  return summaries(db, houseId).where('c.id', '=', id).executeTakeFirst();
}

export type StaffMessageRow = Pick<AssistantMessageTable, 'id' | 'seq' | 'author' | 'text' | 'intent' | 'confidence' | 'entities' | 'payload' | 'emailed_at' | 'created_at' | 'staff_user_id'> & {
  staff_name: string | null;
};

export async function messagesOf(db: Executor, houseId: string, conversationId: string): Promise<StaffMessageRow[]> {
  return db
    .selectFrom('assistant_message as m')
    .leftJoin('staff_account', (join) => join.onRef('staff_account.id', '=', 'm.staff_user_id').onRef('staff_account.house_id', '=', 'm.house_id'))
    .select(['m.id', 'm.seq', 'm.author', 'm.text', 'm.intent', 'm.confidence', 'm.entities', 'm.payload', 'm.emailed_at', 'm.created_at', 'm.staff_user_id', 'staff_account.name as staff_name'])
    .where('m.house_id', '=', houseId)
    .where('m.conversation_id', '=', conversationId)
    .orderBy('m.seq')
    .execute();
}

/**
 * The conversation a reply goes to, locked on PostgreSQL until the reply commits, so a
 * close or a second reply at the same moment waits rather than interleaves.
 */
export async function lockConversation(db: Executor, houseId: string, id: string, lock: boolean) {
  return db
    .selectFrom('assistant_conversation')
    .select(['id', 'status', 'language', 'visitor_email', 'visitor_seen_at', 'assigned_to', 'handed_over_at'])
    .where('house_id', '=', houseId)
    .where('id', '=', id)
    .$if(lock, (qb) => qb.forUpdate())
    .executeTakeFirst();
}

export async function nextSeq(db: Executor, conversationId: string): Promise<number> {
  const row = await db.selectFrom('assistant_message').select(sql<number | string | null>`max(seq)`.as('seq')).where('conversation_id', '=', conversationId).executeTakeFirst();
  return Number(row?.seq ?? 0) + 1;
}

export async function insertMessage(db: Executor, row: AssistantMessageTable): Promise<void> {
  await db.insertInto('assistant_message').values(row).execute();
}

export type ConversationChange = Partial<{ status: string; assigned_to: string | null; last_message_at: string; handed_over_at: string | null; closed_at: string | null }>;

export async function updateConversation(db: Executor, houseId: string, id: string, change: ConversationChange): Promise<boolean> {
  const result = await db.updateTable('assistant_conversation').set(change).where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A staff member of the house who may work the inbox: their role, name and whether the account is active. */
export async function findStaff(db: Executor, houseId: string, staffId: string) {
  return db.selectFrom('staff_account').select(['id', 'name', 'role', 'unit_id', 'disabled_at']).where('house_id', '=', houseId).where('id', '=', staffId).executeTakeFirst();
}

/**
 * The house-wide, active staff whose role is one of `roles` (those that work the inbox),
 * by name: whom a conversation can be assigned to.
 */
export async function listStaffWithRoles(db: Executor, houseId: string, roles: readonly string[]) {
  if (roles.length === 0) return [];
  return db
    .selectFrom('staff_account')
    .select(['id', 'name', 'role', 'unit_id', 'disabled_at'])
    .where('house_id', '=', houseId)
    .where('role', 'in', roles)
    .where('unit_id', 'is', null)
    .where('disabled_at', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** What the reply mail needs: the conversation's visitor, the reply, the visitor's last words before it. */
export async function mailFacts(db: Executor, houseId: string, conversationId: string, messageId: string) {
  const conversation = await db
    .selectFrom('assistant_conversation')
    .select(['id', 'language', 'visitor_name', 'visitor_email'])
    .where('house_id', '=', houseId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (conversation === undefined) return undefined;
  const reply = await db
    .selectFrom('assistant_message as m')
    .leftJoin('staff_account', (join) => join.onRef('staff_account.id', '=', 'm.staff_user_id').onRef('staff_account.house_id', '=', 'm.house_id'))
    .select(['m.seq', 'm.text', 'staff_account.name as staff_name'])
    .where('m.house_id', '=', houseId)
    .where('m.conversation_id', '=', conversationId)
    .where('m.id', '=', messageId)
    .executeTakeFirst();
  if (reply === undefined) return undefined;
  const question = await db
    .selectFrom('assistant_message')
    .select('text')
    .where('house_id', '=', houseId)
    .where('conversation_id', '=', conversationId)
    .where('author', '=', 'visitor')
    .where('seq', '<', reply.seq)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { conversation, reply, question: question?.text ?? null };
}
