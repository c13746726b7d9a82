import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { writeTransaction } from '../../core/db/transaction.ts';
import { DomainError, isDomainError, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/input.ts';
import { nextOccurrence } from '../../core/jobs/model.ts';
import { type GraphProblem, graphProblems, type JourneyGraph, type JourneyTrigger } from './definition.ts';
import type { EnrollmentContext } from './model.ts';
import {
  type EnrollmentDto,
  enrollmentStates,
  type JourneyCreateInput,
  journeyCreateInput,
  type JourneyDto,
  type JourneyMode,
  type JourneyPatchInput,
  journeyPatchInput,
  type JourneyStatus,
  type JourneySummary,
  journeyValidateInput,
  type NodeStatsDto,
} from './schemas.ts';
import * as store from './store.ts';
import type { JourneyTriggers } from './triggers.ts';

/*
 * Journeys as staff manage them: draw (draft), check, activate, pause, archive. The
 * structure is checked by graphProblems() (shared with the builder); what the graph
 * refers to (journey mails, segments, channel accounts) is checked against the house at
 * activation, so a draft may name a mail not written yet. A running journey's graph is
 * changed only while it is paused: people waiting at a step that no longer exists leave.
 */

type EnrollmentState = (typeof enrollmentStates)[number];

export interface JourneyServiceDeps {
  database: Database;
  clock: Clock;
  segments: { getSegment(scope: Scope, id: string): Promise<unknown> };
  productions: { getProduction(scope: Scope, id: string): Promise<unknown> };
  triggers: Pick<JourneyTriggers, 'seedSeen'>;
}

function conflict(message: string, details: GraphProblem[] = [{ field: 'status', message }]): DomainError {
  return new DomainError('conflict', message, details);
}

export function createJourneyService({ database, clock, segments, productions, triggers }: JourneyServiceDeps) {
  const db = database.db;

  function summaryOf(row: store.JourneyRow, counts: JourneySummary['counts']): JourneySummary {
    return {
      id: row.id,
      name: row.name,
      status: row.status as JourneyStatus,
      mode: row.mode as JourneyMode,
      trigger: JSON.parse(row.trigger) as JourneyTrigger,
      autopilotRule: row.autopilot_rule,
      counts,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      activatedAt: row.activated_at,
    };
  }

  async function countsOf(houseId: string, ids: readonly string[]): Promise<Map<string, JourneySummary['counts']>> {
    const counts = new Map<string, JourneySummary['counts']>(ids.map((id) => [id, { waiting: 0, completed: 0, exited: 0 }]));
    for (const row of await store.enrollmentCounts(db, houseId, ids)) {
      const entry = counts.get(row.journey_id);
      if (entry !== undefined && (enrollmentStates as readonly string[]).includes(row.state)) entry[row.state as EnrollmentState] = row.n;
    }
    return counts;
  }

  function dtoOf(row: store.JourneyRow, counts: JourneySummary['counts']): JourneyDto {
    const graph = JSON.parse(row.graph) as JourneyGraph;
    return { ...summaryOf(row, counts), graph, problems: graphProblems(graph) };
  }

  async function find(scope: Scope, id: string): Promise<store.JourneyRow> {
    const row = await store.findJourney(db, scope, id);
    if (row === undefined) throw notFound('journey', id);
    return row;
  }

  async function get(scope: Scope, id: string): Promise<JourneyDto> {
    const row = await find(scope, id);
    return dtoOf(row, (await countsOf(scope.houseId, [id])).get(id) ?? { waiting: 0, completed: 0, exited: 0 });
  }

  async function list(scope: Scope): Promise<JourneySummary[]> {
    const rows = await store.listJourneys(db, scope);
    const counts = await countsOf(scope.houseId, rows.map((row) => row.id));
    return rows.map((row) => summaryOf(row, counts.get(row.id) ?? { waiting: 0, completed: 0, exited: 0 }));
  }

  /** A new draft. `autopilotRule` marks a journey made by a ready-made automation (the lead's autopilot). */
  async function create(scope: Scope, input: JourneyCreateInput, actor: string, options: { autopilotRule?: string } = {}): Promise<JourneyDto> {
    const parsed = parseInput(journeyCreateInput, input);
    const id = newId();
    const at = clock.now().toISOString();
    await store.insertJourney(db, {
      id,
      house_id: scope.houseId,
      unit_id: scope.unitId,
      name: parsed.name,
      status: 'draft',
      mode: parsed.mode,
      trigger: JSON.stringify(parsed.trigger),
      graph: JSON.stringify(parsed.graph),
      trigger_state: null,
      autopilot_rule: options.autopilotRule ?? null,
      created_by: actor,
      created_at: at,
      updated_at: at,
      activated_at: null,
      step_counts: null,
    });
    return get(scope, id);
  }

  async function update(scope: Scope, id: string, input: JourneyPatchInput): Promise<JourneyDto> {
    const parsed = parseInput(journeyPatchInput, input);
    const row = await find(scope, id);
    if (row.status !== 'draft' && row.status !== 'paused') throw conflict(`the journey is ${row.status}: pause it before changing it`);
    const changed = await store.updateJourney(db, scope.houseId, id, ['draft', 'paused'], {
      ...(parsed.name === undefined ? {} : { name: parsed.name }),
      ...(parsed.mode === undefined ? {} : { mode: parsed.mode }),
      ...(parsed.trigger === undefined ? {} : { trigger: JSON.stringify(parsed.trigger) }),
      ...(parsed.graph === undefined ? {} : { graph: JSON.stringify(parsed.graph) }),
      updated_at: clock.now().toISOString(),
    });
    if (!changed) throw conflict('the journey changed meanwhile: load it again');
    return get(scope, id);
  }

  async function remove(scope: Scope, id: string): Promise<void> {
    const row = await find(scope, id);
    if (row.status !== 'draft') throw conflict(`only a draft can be deleted; archive a journey that has run (this one is ${row.status})`);
    if (!(await store.deleteDraft(db, scope.houseId, id))) throw conflict('the journey changed meanwhile: load it again');
  }

  /**
   * The structure and what the graph refers to: [] when the journey may run. Everything
   * named must be within the scope: a unit's journey uses the unit's segments, journey
   * mails and productions (the house's channel accounts serve every unit).
   */
  async function problemsOf(scope: Scope, trigger: JourneyTrigger, graph: JourneyGraph): Promise<GraphProblem[]> {
    const problems = graphProblems(graph);
    const within = scope.unitId === null ? 'the house has' : 'the unit has';
    const segmentRefs: { field: string; id: string }[] = [];
    const productionRefs: { field: string; id: string }[] = [];
    if (trigger.type === 'segment_entry' || trigger.type === 'schedule') segmentRefs.push({ field: 'trigger.segmentId', id: trigger.segmentId });
    if ((trigger.type === 'event' || trigger.type === 'performance') && trigger.productionId !== undefined) productionRefs.push({ field: 'trigger.productionId', id: trigger.productionId });
    if (trigger.type === 'schedule') {
      try {
        // Any valid zone will do for checking the expression itself.
        nextOccurrence(trigger.cron, 'UTC', clock.now());
      } catch {
        problems.push({ field: 'trigger.cron', message: `"${trigger.cron}" is not a cron expression` });
      }
    }
    const campaignRefs: { field: string; id: string }[] = [];
    const accountRefs: { field: string; id: string; webhook: boolean }[] = [];
    for (const node of graph.nodes) {
      const field = `nodes.${node.id}`;
      if (node.type === 'condition' && node.condition.kind === 'segment') segmentRefs.push({ field, id: node.condition.segmentId });
      if (node.type === 'condition' && node.condition.kind === 'behaviour' && node.condition.productionId !== undefined) productionRefs.push({ field, id: node.condition.productionId });
      if (node.type !== 'action') continue;
      const action = node.action;
      if (action.kind === 'send_email') campaignRefs.push({ field, id: action.campaignId });
      if (action.kind === 'publish_post') accountRefs.push({ field, id: action.accountId, webhook: false });
      if (action.kind === 'call_webhook') accountRefs.push({ field, id: action.accountId, webhook: true });
    }
    const campaigns = await store.journeyCampaigns(db, scope, campaignRefs.map((ref) => ref.id));
    for (const ref of campaignRefs) if (!campaigns.has(ref.id)) problems.push({ field: ref.field, message: `${within} no journey mail ${ref.id}` });
    const accounts = await store.channelAccounts(db, scope.houseId, accountRefs.map((ref) => ref.id));
    for (const ref of accountRefs) {
      const kind = accounts.get(ref.id);
      if (kind === undefined) problems.push({ field: ref.field, message: `the house has no channel account ${ref.id}` });
      else if (ref.webhook && kind !== 'webhook') problems.push({ field: ref.field, message: `channel account ${ref.id} is not a webhook` });
    }
    const missing = async (ref: { field: string; id: string }, what: string, lookup: () => Promise<unknown>) => {
      try {
        await lookup();
      } catch (error) {
        if (!isDomainError(error, 'not_found')) throw error;
        problems.push({ field: ref.field, message: `${within} no ${what} ${ref.id}` });
      }
    };
    for (const ref of segmentRefs) await missing(ref, 'segment', () => segments.getSegment(scope, ref.id));
    for (const ref of productionRefs) await missing(ref, 'production', () => productions.getProduction(scope, ref.id));
    return problems;
  }

  async function validate(scope: Scope, input: unknown): Promise<{ problems: GraphProblem[] }> {
    const parsed = parseInput(journeyValidateInput, input);
    return { problems: await problemsOf(scope, parsed.trigger, parsed.graph) };
  }

  /**
   * Starts (or resumes) a journey; 409 with the problems as details when it cannot run.
   * On autopilot its mails leave in the house's name unseen, which is the right of
   * campaigns:approve (`mayApprove`); without it only a journey whose messages wait for
   * approval may run (a unit's coordinator, a narrowly scoped key).
   */
  async function activate(scope: Scope, id: string, options: { mayApprove: boolean }): Promise<JourneyDto> {
    const row = await find(scope, id);
    if (row.status !== 'draft' && row.status !== 'paused') throw conflict(`a journey that is ${row.status} cannot be activated`);
    if (row.mode === 'autopilot' && !options.mayApprove) {
      throw new DomainError('forbidden', 'mode: a journey on autopilot sends without approval, which needs the permission campaigns:approve; choose mode approval', [
        { field: 'mode', message: 'needs campaigns:approve' },
      ]);
    }
    // Posts are never held for approval: a step that publishes one needs the same right.
    const posting = (JSON.parse(row.graph) as JourneyGraph).nodes.filter((node) => node.type === 'action' && node.action.kind === 'publish_post');
    if (posting.length > 0 && !options.mayApprove) {
      throw new DomainError(
        'forbidden',
        `${posting.map((node) => `nodes.${node.id}`).join(', ')}: a post is published without approval, which needs the permission campaigns:approve`,
        posting.map((node) => ({ field: `nodes.${node.id}`, message: 'needs campaigns:approve' })),
      );
    }
    const problems = await problemsOf(scope, JSON.parse(row.trigger) as JourneyTrigger, JSON.parse(row.graph) as JourneyGraph);
    if (problems.length > 0) throw new DomainError('conflict', `the journey cannot be activated: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, problems);
    // Before the status flips, so that the first scan never sees today's members as new.
    // Idempotent: a crash here leaves markers that the next activation writes again.
    if (row.activated_at === null) await triggers.seedSeen(row);
    const at = clock.now().toISOString();
    const changed = await store.updateJourney(db, scope.houseId, id, [row.status], { status: 'active', activated_at: row.activated_at ?? at, updated_at: at });
    if (!changed) throw conflict('the journey changed meanwhile: load it again');
    return get(scope, id);
  }

  /** People stay where they are; the engine takes no step until the journey is active again. */
  async function pause(scope: Scope, id: string): Promise<JourneyDto> {
    const row = await find(scope, id);
    if (row.status !== 'active') throw conflict(`only an active journey can be paused (this one is ${row.status})`);
    if (!(await store.updateJourney(db, scope.houseId, id, ['active'], { status: 'paused', updated_at: clock.now().toISOString() }))) throw conflict('the journey changed meanwhile: load it again');
    return get(scope, id);
  }

  /** Ends a journey for good: everyone still waiting leaves, in the same transaction. Messages already written stay for the sender. */
  async function archive(scope: Scope, id: string): Promise<JourneyDto> {
    const row = await find(scope, id);
    if (row.status === 'archived') return get(scope, id);
    const at = clock.now().toISOString();
    await writeTransaction(database, async (trx) => {
      if (!(await store.updateJourney(trx, scope.houseId, id, ['draft', 'active', 'paused'], { status: 'archived', updated_at: at }))) throw conflict('the journey changed meanwhile: load it again');
      await store.exitWaiting(trx, scope.houseId, id, at);
    });
    return get(scope, id);
  }

  /** The builder's overlay: per step, who waits there, who went through, and its mail's figures. */
  async function nodeStats(scope: Scope, id: string): Promise<NodeStatsDto> {
    const row = await find(scope, id);
    const graph = JSON.parse(row.graph) as JourneyGraph;
    const waiting = await store.waitingPerNode(db, scope.houseId, id);
    const passed = JSON.parse(row.step_counts ?? '{}') as Record<string, number>;
    const mails = await store.messageStats(db, scope.houseId, id);
    return {
      nodes: graph.nodes.map((node) => ({
        nodeId: node.id,
        waiting: waiting.get(node.id) ?? 0,
        passed: passed[node.id] ?? 0,
        sent: mails.get(node.id)?.sent ?? 0,
        opened: mails.get(node.id)?.opened ?? 0,
        clicked: mails.get(node.id)?.clicked ?? 0,
      })),
    };
  }

  async function enrollments(scope: Scope, id: string, query: { state?: EnrollmentState | undefined; limit: number; offset: number }) {
    await find(scope, id);
    const { rows, total } = await store.listEnrollments(db, scope.houseId, id, { state: query.state }, query);
    const items: EnrollmentDto[] = rows.map((row) => {
      const context = JSON.parse(row.context) as EnrollmentContext;
      return {
        id: row.id,
        contactId: row.contact_id,
        triggerKey: row.trigger_key,
        nodeId: row.node_id,
        state: row.state as EnrollmentState,
        wakeAt: row.wake_at,
        context: {
          ...(context.productionId === undefined ? {} : { productionId: context.productionId }),
          ...(context.performanceId === undefined ? {} : { performanceId: context.performanceId }),
          ...(context.orderId === undefined ? {} : { orderId: context.orderId }),
          ...(context.purpose === undefined ? {} : { purpose: context.purpose }),
          ...(context.variant === undefined ? {} : { variant: context.variant }),
        },
        enteredAt: row.entered_at,
        updatedAt: row.updated_at,
      };
    });
    return { items, total, limit: query.limit, offset: query.offset };
  }

  /** For the autopilot: the house's journey made by a ready-made rule, if any (archived ones are history). */
  async function findByAutopilotRule(houseId: string, rule: string): Promise<JourneyDto | null> {
    const row = await store.findByAutopilotRule(db, houseId, rule);
    if (row === undefined) return null;
    return dtoOf(row, (await countsOf(houseId, [row.id])).get(row.id) ?? { waiting: 0, completed: 0, exited: 0 });
  }

  return { list, get, create, update, remove, validate, activate, pause, archive, nodeStats, enrollments, findByAutopilotRule };
}

export type JourneyService = ReturnType<typeof createJourneyService>;
