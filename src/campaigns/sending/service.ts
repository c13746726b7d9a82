import type { SegmentService } from '../../audience/segments/service.ts';
import type { CatalogueService } from '../../catalogue/service.ts';
import type { Actor, Scope } from '../../core/auth/model.ts';
import { actorRef, scopeOf } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { fromJson, toJson } from '../../core/db/json.ts';
import { writeTransaction } from '../../core/db/transaction.ts';
import { DomainError, type ErrorDetail, invalid, isDomainError, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/input.ts';
import type { OrderAttribution } from '../../ticketing/attribution.ts';
import { libraryEntry, librarySource } from '../templates/library.ts';
import { type TemplateLanguage, templateLanguages } from '../templates/model.ts';
import type { EditedSource, TemplateService } from '../templates/service.ts';
import {
  afterCancel,
  afterPause,
  afterResume,
  afterReview,
  afterSchedule,
  type CampaignKind,
  type CampaignStatus,
  type Decision,
  emptyCounts,
  mayDelete,
  mayEdit,
  type MessageCounts,
} from './model.ts';
import {
  type CampaignCreateInput,
  campaignCreateInput,
  type CampaignDto,
  type CampaignPatchInput,
  campaignPatchInput,
  type CampaignSummary,
} from './schemas.ts';
import { createCampaignReports } from './reports.ts';
import * as store from './store.ts';
import type { BulkTransport } from './transport.ts';

/*
 * Campaigns for staff: create and edit a mail, schedule, pause, resume and cancel its
 * send, approve what waits for approval, and read its progress, delivery log and
 * statistics. The sending itself is the scanner's and the sender's (scanner.ts,
 * sender.ts); this service only changes statuses, which they see at their next batch.
 */

export interface CampaignServiceDeps {
  database: Database;
  clock: Clock;
  catalogue: Pick<CatalogueService, 'getProduction' | 'getPerformance'>;
  segments: Pick<SegmentService, 'getSegment'>;
  templates: Pick<TemplateService, 'prepare' | 'previewCampaign'>;
  transport: BulkTransport;
  attribution: OrderAttribution;
  /** Called after a change that makes sending due (schedule, approve, resume): the worker should look now. */
  onDue(): Promise<void>;
}

type Content = Partial<Record<TemplateLanguage, EditedSource>>;

function conflictOrInvalid<T>(decision: Decision<T>): T {
  if (decision.ok) return decision.value;
  throw new DomainError(decision.code, decision.message);
}

function summaryOf(row: store.CampaignRow, counts: MessageCounts): CampaignSummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as CampaignKind,
    status: row.status as CampaignStatus,
    templateKey: row.template_key,
    segmentId: row.segment_id,
    productionId: row.production_id,
    performanceId: row.performance_id,
    scheduledAt: row.scheduled_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    recipients: Number(row.recipients),
    counts,
    autopilotRule: row.autopilot_rule,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function effectiveContent(row: store.CampaignRow): CampaignDto['content'] {
  const edited = fromJson<Content>(row.content, {});
  const entry = libraryEntry(row.template_key);
  const of = (language: TemplateLanguage) => {
    const own = edited[language];
    if (own !== undefined) return own;
    if (entry === undefined) return { subject: '', preheader: '', body: '' };
    const source = librarySource(entry, language);
    return { subject: source.subject, preheader: source.preheader, body: source.body };
  };
  return { de: of('de'), en: of('en') };
}

export function createCampaignService(deps: CampaignServiceDeps) {
  const { database, clock, templates } = deps;
  const { db } = database;

  async function find(scope: Scope, id: string): Promise<store.CampaignRow> {
    const row = await store.findCampaign(db, scope, id);
    if (row === undefined) throw notFound('campaign', id);
    return row;
  }

  async function dto(scope: Scope, id: string): Promise<CampaignDto> {
    const row = await find(scope, id);
    const counts = (await store.countsOf(db, scope.houseId, [id])).get(id) ?? emptyCounts();
    return { ...summaryOf(row, counts), content: effectiveContent(row), pauseReason: row.pause_reason, approvedBy: row.approved_by, approvedAt: row.approved_at };
  }

  /** The references a campaign names must be the house's; each wrong one is named by its field. */
  async function checkReferences(scope: Scope, input: { templateKey?: string | undefined; segmentId?: string | null | undefined; productionId?: string | null | undefined; performanceId?: string | null | undefined }): Promise<void> {
    const details: ErrorDetail[] = [];
    if (input.templateKey !== undefined && libraryEntry(input.templateKey) === undefined) details.push({ field: 'templateKey', message: 'no template with this key in the library' });
    const exists = async (field: string, lookup: () => Promise<unknown>) => {
      try {
        await lookup();
      } catch (error) {
        if (!isDomainError(error, 'not_found')) throw error;
        details.push({ field, message: 'does not exist in this house' });
      }
    };
    if (typeof input.segmentId === 'string') {
      const segmentId = input.segmentId;
      await exists('segmentId', () => deps.segments.getSegment(scope, segmentId));
    }
    if (typeof input.productionId === 'string') {
      const productionId = input.productionId;
      await exists('productionId', () => deps.catalogue.getProduction(scope, productionId));
    }
    if (typeof input.performanceId === 'string') {
      const performanceId = input.performanceId;
      await exists('performanceId', () => deps.catalogue.getPerformance(scope, performanceId));
    }
    if (details.length > 0) throw new DomainError('validation', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
  }

  /** Edited sources are compiled once when saved, so a broken tag is refused here and not at send time. */
  async function checkContent(houseId: string, templateKey: string, content: Content): Promise<void> {
    for (const language of templateLanguages) {
      const edited = content[language];
      if (edited === undefined) continue;
      try {
        await templates.prepare(houseId, { templateKey, language, edited, focus: {} });
      } catch (error) {
        if (!isDomainError(error, 'validation')) throw error;
        const details = error.details.map((detail) => ({ field: `content.${language}.${detail.field ?? 'body'}`, message: detail.message }));
        throw new DomainError('validation', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
      }
    }
  }

  async function list(scope: Scope, query: { kind?: CampaignKind | undefined; status?: CampaignStatus | undefined; limit: number; offset: number }) {
    const { rows, total } = await store.listCampaigns(db, scope, query, query);
    const counts = await store.countsOf(db, scope.houseId, rows.map((row) => row.id));
    return { items: rows.map((row) => summaryOf(row, counts.get(row.id) ?? emptyCounts())), total, limit: query.limit, offset: query.offset };
  }

  async function create(actor: Actor, input: CampaignCreateInput): Promise<CampaignDto> {
    const scope = scopeOf(actor);
    const parsed = parseInput(campaignCreateInput, input);
    await checkReferences(scope, parsed);
    const content: Content = parsed.content ?? {};
    await checkContent(scope.houseId, parsed.templateKey, content);
    const id = newId();
    const now = clock.now().toISOString();
    await store.insertCampaign(db, {
      id,
      house_id: scope.houseId,
      unit_id: scope.unitId,
      name: parsed.name,
      kind: parsed.kind,
      template_key: parsed.templateKey,
      content: Object.keys(content).length === 0 ? null : toJson(content),
      production_id: parsed.productionId ?? null,
      performance_id: parsed.performanceId ?? null,
      segment_id: parsed.segmentId ?? null,
      // A journey's mail is live as soon as a journey step names it; the journey decides when.
      status: parsed.kind === 'journey' ? 'active' : 'draft',
      scheduled_at: null,
      started_at: null,
      finished_at: null,
      checkpoint: null,
      walked_at: null,
      recipients: 0,
      pause_reason: null,
      autopilot_rule: null,
      approved_by: null,
      approved_at: null,
      created_by: actorRef(actor),
      created_at: now,
      updated_at: now,
    });
    return dto(scope, id);
  }

  /**
   * A mail the autopilot writes from a library template: a journey mail for the journey
   * of a rule, or a newsletter that is scheduled at once (mode autopilot, the house
   * switched the rule on with campaigns:approve) or waits in the approval queue.
   */
  async function createFromAutopilot(
    houseId: string,
    input: { name: string; kind: CampaignKind; templateKey: string; productionId?: string; performanceId?: string; segmentId?: string },
    options: { rule: string; actor: string; send?: 'autopilot' | 'approval' },
  ): Promise<{ id: string }> {
    const scope: Scope = { houseId, unitId: null };
    await checkReferences(scope, input);
    const id = newId();
    const now = clock.now().toISOString();
    const status: CampaignStatus = input.kind === 'journey' ? 'active' : options.send === 'approval' ? 'awaiting_approval' : 'scheduled';
    await store.insertCampaign(db, {
      id,
      house_id: houseId,
      unit_id: null,
      name: input.name.slice(0, 200),
      kind: input.kind,
      template_key: input.templateKey,
      content: null,
      production_id: input.productionId ?? null,
      performance_id: input.performanceId ?? null,
      segment_id: input.segmentId ?? null,
      status,
      scheduled_at: input.kind === 'newsletter' ? now : null,
      started_at: null,
      finished_at: null,
      checkpoint: null,
      walked_at: null,
      recipients: 0,
      pause_reason: null,
      autopilot_rule: options.rule,
      approved_by: status === 'scheduled' ? `autopilot:${options.rule}` : null,
      approved_at: status === 'scheduled' ? now : null,
      created_by: options.actor,
      created_at: now,
      updated_at: now,
    });
    if (status === 'scheduled') await deps.onDue();
    return { id };
  }

  /** The newest campaigns a rule wrote, for the autopilot page. */
  async function idsByAutopilotRule(houseId: string, rule: string, limit: number): Promise<string[]> {
    return store.campaignIdsByAutopilotRule(db, houseId, rule, limit);
  }

  async function update(scope: Scope, id: string, input: CampaignPatchInput): Promise<CampaignDto> {
    const parsed = parseInput(campaignPatchInput, input);
    const row = await find(scope, id);
    if (!mayEdit(row.status as CampaignStatus)) throw new DomainError('conflict', `a ${row.status} campaign can no longer be changed`);
    await checkReferences(scope, parsed);
    const templateKey = parsed.templateKey ?? row.template_key;
    const content = parsed.content === undefined ? fromJson<Content>(row.content, {}) : (parsed.content ?? {});
    if (parsed.content !== undefined || parsed.templateKey !== undefined) await checkContent(scope.houseId, templateKey, content);
    const changed = await store.changeStatus(db, scope.houseId, id, [row.status], {
      ...(parsed.name === undefined ? {} : { name: parsed.name }),
      ...(parsed.templateKey === undefined ? {} : { template_key: parsed.templateKey }),
      ...(parsed.content === undefined ? {} : { content: Object.keys(content).length === 0 ? null : toJson(content) }),
      ...(parsed.productionId === undefined ? {} : { production_id: parsed.productionId }),
      ...(parsed.performanceId === undefined ? {} : { performance_id: parsed.performanceId }),
      ...(parsed.segmentId === undefined ? {} : { segment_id: parsed.segmentId }),
      updated_at: clock.now().toISOString(),
    });
    if (!changed) throw new DomainError('conflict', 'the campaign changed meanwhile; load it again');
    return dto(scope, id);
  }

  async function remove(scope: Scope, id: string): Promise<void> {
    await writeTransaction(database, async (trx) => {
      const row = await store.findCampaign(trx, scope, id);
      if (row === undefined) throw notFound('campaign', id);
      if (!mayDelete(row.status as CampaignStatus, await store.messageCount(trx, scope.houseId, id))) {
        throw new DomainError('conflict', 'a campaign that sent messages is kept for its statistics; cancel or archive it instead');
      }
      await store.deleteCampaign(trx, scope.houseId, id);
    });
  }

  /** Applies a status change decided from the row as read; a concurrent change turns into a conflict. */
  async function transition(scope: Scope, row: store.CampaignRow, changes: Parameters<typeof store.changeStatus>[4], also?: (trx: Parameters<Parameters<typeof writeTransaction>[1]>[0]) => Promise<void>): Promise<CampaignDto> {
    await writeTransaction(database, async (trx) => {
      if (!(await store.changeStatus(trx, scope.houseId, row.id, [row.status], { ...changes, updated_at: clock.now().toISOString() }))) {
        throw new DomainError('conflict', 'the campaign changed meanwhile; load it again');
      }
      if (also !== undefined) await also(trx);
    });
    return dto(scope, row.id);
  }

  async function schedule(actor: Actor, id: string, input: { at?: string | undefined } = {}): Promise<CampaignDto> {
    const scope = scopeOf(actor);
    const row = await find(scope, id);
    const status = conflictOrInvalid(afterSchedule(row.kind as CampaignKind, row.status as CampaignStatus, actor.permissions.has('campaigns:approve')));
    if (row.segment_id === null) throw invalid('segmentId', 'a newsletter needs a segment before it can be scheduled');
    const now = clock.now();
    const at = input.at === undefined || Date.parse(input.at) < now.getTime() ? now : new Date(input.at);
    const approved = status === 'scheduled' ? { approved_by: actorRef(actor), approved_at: now.toISOString() } : {};
    const result = await transition(scope, row, { status, scheduled_at: at.toISOString(), pause_reason: null, ...approved });
    if (status === 'scheduled') await deps.onDue();
    return result;
  }

  async function pause(actor: Actor, id: string): Promise<CampaignDto> {
    const scope = scopeOf(actor);
    const row = await find(scope, id);
    return transition(scope, row, { status: conflictOrInvalid(afterPause(row.status as CampaignStatus)), pause_reason: `paused by ${actorRef(actor)}` });
  }

  async function resume(actor: Actor, id: string): Promise<CampaignDto> {
    const scope = scopeOf(actor);
    const row = await find(scope, id);
    const status = conflictOrInvalid(afterResume(row.kind as CampaignKind, row.status as CampaignStatus, row.started_at !== null));
    const result = await transition(scope, row, { status, pause_reason: null });
    await deps.onDue();
    return result;
  }

  async function cancel(actor: Actor, id: string): Promise<CampaignDto> {
    const scope = scopeOf(actor);
    const row = await find(scope, id);
    const status = conflictOrInvalid(afterCancel(row.status as CampaignStatus));
    const now = clock.now().toISOString();
    return transition(scope, row, { status, finished_at: now, pause_reason: `cancelled by ${actorRef(actor)}` }, async (trx) => {
      await store.cancelUnsent(trx, scope.houseId, id, now);
    });
  }

  async function review(actor: Actor, id: string, decision: 'approve' | 'reject', reason?: string): Promise<CampaignDto> {
    const scope = scopeOf(actor);
    const row = await find(scope, id);
    const status = conflictOrInvalid(afterReview(row.status as CampaignStatus, decision));
    const now = clock.now().toISOString();
    if (decision === 'reject') {
      return transition(scope, row, { status, approved_by: null, approved_at: null, pause_reason: `rejected by ${actorRef(actor)}${reason ? `: ${reason}` : ''}`.slice(0, 1000) });
    }
    const scheduledAt = row.scheduled_at === null || row.scheduled_at < now ? now : row.scheduled_at;
    const result = await transition(scope, row, { status, scheduled_at: scheduledAt, approved_by: actorRef(actor), approved_at: now, pause_reason: null });
    await deps.onDue();
    return result;
  }

  async function preview(actor: Actor & { mayReadAudience?: boolean }, id: string, input: { language: TemplateLanguage; contactId?: string | undefined }) {
    const scope = scopeOf(actor);
    const row = await find(scope, id);
    return templates.previewCampaign(
      scope,
      { ref: actorRef(actor), mayReadAudience: actor.permissions.has('audience:read') },
      { templateKey: row.template_key, content: fromJson<Content>(row.content, {}), unitId: row.unit_id, productionId: row.production_id, performanceId: row.performance_id },
      input,
    );
  }

  /** A test mail to a staff address: exactly the preview, marked as a test, through the campaign transport. */
  async function testSend(actor: Actor, id: string, input: { email: string; language: TemplateLanguage; contactId?: string | undefined }): Promise<{ messageId: string }> {
    const rendered = await preview(actor, id, input);
    const messageId = `<test.${newId()}@${deps.transport.domain}>`;
    try {
      await deps.transport.send(
        { to: input.email, subject: `[Test] ${rendered.subject}`, html: rendered.html, text: rendered.text, language: input.language, headers: { 'X-Foyer-Test': 'true' } },
        messageId,
      );
    } catch (error) {
      throw new DomainError('upstream', `the SMTP server refused the test mail: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { messageId };
  }

  async function approvals(actor: Actor) {
    const scope = scopeOf(actor);
    const mayRead = actor.permissions.has('audience:read');
    const held = await store.heldMessages(db, scope, 500);
    const waiting = await list(scope, { status: 'awaiting_approval', limit: 200, offset: 0 });
    return {
      messages: held.map((row) => ({
        id: row.id,
        campaignId: row.campaign_id,
        campaignName: row.campaign_name,
        journeyId: row.journey_id,
        journeyName: row.journey_name,
        nodeId: row.node_id,
        contactId: row.contact_id,
        contactName: mayRead ? row.contact_name : null,
        queuedAt: row.queued_at,
      })),
      campaigns: waiting.items,
    };
  }

  /** Approved held messages go to the sender as they are; rejected ones are skipped with the reason 'rejected'. */
  async function decideMessages(actor: Actor, input: { ids: string[]; decision: 'approve' | 'reject' }): Promise<{ approved: number; rejected: number }> {
    const changed = await writeTransaction(database, (trx) => store.decideHeld(trx, scopeOf(actor), input.ids, input.decision, clock.now().toISOString()));
    if (input.decision === 'approve' && changed > 0) await deps.onDue();
    return input.decision === 'approve' ? { approved: changed, rejected: 0 } : { approved: 0, rejected: changed };
  }

  // Progress, statistics and the delivery log read what the pipeline wrote (reports.ts).
  const reports = createCampaignReports({ database, attribution: deps.attribution, find });

  return { list, get: dto, create, createFromAutopilot, idsByAutopilotRule, update, remove, schedule, pause, resume, cancel, review, preview, testSend, ...reports, approvals, decideMessages };
}

export type CampaignService = ReturnType<typeof createCampaignService>;
