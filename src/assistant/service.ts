import type { ConsentService } from '../audience/consents/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { House } from '../catalogue/schemas.ts';
import { hashToken, newToken, safeEqual } from '../core/auth/tokens.ts';
import type { Clock } from '../core/clock.ts';
import { constraintViolation } from '../core/db/constraints.ts';
import type { Database, Executor } from '../core/db/database.ts';
import { fromJson, toJson } from '../core/db/json.ts';
import { writeTransaction } from '../core/db/transaction.ts';
import { DomainError, isDomainError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { parseInput } from '../core/input.ts';
import type { MailOutbox } from '../core/mail/outbox.ts';
import type { RecommendationService } from '../recommend/service.ts';
import { orderConfirmationMail } from '../ticketing/events.ts';
import type { PaymentProviders } from '../ticketing/payments.ts';
import type { TicketingService } from '../ticketing/service.ts';
import { codeMail, verificationCodeMail } from './conversations/code-mail.ts';
import {
  type ConversationAnswer,
  maxVisitorMessages,
  type MessageDto,
  messageInput,
  type MessageInput,
  payloadSchema,
  type PublicConversationDto,
  startInput,
  type StartInput,
} from './conversations/schemas.ts';
import * as store from './conversations/store.ts';
import type { DialogueHouse, Outcome, RequestMeta, Turn } from './dialogue/context.ts';
import { createDialogue } from './dialogue/engine.ts';
import { afterHandover } from './dialogue/handover.ts';
import { masked, type Reply } from './dialogue/model.ts';
import { initialState, readState, type Step } from './dialogue/state.ts';
import { texts } from './dialogue/texts.ts';
import { createUnderstanderCache, type Train } from './dialogue/understanders.ts';
import type { KnowledgeBase } from './knowledge/service.ts';
import type { LanguageModel } from './language-model.ts';
import { trainUnderstander } from './nlu/understander.ts';
import type { Entities, Intent, Language } from './nlu/types.ts';
import { type AssistantSettingsService, teamAvailability } from './settings.ts';

/*
 * The visitor assistant's use cases: start a conversation, answer a message, read what
 * is new. One message is understood (the house's cached understander), answered by the
 * dialogue (which acts through the catalogue, ticketing and recommendation services),
 * and then saved in one transaction: the visitor's message, the answers, the
 * conversation's new state, an unanswered question, and any mail the turn sends.
 */

export interface AssistantDeps {
  database: Database;
  clock: Clock;
  publicUrl: string;
  catalogue: CatalogueService;
  ticketing: TicketingService;
  payments: PaymentProviders;
  recommendations: Pick<RecommendationService, 'recommendForVisitor'>;
  knowledge: Pick<KnowledgeBase, 'list' | 'version'>;
  settings: Pick<AssistantSettingsService, 'get'>;
  outbox: Pick<MailOutbox, 'enqueue' | 'enqueueMany' | 'register'>;
  languageModel: LanguageModel;
  /** The consent policies whose wording the booking's consent questions show. */
  consents: Pick<ConsentService, 'policy'>;
  consentProof?: (houseId: string, meta: RequestMeta) => Promise<{ ipHash: string; userAgent?: string }>;
  /** The understanding's training (nlu/understander.ts); replaceable for measuring. */
  train?: Train;
  onError?: (error: unknown, context: string) => void;
}

/** What `foyer ask --json` prints: the turn with its understanding. */
export interface TurnReport extends ConversationAnswer {
  conversationId: string;
  intent: Intent;
  confidence: number;
  entities: Entities;
  handover: boolean;
}

const houseTtlMs = 60_000;
/** Below this, a short message ("ok", "2") keeps the conversation's language. */
const languageConfidence = 0.6;

/**
 * Whether a message tells its language: a name, an address or "ok" does not, whatever
 * the detector guesses, so short answers keep the conversation's language.
 */
function followsLanguage(text: string, confidence: number, step: Step): boolean {
  // The answer to "your name?", "your address?" or "how many?" is data, whatever it looks
  // like ("Mary Jane Watson" reads as English); only a question asked there tells a language.
  if (dataSteps.has(step) && !text.includes('?')) return false;
  const words = masked(text).replace(/\[(email|number)\]/g, ' ').match(/\p{L}{2,}/gu) ?? [];
  return confidence >= languageConfidence && words.length >= 3;
}

/** The steps that asked for a name, an address, a number or a code. */
const dataSteps: ReadonlySet<Step> = new Set(['booking.count', 'booking.name', 'booking.email', 'resend.email', 'resend.code', 'handover.email']);

function languageOf(value: string | null | undefined): Language {
  return value === 'en' ? 'en' : 'de';
}

export function createAssistant(deps: AssistantDeps) {
  const { database, clock, catalogue, settings } = deps;
  const { db } = database;
  const understanders = createUnderstanderCache({
    database,
    clock,
    catalogue,
    knowledge: deps.knowledge,
    train: deps.train ?? trainUnderstander,
    onError: (error, houseId) => deps.onError?.(error, `understanding of house ${houseId}`),
  });
  const dialogue = createDialogue({
    clock,
    publicUrl: deps.publicUrl,
    catalogue,
    ticketing: deps.ticketing,
    payments: deps.payments,
    recommendations: deps.recommendations,
    languageModel: deps.languageModel,
    consents: deps.consents,
    ...(deps.consentProof === undefined ? {} : { consentProof: deps.consentProof }),
  });

  deps.outbox.register(verificationCodeMail, async ({ houseId, conversationId, code }) => {
    const row = await store.findConversation(db, conversationId);
    if (row === undefined || row.house_id !== houseId) return null;
    const email = readState(row.dialogue_state).resend?.email;
    if (email === undefined) return null;
    const house = await catalogue.getHouse(houseId);
    return codeMail({ to: email, code, language: languageOf(row.language), house: { name: house.name, email: house.email } });
  });

  // ---------- houses ----------

  const houses = new Map<string, { house: House; until: number }>();
  async function houseBy(key: { slug: string } | { id: string }): Promise<House> {
    const cacheKey = 'slug' in key ? `slug:${key.slug}` : `id:${key.id}`;
    const now = clock.now().getTime();
    const cached = houses.get(cacheKey);
    if (cached !== undefined && cached.until > now) return cached.house;
    const house = 'slug' in key ? await catalogue.getHouseBySlug(key.slug) : await catalogue.getHouse(key.id);
    if (houses.size > 1000) houses.clear();
    houses.set(cacheKey, { house, until: now + houseTtlMs });
    return house;
  }

  function dialogueHouse(house: House): DialogueHouse {
    return { id: house.id, slug: house.slug, name: house.name, timeZone: house.timeZone, website: house.website };
  }

  // ---------- shapes ----------

  function messageOf(row: store.MessageRow): MessageDto {
    const payload = row.payload === null ? {} : payloadSchema.parse(fromJson<unknown>(row.payload, {}));
    return { seq: Number(row.seq), author: row.author as MessageDto['author'], text: row.text, createdAt: row.created_at, ...payload };
  }

  async function conversationOf(row: store.ConversationRow, house: House): Promise<PublicConversationDto> {
    const houseSettings = await settings.get(row.house_id);
    return {
      id: row.id,
      language: languageOf(row.language),
      status: row.status as PublicConversationDto['status'],
      teamAvailable: teamAvailability(houseSettings, house.timeZone, clock.now()).available,
    };
  }

  function assistantMessage(reply: Reply, language: Language, at: string): store.NewMessage {
    const payload = {
      ...(reply.quickReplies === undefined || reply.quickReplies.length === 0 ? {} : { quickReplies: reply.quickReplies }),
      ...(reply.cards === undefined || reply.cards.length === 0 ? {} : { cards: reply.cards }),
      ...(reply.links === undefined || reply.links.length === 0 ? {} : { links: reply.links }),
    };
    return { author: 'assistant', text: reply.text, language, intent: null, confidence: null, entities: null, payload: Object.keys(payload).length === 0 ? null : toJson(payload), created_at: at };
  }

  /** Appends with the next seq; a staff reply written at the same moment takes the number: try once more. */
  async function append(trx: Executor, houseId: string, conversationId: string, messages: store.NewMessage[]): Promise<store.MessageRow[]> {
    return store.appendMessages(trx, houseId, conversationId, messages);
  }

  async function inTransaction<T>(work: (trx: Executor) => Promise<T>): Promise<T> {
    try {
      return await writeTransaction(database, work);
    } catch (error) {
      if (constraintViolation(error) === 'unique') return writeTransaction(database, work);
      throw error;
    }
  }

  // ---------- starting ----------

  async function start(houseSlug: string, input: StartInput = {}): Promise<ConversationAnswer & { conversation: PublicConversationDto & { token: string } }> {
    const parsed = parseInput(startInput, input);
    const house = await houseBy({ slug: houseSlug });
    return startIn(house, parsed.language, parsed.pageUrl ?? null);
  }

  async function startIn(house: House, requested: Language | undefined, pageUrl: string | null) {
    const houseSettings = await settings.get(house.id);
    if (!houseSettings.enabled) throw new DomainError('assistant_disabled', `${house.name} has switched its assistant off`);
    const language = requested ?? languageOf(house.defaultLanguage);
    const token = newToken('foyer_chat');
    const id = newId();
    const at = clock.now().toISOString();
    const t = texts[language];
    const rows = await inTransaction(async (trx) => {
      await store.insertConversation(trx, {
        id,
        house_id: house.id,
        token_hash: hashToken(token),
        language,
        status: 'open',
        handover_reason: null,
        assigned_to: null,
        contact_id: null,
        visitor_name: null,
        visitor_email: null,
        dialogue_state: toJson(initialState()),
        failed_understandings: 0,
        page_url: pageUrl,
        created_at: at,
        last_message_at: at,
        visitor_seen_at: at,
        handed_over_at: null,
        closed_at: null,
      });
      return append(trx, house.id, id, [assistantMessage({ text: t.greeting(house.name), quickReplies: t.starters }, language, at)]);
    });
    const row = await store.findConversation(db, id);
    if (row === undefined) throw new Error('the conversation was just written');
    return { conversation: { ...(await conversationOf(row, house)), token }, messages: rows.map(messageOf) };
  }

  // ---------- answering ----------

  /** The conversation behind an id and a token; not_found for a wrong one, alike, so a guess learns nothing. */
  async function open(conversationId: string, token: string): Promise<store.ConversationRow> {
    const row = await store.findConversation(db, conversationId);
    if (row === undefined || !safeEqual(row.token_hash, hashToken(token))) throw new DomainError('not_found', 'this conversation is unknown or the token does not fit');
    return row;
  }

  // One message at a time per conversation in this process: two quick clicks must not both act on the same state.
  const queues = new Map<string, Promise<unknown>>();
  function serialised<T>(conversationId: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(conversationId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    queues.set(conversationId, next);
    void next.finally(() => {
      if (queues.get(conversationId) === next) queues.delete(conversationId);
    }).catch(() => undefined);
    return next;
  }

  async function answer(row: store.ConversationRow, text: string, meta: RequestMeta): Promise<TurnReport> {
    if (row.status === 'closed') throw new DomainError('conversation_closed', 'this conversation is closed; start a new one');
    if ((await store.countVisitorMessages(db, row.id)) >= maxVisitorMessages) {
      throw new DomainError('conflict', `a conversation takes at most ${maxVisitorMessages} messages; please start a new one`);
    }
    const house = await houseBy({ id: row.house_id });
    const houseSettings = await settings.get(house.id);
    if (!houseSettings.enabled) throw new DomainError('assistant_disabled', `${house.name} has switched its assistant off`);
    const now = clock.now();
    const knowledge = await understanders.get(house.id);
    const understanding = knowledge.understander.understand(text, { timeZone: house.timeZone, now, language: languageOf(row.language) });
    const state = readState(row.dialogue_state);
    // The conversation's language from here on, and so the buyer language of a booking confirmed in this turn.
    const language = followsLanguage(text, understanding.languageConfidence, state.step) ? understanding.language : languageOf(row.language);
    const turn: Turn = {
      house: dialogueHouse(house),
      conversationId: row.id,
      language,
      text,
      understanding,
      knowledge,
      settings: houseSettings,
      state,
      visitor: { name: row.visitor_name, email: row.visitor_email },
      failed: Number(row.failed_understandings),
      meta,
      now,
    };
    const outcome: Outcome = row.status === 'handed_over' ? afterHandover(turn) : await dialogue.respond(turn);
    const at = now.toISOString();
    const visitorMessage: store.NewMessage = {
      author: 'visitor',
      text,
      language,
      intent: understanding.intent,
      confidence: understanding.confidence,
      entities: toJson(understanding.entities),
      payload: null,
      created_at: at,
    };
    const rows = await inTransaction(async (trx) => {
      const written = await append(trx, house.id, row.id, [visitorMessage, ...outcome.replies.map((reply) => assistantMessage(reply, language, at))]);
      await store.updateConversation(trx, house.id, row.id, {
        language,
        dialogue_state: toJson(outcome.state),
        failed_understandings: outcome.failed,
        last_message_at: at,
        visitor_seen_at: at,
        ...(outcome.visitor?.name === undefined ? {} : { visitor_name: outcome.visitor.name }),
        ...(outcome.visitor?.email === undefined ? {} : { visitor_email: outcome.visitor.email }),
        ...(outcome.visitor?.contactId == null ? {} : { contact_id: outcome.visitor.contactId }),
        ...(outcome.handover === undefined ? {} : { status: 'handed_over', handover_reason: outcome.handover, handed_over_at: at }),
      });
      if (outcome.unanswered === true) {
        await store.recordUnanswered(trx, { houseId: house.id, text, normalised: store.normaliseQuestion(text), language, conversationId: row.id, at });
      }
      if (outcome.verificationCode !== undefined) {
        await deps.outbox.enqueue(verificationCodeMail, { houseId: house.id, conversationId: row.id, code: outcome.verificationCode }, { executor: trx });
      }
      if (outcome.resendOrders !== undefined && outcome.resendOrders.length > 0) {
        await deps.outbox.enqueueMany(orderConfirmationMail, outcome.resendOrders.map((orderId) => ({ houseId: house.id, orderId })), { executor: trx });
      }
      return written;
    });
    const saved = await store.findConversation(db, row.id);
    if (saved === undefined) throw new DomainError('not_found', 'this conversation was deleted meanwhile');
    return {
      conversationId: row.id,
      conversation: await conversationOf(saved, house),
      messages: rows.map(messageOf),
      intent: understanding.intent,
      confidence: understanding.confidence,
      entities: understanding.entities,
      handover: outcome.handover !== undefined,
    };
  }

  /** A visitor's message through the public API. */
  async function message(conversationId: string, input: MessageInput, meta: RequestMeta = {}): Promise<ConversationAnswer> {
    const parsed = parseInput(messageInput, input);
    const row = await open(conversationId, parsed.token);
    const { conversation, messages } = await serialised(conversationId, async () => answer((await store.findConversation(db, conversationId)) ?? row, parsed.text, meta));
    return { conversation, messages };
  }

  /** What is new since `after`; records that the visitor is still there (a staff reply then goes to the widget, not by mail). */
  async function poll(conversationId: string, token: string, after = 0): Promise<ConversationAnswer> {
    const row = await open(conversationId, token);
    const house = await houseBy({ id: row.house_id });
    const at = clock.now().toISOString();
    await store.updateConversation(db, row.house_id, row.id, { visitor_seen_at: at });
    const rows = await store.messagesAfter(db, row.id, after);
    return { conversation: await conversationOf(row, house), messages: rows.map(messageOf) };
  }

  /**
   * One message from the command line (`foyer ask`): whoever runs it has the database, so
   * a conversation is continued by its id alone. A new one starts when none is given.
   */
  async function ask(houseKey: string, text: string, options: { conversationId?: string | undefined; language?: Language | undefined } = {}): Promise<TurnReport> {
    const parsedText = messageInput.shape.text.safeParse(text);
    if (!parsedText.success) throw new DomainError('validation', `text: ${parsedText.error.issues[0]?.message ?? 'invalid'}`, [{ field: 'text', message: 'invalid' }]);
    let conversationId = options.conversationId;
    if (conversationId === undefined) {
      const house = await houseBy(/^[0-9a-f-]{36}$/.test(houseKey) ? { id: houseKey } : { slug: houseKey }).catch((error: unknown) => {
        if (isDomainError(error, 'not_found')) throw new DomainError('not_found', `no house ${houseKey}`);
        throw error;
      });
      conversationId = (await startIn(house, options.language, null)).conversation.id;
    }
    const id = conversationId;
    return serialised(id, async () => {
      const row = await store.findConversation(db, id);
      if (row === undefined) throw new DomainError('not_found', `no conversation ${id}`);
      return answer(row, parsedText.data, {});
    });
  }

  return { start, message, poll, ask, understanders };
}

export type Assistant = ReturnType<typeof createAssistant>;
