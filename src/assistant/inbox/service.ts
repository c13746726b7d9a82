import { z } from 'zod';
import { asRole, permissionsOf, roles, type Scope } from '../../core/auth/model.ts';
import type { CatalogueService } from '../../catalogue/service.ts';
import type { Clock } from '../../core/clock.ts';
import { constraintViolation } from '../../core/db/constraints.ts';
import type { Database } from '../../core/db/database.ts';
import { fromJson } from '../../core/db/json.ts';
import { DomainError, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/input.ts';
import type { MailMessage } from '../../core/mail/model.ts';
import type { MailOutbox } from '../../core/mail/outbox.ts';
import type { cardDto, linkDto, quickReplyDto } from '../conversations/schemas.ts';
import { payloadSchema } from '../conversations/schemas.ts';
import { staffReplyMail, staffReplyMessage } from './mail.ts';
import * as store from './store.ts';

/*
 * The dialogue team's inbox: the conversations the assistant handed over (or any, by
 * filter), each with its full context, and the three things staff do with one: reply,
 * close, assign. A reply reaches the visitor where they are: in the widget while it
 * still polls (within the last two minutes), otherwise by mail when they left an
 * address, otherwise not at all, and the answer says which, so the staff app can say it
 * honestly. Conversations are house-wide: a unit-scoped key is refused.
 */

/** The widget polls every few seconds while a person is answering; two minutes of silence means the visitor has gone. */
export const PRESENCE_MS = 2 * 60 * 1000;

const PREVIEW_LENGTH = 140;

export const conversationStatuses = ['open', 'handed_over', 'closed'] as const;
export const handoverReasons = ['requested', 'not_understood', 'human_only'] as const;
export type Delivery = 'widget' | 'email' | 'none';

export interface InboxActor {
  scope: Scope;
  /** The staff member acting; null for an API key (its replies carry no person's name). */
  staffId: string | null;
}

export const inboxQuery = z.object({
  status: z.enum([...conversationStatuses, 'all']).default('handed_over'),
  assigned: z.enum(['me', 'unassigned', 'anyone']).default('anyone'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type InboxQuery = z.input<typeof inboxQuery>;

export const replyInput = z.object({ text: z.string().trim().min(1, 'the reply is empty').max(4000) });
export const assignInput = z.object({ userId: z.uuid().nullable() });

/** What the dialogue stores with an assistant message; parts that do not fit are left out rather than failing the inbox. */
const lenientPayload = z.object({
  quickReplies: payloadSchema.shape.quickReplies.catch(undefined),
  cards: payloadSchema.shape.cards.catch(undefined),
  links: payloadSchema.shape.links.catch(undefined),
});

export interface ConversationSummary {
  id: string;
  status: (typeof conversationStatuses)[number];
  language: 'de' | 'en';
  handoverReason: (typeof handoverReasons)[number] | null;
  assignedTo: { id: string; name: string } | null;
  visitorName: string | null;
  visitorEmail: string | null;
  contact: { id: string; name: string } | null;
  lastMessageAt: string;
  handedOverAt: string | null;
  preview: string;
  messageCount: number;
  visitorPresent: boolean;
}

export interface StaffMessage {
  seq: number;
  author: 'visitor' | 'assistant' | 'staff';
  text: string;
  createdAt: string;
  quickReplies?: z.output<typeof quickReplyDto>[];
  cards?: z.output<typeof cardDto>[];
  links?: z.output<typeof linkDto>[];
  intent: string | null;
  confidence: number | null;
  staffUser: { id: string; name: string } | null;
  emailedAt: string | null;
}

export interface ConversationDetail extends ConversationSummary {
  pageUrl: string | null;
  createdAt: string;
  messages: StaffMessage[];
  context: { step: string | null; intents: string[]; entities: Record<string, unknown> };
}

function present(visitorSeenAt: string, now: Date): boolean {
  return now.getTime() - new Date(visitorSeenAt).getTime() < PRESENCE_MS;
}

function summaryOf(row: store.SummaryRow, now: Date): ConversationSummary {
  const preview = row.preview ?? '';
  return {
    id: row.id,
    status: row.status as ConversationSummary['status'],
    language: row.language === 'en' ? 'en' : 'de',
    handoverReason: row.handover_reason as ConversationSummary['handoverReason'],
    assignedTo: row.assigned_to === null ? null : { id: row.assigned_to, name: row.assigned_name ?? '' },
    visitorName: row.visitor_name,
    visitorEmail: row.visitor_email,
    contact: row.contact_id === null || row.contact_email === null ? null : { id: row.contact_id, name: row.contact_name ?? row.contact_email },
    lastMessageAt: row.last_message_at,
    handedOverAt: row.handed_over_at,
    preview: preview.length > PREVIEW_LENGTH ? `${preview.slice(0, PREVIEW_LENGTH - 1)}…` : preview,
    messageCount: Number(row.message_count),
    visitorPresent: row.status !== 'closed' && present(row.visitor_seen_at, now),
  };
}

function messageOf(row: store.StaffMessageRow): StaffMessage {
  const parsed = lenientPayload.safeParse(fromJson<unknown>(row.payload, {}));
  const payload = parsed.success ? parsed.data : {};
  return {
    seq: row.seq,
    author: row.author as StaffMessage['author'],
    text: row.text,
    createdAt: row.created_at,
    ...(payload.quickReplies === undefined ? {} : { quickReplies: payload.quickReplies }),
    ...(payload.cards === undefined ? {} : { cards: payload.cards }),
    ...(payload.links === undefined ? {} : { links: payload.links }),
    intent: row.intent,
    confidence: row.confidence,
    staffUser: row.staff_user_id === null ? null : { id: row.staff_user_id, name: row.staff_name ?? '' },
    emailedAt: row.emailed_at,
  };
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
}

/**
 * What the conversation was about, for the person taking it over: the dialogue's current
 * step, the visitor's intents in the order they came up, and what they named (dates,
 * productions, ticket count …), the latest mention of each winning.
 */
export function contextOf(dialogueState: string, messages: readonly store.StaffMessageRow[]): ConversationDetail['context'] {
  const state = fromJson<unknown>(dialogueState, {});
  const step = typeof state === 'object' && state !== null && 'step' in state && typeof state.step === 'string' ? state.step : null;
  const intents: string[] = [];
  const entities: Record<string, unknown> = {};
  for (const message of messages) {
    if (message.author !== 'visitor') continue;
    if (message.intent !== null && message.intent !== 'unknown' && !intents.includes(message.intent)) intents.push(message.intent);
    const named = fromJson<unknown>(message.entities, {});
    if (typeof named !== 'object' || named === null || Array.isArray(named)) continue;
    for (const [key, value] of Object.entries(named)) if (!isEmpty(value)) entities[key] = value;
  }
  return { step, intents, entities };
}

/** The roles whose permissions include the inbox: an owner, marketing and the dialogue team today. */
const inboxRoles = roles.filter((role) => permissionsOf(role).includes('assistant:inbox'));

/**
 * Why a staff account cannot take conversations, or null when it can: it must be active,
 * house-wide (the inbox is not worked from within a unit) and its role must work the inbox.
 * The assign check and the list of assignees both ask this, so the list offers nobody the
 * assignment would refuse.
 */
function cannotWorkInbox(staff: { name: string; role: string; unit_id: string | null; disabled_at: string | null }): string | null {
  if (staff.disabled_at !== null) return `${staff.name}'s account is disabled`;
  const role = asRole(staff.role);
  if (role === null || !inboxRoles.includes(role) || staff.unit_id !== null) return `${staff.name} does not work the assistant inbox (role ${staff.role})`;
  return null;
}

function houseWide(scope: Scope): void {
  if (scope.unitId !== null) throw new DomainError('forbidden', 'the assistant inbox is worked by house-wide staff, not from within a unit');
}

export interface InboxDeps {
  database: Database;
  clock: Clock;
  outbox: Pick<MailOutbox, 'enqueue'>;
  catalogue: Pick<CatalogueService, 'getHouse'>;
}

export function createInbox({ database, clock, outbox, catalogue }: InboxDeps) {
  const { db } = database;
  const lock = database.engine === 'postgres';

  async function list(actor: InboxActor, query: InboxQuery = {}): Promise<{ items: ConversationSummary[]; total: number; limit: number; offset: number }> {
    houseWide(actor.scope);
    const { status, assigned, limit, offset } = parseInput(inboxQuery, query);
    if (assigned === 'me' && actor.staffId === null) throw invalid('assigned', '"me" needs a staff login; an API key is nobody');
    const assignedTo = assigned === 'me' ? actor.staffId : assigned === 'unassigned' ? null : undefined;
    const { rows, total } = await store.listConversations(db, actor.scope.houseId, { status, ...(assignedTo === undefined ? {} : { assignedTo }) }, { limit, offset });
    const now = clock.now();
    return { items: rows.map((row) => summaryOf(row, now)), total, limit, offset };
  }

  async function summary(houseId: string, id: string): Promise<ConversationSummary> {
    const row = await store.findConversationSummary(db, houseId, id);
    if (row === undefined) throw notFound('conversation', id);
    return summaryOf(row, clock.now());
  }

  async function get(actor: InboxActor, id: string): Promise<ConversationDetail> {
    houseWide(actor.scope);
    const row = await store.findConversationSummary(db, actor.scope.houseId, id);
    if (row === undefined) throw notFound('conversation', id);
    const messages = await store.messagesOf(db, actor.scope.houseId, id);
    return {
      ...summaryOf(row, clock.now()),
      pageUrl: row.page_url,
      createdAt: row.created_at,
      messages: messages.map(messageOf),
      context: contextOf(row.dialogue_state, messages),
    };
  }

  /**
   * Appends the staff reply with the conversation's next seq. An open conversation
   * becomes handed over (a person has taken it: the assistant stops answering), and an
   * unassigned one is taken by the staff member who replies. The mail, when it goes, is
   * queued in the same transaction. A visitor message written at the same instant may
   * take the seq first: the unique (conversation_id, seq) refuses ours and it is retried once.
   */
  async function reply(actor: InboxActor, id: string, input: z.input<typeof replyInput>): Promise<{ message: StaffMessage; delivery: Delivery }> {
    houseWide(actor.scope);
    const { text } = parseInput(replyInput, input);
    const houseId = actor.scope.houseId;
    const attempt = () =>
      db.transaction().execute(async (trx) => {
        const conversation = await store.lockConversation(trx, houseId, id, lock);
        if (conversation === undefined) throw notFound('conversation', id);
        if (conversation.status === 'closed') throw new DomainError('conflict', 'the conversation is closed: the visitor can no longer be answered in it');
        const now = clock.now();
        const at = now.toISOString();
        const delivery: Delivery = present(conversation.visitor_seen_at, now) ? 'widget' : conversation.visitor_email !== null ? 'email' : 'none';
        const messageId = newId();
        await store.insertMessage(trx, {
          id: messageId,
          conversation_id: id,
          house_id: houseId,
          seq: await store.nextSeq(trx, id),
          author: 'staff',
          staff_user_id: actor.staffId,
          text,
          language: conversation.language,
          intent: null,
          confidence: null,
          entities: null,
          payload: null,
          emailed_at: delivery === 'email' ? at : null,
          created_at: at,
        });
        await store.updateConversation(trx, houseId, id, {
          last_message_at: at,
          ...(conversation.status === 'open' ? { status: 'handed_over', handed_over_at: conversation.handed_over_at ?? at } : {}),
          ...(conversation.assigned_to === null && actor.staffId !== null ? { assigned_to: actor.staffId } : {}),
        });
        if (delivery === 'email') await outbox.enqueue(staffReplyMail, { houseId, conversationId: id, messageId }, { executor: trx });
        return { messageId, delivery };
      });
    let result: { messageId: string; delivery: Delivery };
    try {
      result = await attempt();
    } catch (error) {
      if (constraintViolation(error) !== 'unique') throw error;
      result = await attempt();
    }
    const message = (await store.messagesOf(db, houseId, id)).find((row) => row.id === result.messageId);
    if (message === undefined) throw notFound('message', result.messageId);
    return { message: messageOf(message), delivery: result.delivery };
  }

  /** Done: the widget says so and takes no more messages. Closing a closed conversation changes nothing. */
  async function close(actor: InboxActor, id: string): Promise<ConversationSummary> {
    houseWide(actor.scope);
    const houseId = actor.scope.houseId;
    await db.transaction().execute(async (trx) => {
      const conversation = await store.lockConversation(trx, houseId, id, lock);
      if (conversation === undefined) throw notFound('conversation', id);
      if (conversation.status !== 'closed') await store.updateConversation(trx, houseId, id, { status: 'closed', closed_at: clock.now().toISOString() });
    });
    return summary(houseId, id);
  }

  /** To a staff member of the house who works the inbox, or to nobody (null). */
  async function assign(actor: InboxActor, id: string, input: z.input<typeof assignInput>): Promise<ConversationSummary> {
    houseWide(actor.scope);
    const { userId } = parseInput(assignInput, input);
    const houseId = actor.scope.houseId;
    if (userId !== null) {
      const staff = await store.findStaff(db, houseId, userId);
      if (staff === undefined) throw invalid('userId', 'no staff member of this house');
      const reason = cannotWorkInbox(staff);
      if (reason !== null) throw invalid('userId', reason);
    }
    if (!(await store.updateConversation(db, houseId, id, { assigned_to: userId }))) throw notFound('conversation', id);
    return summary(houseId, id);
  }

  /**
   * Whom a conversation can be assigned to: the house-wide staff who work the inbox. The
   * dialogue team needs this list without staff:manage, which GET /api/staff asks for.
   */
  async function assignees(actor: InboxActor): Promise<{ items: { id: string; name: string }[] }> {
    houseWide(actor.scope);
    const rows = await store.listStaffWithRoles(db, actor.scope.houseId, inboxRoles);
    return { items: rows.filter((row) => cannotWorkInbox(row) === null).map((row) => ({ id: row.id, name: row.name })) };
  }

  /** The reply mail, composed when its job runs; null when the conversation or its address is gone. */
  async function composeReplyMail(data: { houseId: string; conversationId: string; messageId: string }): Promise<MailMessage | null> {
    const facts = await store.mailFacts(db, data.houseId, data.conversationId, data.messageId);
    if (facts === undefined || facts.conversation.visitor_email === null) return null;
    const house = await catalogue.getHouse(data.houseId);
    return staffReplyMessage({
      house: { name: house.name, email: house.email },
      to: { email: facts.conversation.visitor_email, name: facts.conversation.visitor_name },
      language: facts.conversation.language === 'en' ? 'en' : 'de',
      question: facts.question,
      reply: facts.reply.text,
      staffName: facts.reply.staff_name,
    });
  }

  return { list, get, reply, close, assign, assignees, composeReplyMail };
}

export type Inbox = ReturnType<typeof createInbox>;

/** Registers the reply mail's composer; every process does it, the mail job runs it. */
export function connectInbox(inbox: Pick<Inbox, 'composeReplyMail'>, outbox: Pick<MailOutbox, 'register'>): void {
  outbox.register(staffReplyMail, (data) => inbox.composeReplyMail(data));
}
