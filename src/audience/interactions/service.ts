import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database, Executor } from '../../core/db/database.ts';
import { fromJson, toJson } from '../../core/db/json.ts';
import { invalid, isDomainError, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/input.ts';
import type { Events } from '../../core/jobs/events.ts';
import { auditContactView } from '../audit/views.ts';
import type { ConsentService } from '../consents/service.ts';
import { type PageInput, pageOf } from '../contacts/service.ts';
import { type PurposeReader, readableKinds } from '../contacts/purpose.ts';
import { addContactUnit, findContact, findContactByEmail, unitExists } from '../contacts/store.ts';
import { interactionRecorded } from '../consents/events.ts';
import { type InteractionKind, interactionKinds, normaliseContactEmail, type Purpose } from '../model.ts';
import {
  type Interaction,
  type InteractionRecordInput,
  interactionRecordInput,
  type StaffInteractionBody,
  staffInteractionBody,
  type Timeline,
  timelineQuery,
} from './schemas.ts';
import * as store from './store.ts';

/*
 * The history of a contact. record() is the one call through which bookings,
 * check-ins, mails, the assistant, the website and surveys write it; the timeline is
 * what staff read, limited to what the person's valid purposes justify.
 */

export interface InteractionDeps {
  database: Database;
  clock: Clock;
  consents: ConsentService;
  reader: PurposeReader;
  events?: Events | undefined;
}

export interface RecordResult {
  id: string;
  created: boolean;
  /** True when details were given but not stored: behavioural analysis is not allowed for this person. */
  detailsDropped: boolean;
}

function interactionFromRow(row: store.TimelineRow, withDetails: boolean): Interaction {
  return {
    id: row.id,
    kind: row.kind as InteractionKind,
    occurredAt: row.occurred_at,
    source: row.source,
    ref: row.ref,
    unitId: row.unit_id,
    productionId: row.production_id,
    performanceId: row.performance_id,
    performanceStartsAt: row.performance_starts_at,
    productionTitle: row.production_title_de === null ? null : { de: row.production_title_de, en: row.production_title_en },
    details: withDetails ? fromJson<Record<string, unknown> | null>(row.details, null) : null,
  };
}

export function createInteractionService({ database, clock, consents, reader, events }: InteractionDeps) {
  const { db } = database;
  const run = <T>(executor: Executor | undefined, work: (trx: Executor) => Promise<T>): Promise<T> =>
    executor === undefined ? db.transaction().execute(work) : work(executor);

  async function contactOf(trx: Executor, houseId: string, contactId: string | undefined, email: string | undefined): Promise<string> {
    if (contactId !== undefined) {
      if ((await findContact(trx, { houseId, unitId: null }, contactId)) === undefined) throw notFound('contact', contactId);
      return contactId;
    }
    // Recording history never makes a person: the writer calls contacts.findOrCreate first,
    // with the consent or contract that justifies holding them.
    const found = await findContactByEmail(trx, houseId, normaliseContactEmail(email ?? ''));
    if (found === undefined) throw notFound('contact with e-mail', email ?? '');
    return found.id;
  }

  /** Production and unit follow from the performance, the unit from the production, unless given. */
  async function placeOf(trx: Executor, houseId: string, input: { unitId?: string | null | undefined; productionId?: string | null | undefined; performanceId?: string | null | undefined }) {
    let productionId = input.productionId ?? null;
    const performanceId = input.performanceId ?? null;
    if (performanceId !== null) {
      const ofPerformance = await store.performanceProduction(trx, houseId, performanceId);
      if (ofPerformance === undefined) throw invalid('performanceId', 'no performance with this id in this house');
      if (productionId !== null && productionId !== ofPerformance) throw invalid('productionId', 'is not the production of the performance');
      productionId = ofPerformance;
    }
    let unitId = input.unitId ?? null;
    if (productionId !== null) {
      const production = await store.productionUnit(trx, houseId, productionId);
      if (production === undefined) throw invalid('productionId', 'no production with this id in this house');
      unitId ??= production.unitId;
    }
    if (input.unitId != null && !(await unitExists(trx, houseId, input.unitId))) throw invalid('unitId', 'no unit with this id in this house');
    return { unitId, productionId, performanceId };
  }

  /**
   * Writes one fact of a contact's history. Idempotent by (house, source, ref): the
   * second call returns the first row with created false. The fact is always kept;
   * its details only while the person allows behavioural analysis (detailsDropped says
   * when they were left out). The unit of the fact makes the person a member of it.
   */
  async function record(input: InteractionRecordInput, options: { executor?: Executor | undefined } = {}): Promise<RecordResult> {
    const parsed = parseInput(interactionRecordInput, input);
    const at = clock.now().toISOString();
    return run(options.executor, async (trx) => {
      const contactId = await contactOf(trx, parsed.houseId, parsed.contactId, parsed.email);
      const place = await placeOf(trx, parsed.houseId, parsed);
      const hasDetails = parsed.details != null && Object.keys(parsed.details).length > 0;
      const detailsAllowed = hasDetails && (await consents.isValid(parsed.houseId, contactId, 'behavioural_analysis', { executor: trx }));
      const ref = parsed.ref ?? null;
      const id = await store.insertInteraction(trx, {
        id: newId(),
        house_id: parsed.houseId,
        contact_id: contactId,
        pseudonym: null,
        kind: parsed.kind,
        occurred_at: parsed.occurredAt,
        source: parsed.source,
        ref,
        unit_id: place.unitId,
        production_id: place.productionId,
        performance_id: place.performanceId,
        details: detailsAllowed ? toJson(parsed.details) : null,
        created_at: at,
      });
      if (id === undefined) {
        const existing = await store.findInteractionByRef(trx, parsed.houseId, parsed.source, ref ?? '');
        if (existing === undefined) throw new Error('interaction vanished between insert and select');
        return { id: existing.id, created: false, detailsDropped: hasDetails && !detailsAllowed };
      }
      if (place.unitId !== null) await addContactUnit(trx, parsed.houseId, contactId, place.unitId, at);
      await events?.publish(interactionRecorded, { houseId: parsed.houseId, contactId, interactionId: id, kind: parsed.kind, occurredAt: parsed.occurredAt }, { executor: trx });
      return { id, created: true, detailsDropped: hasDetails && !detailsAllowed };
    });
  }

  /** Staff note a fact on the contact's page; unit staff always for their unit. */
  async function recordForContact(scope: Scope, contactId: string, body: StaffInteractionBody): Promise<RecordResult> {
    const parsed = parseInput(staffInteractionBody, body);
    return db.transaction().execute(async (trx) => {
      if ((await findContact(trx, scope, contactId)) === undefined) throw notFound('contact', contactId);
      return record(
        {
          houseId: scope.houseId,
          contactId,
          kind: parsed.kind,
          occurredAt: parsed.occurredAt,
          source: 'staff',
          unitId: scope.unitId ?? parsed.unitId ?? null,
          productionId: parsed.productionId ?? null,
          performanceId: parsed.performanceId ?? null,
          details: parsed.note === undefined || parsed.note === '' ? null : { note: parsed.note },
        },
        { executor: trx },
      );
    });
  }

  /**
   * Newest first. Only kinds that one of the person's valid purposes justifies are
   * shown, and details only while behavioural analysis is allowed (readForPurpose is
   * the check). Unit staff see what happened with their unit. Reading it is a staff
   * view of the person's data, so it is audited like opening the contact: once per
   * visit, not once per page of the timeline (audit/views.ts).
   */
  async function timeline(scope: Scope, actor: string, contactId: string, query: { kind?: InteractionKind | undefined } = {}, pageInput?: PageInput): Promise<Timeline> {
    const filter = parseInput(timelineQuery, query);
    const page = pageOf(pageInput);
    // The check and the audit entry in one short transaction; the reading follows after
    // it, because the readers below query through `db` and on SQLite would wait for the
    // transaction's one connection.
    await db.transaction().execute(async (trx) => {
      if ((await findContact(trx, scope, contactId)) === undefined) throw notFound('contact', contactId);
      await auditContactView(trx, database.engine, { houseId: scope.houseId, actor, contactId, view: 'timeline', now: clock.now() });
    });
    const valid = new Set<Purpose>((await consents.ofContact(scope.houseId, contactId)).filter((c) => c.valid).map((c) => c.purpose));
    const readable = readableKinds(valid);
    const detailsShown = await reader.readForPurpose(scope, contactId, 'behavioural_analysis').then(
      (reading) => reading.interactionDetails,
      (error: unknown) => {
        if (isDomainError(error, 'no_consent')) return false;
        throw error;
      },
    );
    const kinds = filter.kind === undefined ? readable : readable.filter((kind) => kind === filter.kind);
    const hiddenKinds = interactionKinds.filter((kind) => !readable.includes(kind));
    if (kinds.length === 0) return { items: [], total: 0, ...page, detailsShown, hiddenKinds };
    const { rows, total } = await store.timelineOf(db, scope.houseId, contactId, { unitId: scope.unitId, kinds }, page);
    return { items: rows.map((row) => interactionFromRow(row, detailsShown)), total, ...page, detailsShown, hiddenKinds };
  }

  return { record, recordForContact, timeline };
}

export type InteractionService = ReturnType<typeof createInteractionService>;
