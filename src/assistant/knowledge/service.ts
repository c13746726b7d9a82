import { z } from 'zod';
import { appendAudit } from '../../audience/audit/store.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database, Executor } from '../../core/db/database.ts';
import { fromJson, toJson } from '../../core/db/json.ts';
import { DomainError, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/input.ts';
import { type KnowledgeEntryForUnderstanding, type KnowledgeTopic, knowledgeTopics } from '../nlu/types.ts';
import { entryMatches, type KnowledgeEntry, type KnowledgeEntryInput, knowledgeEntryInput, type ParsedKnowledgeEntry, stampAfter } from './model.ts';
import * as store from './store.ts';

/*
 * The house's knowledge base and the questions the assistant could not answer. Staff
 * edit the base in the staff app; the dialogue reads it through forUnderstanding() and
 * entryById(), and retrains its understander whenever version() moves. Every change is
 * an audit entry in the change's transaction; an entry written from an unanswered
 * question marks that question answered in the same transaction.
 */

export const unansweredStatuses = ['open', 'dismissed', 'answered'] as const;
export type UnansweredStatus = (typeof unansweredStatuses)[number];

export interface UnansweredQuestion {
  id: string;
  text: string;
  language: string;
  timesAsked: number;
  firstAskedAt: string;
  lastAskedAt: string;
  status: UnansweredStatus;
  conversationId: string | null;
}

/** More than staff can read through; the most asked come first. */
const UNANSWERED_LIST_LIMIT = 500;

export const knowledgeQuery = z.object({
  topic: z.enum(knowledgeTopics as [KnowledgeTopic, ...KnowledgeTopic[]]).optional(),
  q: z.string().trim().max(200).optional().describe('words that must all appear in a question variant or an answer'),
});

function entryFromRow(row: store.EntryRow): KnowledgeEntry {
  return {
    id: row.id,
    topic: row.topic as KnowledgeTopic,
    questions: { de: fromJson<string[]>(row.questions_de, []), en: fromJson<string[]>(row.questions_en, []) },
    answer: { de: row.answer_de, en: row.answer_en },
    links: fromJson<{ label: string; url: string }[]>(row.links, []),
    humanOnly: row.human_only === 1,
    updatedAt: row.updated_at,
  };
}

function unansweredFromRow(row: store.UnansweredRow): UnansweredQuestion {
  return {
    id: row.id,
    text: row.text,
    language: row.language,
    timesAsked: row.times_asked,
    firstAskedAt: row.first_asked_at,
    lastAskedAt: row.last_asked_at,
    status: row.status as UnansweredStatus,
    conversationId: row.conversation_id,
  };
}

function columnsOf(entry: ParsedKnowledgeEntry, actor: string, at: string): store.EntryChange {
  return {
    topic: entry.topic,
    questions_de: toJson(entry.questions.de),
    questions_en: toJson(entry.questions.en),
    answer_de: entry.answer.de,
    answer_en: entry.answer.en,
    links: toJson(entry.links),
    human_only: entry.humanOnly ? 1 : 0,
    updated_by: actor,
    updated_at: at,
  };
}

/** A demo entry (src/demo/assistant-knowledge.ts): an entry's content with a stable key. */
export interface DemoKnowledgeEntry {
  key: string;
  topic: KnowledgeTopic;
  questions: { de: readonly string[]; en: readonly string[] };
  answer: { de: string; en: string };
  links: readonly { label: string; url: string }[];
  humanOnly: boolean;
}

export function createKnowledgeBase({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;

  async function stamp(trx: Executor, houseId: string): Promise<string> {
    return stampAfter(clock.now(), (await store.versionOf(trx, houseId)).latest);
  }

  async function audit(trx: Executor, houseId: string, actor: string, at: string, details: Record<string, unknown>): Promise<void> {
    await appendAudit(trx, { houseId, at, actor, action: 'assistant.knowledge_changed', contactId: null, details });
  }

  async function list(houseId: string, query: z.input<typeof knowledgeQuery> = {}): Promise<KnowledgeEntry[]> {
    const filter = parseInput(knowledgeQuery, query);
    const entries = (await store.listEntries(db, houseId, filter.topic)).map(entryFromRow);
    const q = filter.q ?? '';
    return q === '' ? entries : entries.filter((entry) => entryMatches(entry, q));
  }

  async function entryById(houseId: string, id: string): Promise<KnowledgeEntry | null> {
    const row = await store.findEntry(db, houseId, id);
    return row === undefined ? null : entryFromRow(row);
  }

  async function get(houseId: string, id: string): Promise<KnowledgeEntry> {
    const entry = await entryById(houseId, id);
    if (entry === null) throw notFound('knowledge entry', id);
    return entry;
  }

  /** A new entry; with fromUnansweredId the question it answers leaves the open list in the same transaction. */
  async function create(houseId: string, input: KnowledgeEntryInput & { fromUnansweredId?: string | undefined }, actor: string): Promise<KnowledgeEntry> {
    const { fromUnansweredId, ...rest } = input;
    const entry = parseInput(knowledgeEntryInput, rest);
    const id = newId();
    await db.transaction().execute(async (trx) => {
      if (fromUnansweredId !== undefined) {
        const question = await store.findUnanswered(trx, houseId, fromUnansweredId);
        if (question === undefined) throw invalid('fromUnansweredId', `no unanswered question ${fromUnansweredId} in this house`);
        if (question.status === 'answered' && question.entry_id !== null) throw new DomainError('conflict', `the question is answered already, by entry ${question.entry_id}`);
      }
      const at = await stamp(trx, houseId);
      await store.insertEntries(trx, [{ id, house_id: houseId, demo_key: null, created_at: at, ...columnsOf(entry, actor, at) }]);
      if (fromUnansweredId !== undefined) await store.setUnansweredStatus(trx, houseId, fromUnansweredId, 'answered', id);
      await audit(trx, houseId, actor, at, { change: 'created', entryId: id, topic: entry.topic, ...(fromUnansweredId === undefined ? {} : { fromUnansweredId }) });
    });
    return get(houseId, id);
  }

  async function update(houseId: string, id: string, input: KnowledgeEntryInput, actor: string): Promise<KnowledgeEntry> {
    const entry = parseInput(knowledgeEntryInput, input);
    await db.transaction().execute(async (trx) => {
      const at = await stamp(trx, houseId);
      if (!(await store.updateEntry(trx, houseId, id, columnsOf(entry, actor, at)))) throw notFound('knowledge entry', id);
      await audit(trx, houseId, actor, at, { change: 'updated', entryId: id, topic: entry.topic });
    });
    return get(houseId, id);
  }

  async function remove(houseId: string, id: string, actor: string): Promise<void> {
    const at = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      const existing = await store.findEntry(trx, houseId, id);
      if (existing === undefined || !(await store.deleteEntry(trx, houseId, id))) throw notFound('knowledge entry', id);
      await store.reopenUnansweredOf(trx, houseId, id);
      await audit(trx, houseId, actor, at, { change: 'deleted', entryId: id, topic: existing.topic });
    });
  }

  /** Moves with every create, update and delete: entry count and latest (strictly increasing) stamp. */
  async function version(houseId: string): Promise<string> {
    const { n, latest } = await store.versionOf(db, houseId);
    return `${n}/${latest ?? ''}`;
  }

  async function forUnderstanding(houseId: string): Promise<KnowledgeEntryForUnderstanding[]> {
    return (await store.listEntries(db, houseId)).map((row) => {
      const entry = entryFromRow(row);
      return { id: entry.id, topic: entry.topic, questions: entry.questions, answer: entry.answer };
    });
  }

  /**
   * The demo knowledge base, checked like staff input and written in one transaction.
   * Entries whose demo key the house has already are left alone: seeding twice adds nothing.
   */
  async function seedDemo(houseId: string, entries: readonly DemoKnowledgeEntry[], actor: string): Promise<number> {
    const parsed = entries.map(({ key, questions, links, ...rest }) => ({
      key,
      entry: parseInput(knowledgeEntryInput, { ...rest, questions: { de: [...questions.de], en: [...questions.en] }, links: [...links] }),
    }));
    return db.transaction().execute(async (trx) => {
      const existing = await store.demoKeysOf(trx, houseId);
      const fresh = parsed.filter(({ key }) => !existing.has(key));
      if (fresh.length === 0) return 0;
      const at = await stamp(trx, houseId);
      await store.insertEntries(
        trx,
        fresh.map(({ key, entry }) => ({ id: newId(), house_id: houseId, demo_key: key, created_at: at, ...columnsOf(entry, actor, at) })),
      );
      await audit(trx, houseId, actor, at, { change: 'demo_seeded', entries: fresh.length });
      return fresh.length;
    });
  }

  async function listUnanswered(houseId: string, status: UnansweredStatus = 'open'): Promise<UnansweredQuestion[]> {
    if (!(unansweredStatuses as readonly string[]).includes(status)) throw invalid('status', `one of ${unansweredStatuses.join(', ')}`);
    return (await store.listUnanswered(db, houseId, status, UNANSWERED_LIST_LIMIT)).map(unansweredFromRow);
  }

  /** Not worth an entry (small talk, a one-off): it leaves the open list; asked again, the dialogue counts it on. */
  async function dismissUnanswered(houseId: string, id: string): Promise<UnansweredQuestion> {
    return db.transaction().execute(async (trx) => {
      const question = await store.findUnanswered(trx, houseId, id);
      if (question === undefined) throw notFound('unanswered question', id);
      if (question.status === 'answered') throw new DomainError('conflict', 'the question is answered by a knowledge entry; delete the entry to open it again');
      await store.setUnansweredStatus(trx, houseId, id, 'dismissed', null);
      return unansweredFromRow({ ...question, status: 'dismissed', entry_id: null });
    });
  }

  return { list, get, entryById, create, update, remove, version, forUnderstanding, seedDemo, listUnanswered, dismissUnanswered };
}

export type KnowledgeBase = ReturnType<typeof createKnowledgeBase>;
