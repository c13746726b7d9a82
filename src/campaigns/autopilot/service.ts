import { z } from 'zod';
import type { SegmentRule } from '../../audience/segments/model.ts';
import type { SegmentService } from '../../audience/segments/service.ts';
import { genres } from '../../catalogue/genres.ts';
import type { Performance } from '../../catalogue/schemas/performances.ts';
import type { CatalogueService } from '../../catalogue/service.ts';
import { type Actor, actorRef, type Scope, scopeOf } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { fromJson, toJson } from '../../core/db/json.ts';
import { DomainError, isDomainError, notFound } from '../../core/errors.ts';
import { parseInput } from '../../core/input.ts';
import type { JourneyDto } from '../journeys/schemas.ts';
import type { JourneyService } from '../journeys/service.ts';
import {
  type AutopilotMode,
  type AutopilotRuleKey,
  autopilotModes,
  autopilotRuleKeys,
  autopilotSegmentName,
  belowCurve,
  defaultParams,
  expectedShare,
  interestedRule,
  isJourneyRule,
  lapsedRule,
  reminderJourney,
  ruleParams,
  ruleTemplate,
  thankYouJourney,
  winBackJourney,
} from './model.ts';
import * as store from './store.ts';

/*
 * Switching the autopilot's rules on and off, and the hourly scan behind the two
 * newsletter rules. A journey rule becomes an ordinary journey with an ordinary journey
 * mail, owned by the rule (autopilotRule): staff see and edit both in the builder and the
 * campaign editor; changing the rule's settings writes its trigger and graph again. The
 * scan writes each newsletter through the campaign service, which schedules it at once
 * (mode autopilot) or leaves it in the approval queue (mode approval).
 */

/** What the autopilot needs from the campaign service (src/campaigns/sending). */
export interface AutopilotCampaigns {
  createFromAutopilot(
    houseId: string,
    input: { name: string; kind: 'newsletter' | 'journey'; templateKey: string; productionId?: string; performanceId?: string; segmentId?: string },
    options: { rule: AutopilotRuleKey; actor: string; send?: AutopilotMode },
  ): Promise<{ id: string }>;
  idsByAutopilotRule(houseId: string, rule: AutopilotRuleKey, limit: number): Promise<string[]>;
}

export interface AutopilotDeps {
  database: Database;
  clock: Clock;
  catalogue: Pick<CatalogueService, 'listProductions' | 'listPerformances'>;
  segments: Pick<SegmentService, 'ensureSegment'>;
  journeys: Pick<JourneyService, 'get' | 'create' | 'update' | 'activate' | 'pause'>;
  campaigns: AutopilotCampaigns;
  sales: { soldBefore(houseId: string, cutoffs: readonly { performanceId: string; before: string }[]): Promise<Map<string, number>> };
}

export const configureInput = z.object({
  enabled: z.boolean(),
  mode: z.enum(autopilotModes).default('autopilot').describe('autopilot: sends by itself; approval: every message or newsletter waits in the approval queue'),
  params: z.record(z.string(), z.unknown()).default({}).describe("The rule's settings; what is left out keeps its default"),
});
export type ConfigureInput = z.input<typeof configureInput>;

export interface AutopilotRuleDto {
  rule: AutopilotRuleKey;
  enabled: boolean;
  mode: AutopilotMode;
  params: Record<string, unknown>;
  journeyId: string | null;
  campaignIds: string[];
  enabledAt: string | null;
  updatedAt: string | null;
}

/** Names staff see in the journey and campaign lists; German, the house's first language. */
const ruleNames: Record<AutopilotRuleKey, string> = {
  new_production: 'Autopilot: Ankündigung neuer Produktionen',
  sales_push: 'Autopilot: Verkaufsimpuls',
  reminder: 'Autopilot: Erinnerung vor dem Besuch',
  thank_you: 'Autopilot: Dank nach dem Besuch',
  win_back: 'Autopilot: Rückgewinnung',
};

const YEAR_MS = 365 * 86_400_000;
const DAY_MS = 86_400_000;

function genreLabels(codes: readonly string[]): string {
  return codes.map((code) => genres.find((genre) => genre.code === code)?.de ?? code).join(', ');
}

function sendCampaignOf(journey: JourneyDto | null): string | null {
  for (const node of journey?.graph.nodes ?? []) {
    if (node.type === 'action' && node.action.kind === 'send_email') return node.action.campaignId;
  }
  return null;
}

function ruleKeyOf(value: string): AutopilotRuleKey {
  if (!(autopilotRuleKeys as readonly string[]).includes(value)) throw notFound('autopilot rule', value);
  return value as AutopilotRuleKey;
}

export function createAutopilotService(deps: AutopilotDeps) {
  const { database, clock, catalogue, segments, journeys, campaigns } = deps;
  const { db } = database;

  function requireHouseWide(scope: Scope): void {
    if (scope.unitId !== null) throw new DomainError('forbidden', 'the autopilot writes in the name of the whole house; unit staff cannot switch it');
  }

  async function dtoOf(houseId: string, rule: AutopilotRuleKey, row: store.AutopilotRuleRow | undefined): Promise<AutopilotRuleDto> {
    const params = { ...defaultParams(rule), ...fromJson<Record<string, unknown>>(row?.params ?? null, {}) };
    let campaignIds: string[];
    if (isJourneyRule(rule)) {
      const journey = row?.journey_id == null ? null : await journeys.get({ houseId, unitId: null }, row.journey_id).catch(() => null);
      const id = sendCampaignOf(journey);
      campaignIds = id === null ? [] : [id];
    } else {
      campaignIds = await campaigns.idsByAutopilotRule(houseId, rule, 20);
    }
    return {
      rule,
      enabled: row?.enabled === 1,
      mode: (row?.mode ?? 'autopilot') as AutopilotMode,
      params,
      journeyId: row?.journey_id ?? null,
      campaignIds,
      enabledAt: row?.enabled_at ?? null,
      updatedAt: row?.updated_at ?? null,
    };
  }

  async function list(scope: Scope): Promise<{ rules: AutopilotRuleDto[] }> {
    requireHouseWide(scope);
    const rows = new Map((await store.listRules(db, scope.houseId)).map((row) => [row.rule, row]));
    return { rules: await Promise.all(autopilotRuleKeys.map((rule) => dtoOf(scope.houseId, rule, rows.get(rule)))) };
  }

  /** The segment of lapsed visitors the win-back starts from; one per number of months. */
  async function lapsedSegment(scope: Scope, months: number, actor: string): Promise<string> {
    const segment = await segments.ensureSegment(scope, { name: autopilotSegmentName('lapsed', String(months)), description: 'Angelegt vom Autopiloten (Rückgewinnung).', rules: lapsedRule(months) }, actor);
    return segment.id;
  }

  /** Creates, rewrites, resumes or pauses the journey behind a journey rule; answers its id. */
  async function syncJourney(actor: Actor, rule: 'reminder' | 'thank_you' | 'win_back', enabled: boolean, mode: AutopilotMode, params: Record<string, unknown>, journeyId: string | null): Promise<string | null> {
    const scope = scopeOf(actor);
    let journey = journeyId === null ? null : await journeys.get(scope, journeyId).catch((error: unknown) => (isDomainError(error, 'not_found') ? null : Promise.reject(error)));
    if (!enabled) {
      if (journey?.status === 'active') await journeys.pause(scope, journey.id);
      return journey?.id ?? null;
    }
    const campaignId =
      sendCampaignOf(journey) ??
      (await campaigns.createFromAutopilot(scope.houseId, { name: ruleNames[rule], kind: 'journey', templateKey: ruleTemplate[rule] }, { rule, actor: actorRef(actor) })).id;
    const definition =
      rule === 'reminder'
        ? reminderJourney(ruleParams.reminder.parse(params), campaignId)
        : rule === 'thank_you'
          ? thankYouJourney(ruleParams.thank_you.parse(params), campaignId)
          : winBackJourney(ruleParams.win_back.parse(params), await lapsedSegment(scope, ruleParams.win_back.parse(params).months, actorRef(actor)), campaignId);
    if (journey === null || journey.status === 'archived') {
      journey = await journeys.create(scope, { name: ruleNames[rule], mode, ...definition }, actorRef(actor), { autopilotRule: rule });
    } else {
      if (journey.status === 'active') await journeys.pause(scope, journey.id);
      journey = await journeys.update(scope, journey.id, { mode, trigger: definition.trigger, graph: definition.graph });
    }
    // The route let this mode through only with campaigns:approve when it sends unseen.
    await journeys.activate(scope, journey.id, { mayApprove: actor.permissions.has('campaigns:approve') });
    return journey.id;
  }

  async function configure(actor: Actor, ruleName: string, input: ConfigureInput): Promise<AutopilotRuleDto> {
    const scope = scopeOf(actor);
    requireHouseWide(scope);
    const rule = ruleKeyOf(ruleName);
    const parsed = parseInput(configureInput, input);
    const checked = ruleParams[rule].safeParse(parsed.params);
    if (!checked.success) {
      const details = checked.error.issues.map((issue) => ({ field: ['params', ...issue.path].join('.'), message: issue.message }));
      throw new DomainError('validation', `params: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details);
    }
    const params = checked.data as Record<string, unknown>;
    const current = await store.findRule(db, scope.houseId, rule);
    const journeyId = isJourneyRule(rule) ? await syncJourney(actor, rule, parsed.enabled, parsed.mode, params, current?.journey_id ?? null) : null;
    const now = clock.now().toISOString();
    const switchedOn = parsed.enabled && current?.enabled !== 1;
    await store.saveRule(db, {
      house_id: scope.houseId,
      rule,
      enabled: parsed.enabled ? 1 : 0,
      mode: parsed.mode,
      params: toJson(params),
      journey_id: journeyId,
      enabled_at: switchedOn ? now : (current?.enabled_at ?? null),
      updated_by: actorRef(actor),
      updated_at: now,
    });
    return dtoOf(scope.houseId, rule, await store.findRule(db, scope.houseId, rule));
  }

  // ---------- the hourly scan ----------

  async function interestedSegment(scope: Scope, rule: SegmentRule, name: string): Promise<string> {
    return (await segments.ensureSegment(scope, { name, description: 'Angelegt vom Autopiloten.', rules: rule }, 'system:autopilot')).id;
  }

  /** Productions created since the rule was switched on, with a performance ahead, each announced once. */
  async function announceNew(row: store.AutopilotRuleRow, now: Date): Promise<number> {
    const scope: Scope = { houseId: row.house_id, unitId: null };
    const since = row.enabled_at ?? row.updated_at;
    const productions = await catalogue.listProductions(scope, {}, { limit: 500 });
    let announced = 0;
    for (const production of productions.items) {
      if (production.createdAt < since) continue;
      if (await store.campaignExists(db, row.house_id, 'new_production', { productionId: production.id })) continue;
      const next = await catalogue.listPerformances(scope, { productionId: production.id, from: now.toISOString(), status: 'scheduled' }, { limit: 1 });
      if (next.items.length === 0) continue;
      const rule = interestedRule(production.genres);
      // Without a genre nobody declared an interest in it: there is no audience to announce it to.
      if (rule === null) continue;
      const segmentId = await interestedSegment(scope, rule, autopilotSegmentName('interested', genreLabels(production.genres)));
      await campaigns.createFromAutopilot(
        row.house_id,
        { name: `Ankündigung: ${production.title.de}`, kind: 'newsletter', templateKey: ruleTemplate.new_production, productionId: production.id, segmentId },
        { rule: 'new_production', actor: 'system:autopilot', send: row.mode as AutopilotMode },
      );
      announced += 1;
    }
    return announced;
  }

  /** Performances N days ahead that sell below the house's own curve, each pushed once. */
  async function pushSlow(row: store.AutopilotRuleRow, now: Date): Promise<number> {
    const scope: Scope = { houseId: row.house_id, unitId: null };
    const params = ruleParams.sales_push.parse(fromJson(row.params, {}));
    const ahead = params.daysBefore * DAY_MS;
    // The scan runs hourly; a day's window means a performance is looked at on the day it reaches N days, not only in one hour.
    const upcoming = await catalogue.listPerformances(scope, { from: new Date(now.getTime() + ahead - DAY_MS).toISOString(), to: new Date(now.getTime() + ahead).toISOString(), status: 'scheduled' }, { limit: 500 });
    const candidates: Performance[] = [];
    for (const performance of upcoming.items) {
      if (performance.effectiveCapacity === null || performance.effectiveCapacity <= 0) continue;
      if (await store.campaignExists(db, row.house_id, 'sales_push', { performanceId: performance.id })) continue;
      candidates.push(performance);
    }
    if (candidates.length === 0) return 0;

    const past = await catalogue.listPerformances(scope, { from: new Date(now.getTime() - YEAR_MS).toISOString(), to: now.toISOString() }, { limit: 500 });
    const measured = past.items.filter((p) => p.status !== 'cancelled' && p.effectiveCapacity !== null && p.effectiveCapacity > 0);
    const soldThen = await deps.sales.soldBefore(
      row.house_id,
      measured.map((p) => ({ performanceId: p.id, before: new Date(Date.parse(p.startsAt) - ahead).toISOString() })),
    );
    const expected = expectedShare(
      measured.map((p) => ({ soldBy: soldThen.get(p.id) ?? 0, capacity: p.effectiveCapacity ?? 0 })),
      params.expectedShare,
    );
    const soldNow = await deps.sales.soldBefore(row.house_id, candidates.map((p) => ({ performanceId: p.id, before: now.toISOString() })));

    let pushed = 0;
    const productions = new Map((await catalogue.listProductions(scope, {}, { limit: 500 })).items.map((production) => [production.id, production]));
    for (const performance of candidates) {
      if (!belowCurve({ sold: soldNow.get(performance.id) ?? 0, capacity: performance.effectiveCapacity ?? 0 }, expected.share, params.tolerance)) continue;
      const production = productions.get(performance.productionId);
      const rule = production === undefined ? null : interestedRule(production.genres, production.id);
      if (production === undefined || rule === null) continue;
      const segmentId = await interestedSegment(scope, rule, `Autopilot: ${genreLabels(production.genres)} ohne Karten für ${production.title.de}`);
      await campaigns.createFromAutopilot(
        row.house_id,
        { name: `Verkaufsimpuls: ${production.title.de}, ${performance.startsAt.slice(0, 10)}`, kind: 'newsletter', templateKey: ruleTemplate.sales_push, productionId: production.id, performanceId: performance.id, segmentId },
        { rule: 'sales_push', actor: 'system:autopilot', send: row.mode as AutopilotMode },
      );
      pushed += 1;
    }
    return pushed;
  }

  /**
   * The job: every house's switched-on newsletter rules. Each production and performance
   * is written about at most once (campaignExists), whatever became of the first mail;
   * the job runs on one worker at a time (its schedule enqueues one job per hour).
   */
  async function scan(): Promise<{ announced: number; pushed: number }> {
    const now = clock.now();
    let announced = 0;
    let pushed = 0;
    for (const row of await store.housesWithRule(db, 'new_production')) announced += await announceNew(row, now);
    for (const row of await store.housesWithRule(db, 'sales_push')) pushed += await pushSlow(row, now);
    return { announced, pushed };
  }

  return { list, configure, scan };
}

export type AutopilotService = ReturnType<typeof createAutopilotService>;
