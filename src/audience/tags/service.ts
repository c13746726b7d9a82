import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database, Executor } from '../../core/db/database.ts';
import { notFound } from '../../core/errors.ts';
import { parseInput } from '../../core/input.ts';
import { findContact } from '../contacts/store.ts';
import { type ContactTagDto, tagInput } from './schemas.ts';
import * as store from './store.ts';

/*
 * Contact tags: labels staff set by hand and journeys set as a step ("went to the
 * premiere", "asked about subscriptions"), which journey conditions and segments read.
 * Unit staff tag only the contacts of their unit, as they see only those.
 */

function tagDto(row: store.TagRow): ContactTagDto {
  return { tag: row.tag, addedBy: row.added_by, addedAt: row.added_at };
}

export function createTagService({ database, clock }: { database: Database; clock: Clock }) {
  const db = database.db;

  async function visible(scope: Scope, contactId: string): Promise<void> {
    if ((await findContact(db, scope, contactId)) === undefined) throw notFound('contact', contactId);
  }

  async function list(scope: Scope, contactId: string): Promise<ContactTagDto[]> {
    await visible(scope, contactId);
    return (await store.tagsOf(db, scope.houseId, contactId)).map(tagDto);
  }

  /** Adds a tag (again: no change) and answers the contact's tag as stored. */
  async function add(scope: Scope, contactId: string, input: unknown, actor: string): Promise<ContactTagDto> {
    const { tag } = parseInput(tagInput, input);
    await visible(scope, contactId);
    await store.addTags(db, [{ house_id: scope.houseId, contact_id: contactId, tag, added_by: actor, added_at: clock.now().toISOString() }]);
    const row = (await store.tagsOf(db, scope.houseId, contactId)).find((candidate) => candidate.tag === tag);
    if (row === undefined) throw notFound('contact', contactId);
    return tagDto(row);
  }

  async function remove(scope: Scope, contactId: string, tag: string): Promise<void> {
    await visible(scope, contactId);
    if (!(await store.removeTag(db, scope.houseId, contactId, tag))) throw notFound('tag', tag);
  }

  /** For journeys: tags for many contacts of one house, inside the caller's transaction. */
  async function addMany(executor: Executor, houseId: string, entries: readonly { contactId: string; tag: string }[], actor: string, at: string): Promise<number> {
    return store.addTags(
      executor,
      entries.map((entry) => ({ house_id: houseId, contact_id: entry.contactId, tag: entry.tag, added_by: actor, added_at: at })),
    );
  }

  return { list, add, remove, addMany };
}

export type TagService = ReturnType<typeof createTagService>;
