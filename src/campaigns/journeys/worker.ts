import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { isDomainError } from '../../core/errors.ts';
import type { Events } from '../../core/jobs/events.ts';
import type { Jobs } from '../../core/jobs/jobs.ts';
import type { MailOutbox } from '../../core/mail/outbox.ts';
import type { OutboundOptions } from '../channels/outbound.ts';
import type { ChannelService } from '../channels/service.ts';
import { createJourneyActions, registerJourneyActions } from './actions.ts';
import { createJourneyEngine, type EngineDeps, journeyStepJob } from './engine.ts';
import { createJourneyService } from './service.ts';
import { createJourneyTriggers, journeyTriggersJob, type TriggerDeps } from './triggers.ts';

/*
 * Journeys composed: the service staff use, the engine and the trigger scans the worker
 * runs every minute, the event subscriptions and the action jobs. app.ts calls this once.
 */

export interface JourneyWiring {
  database: Database;
  clock: Clock;
  jobs: Jobs;
  events: Pick<Events, 'subscribe'>;
  outbox: Pick<MailOutbox, 'register' | 'enqueueMany'>;
  segments: EngineDeps['segments'] & TriggerDeps['segments'] & { getSegment(scope: Scope, id: string): Promise<unknown> };
  tags: EngineDeps['tags'];
  channels: Pick<ChannelService, 'createPost'>;
  contacts: { get(scope: Scope, actor: string, id: string): Promise<{ name: string | null }>; requireVisible(scope: Scope, id: string): Promise<void> };
  catalogue: {
    getHouse(houseId: string): Promise<{ timeZone: string }>;
    getPerformance(scope: Scope, id: string): Promise<{ startsAt: string }>;
    getProduction(scope: Scope, id: string): Promise<unknown>;
  };
  outbound: OutboundOptions;
  logger?: { warn(details: object, message: string): void };
}

export function connectJourneys(deps: JourneyWiring) {
  const { database, clock, jobs, events, outbox, segments, tags, catalogue } = deps;
  const houseTimeZone = async (houseId: string) => (await catalogue.getHouse(houseId)).timeZone;
  const performanceStart = async (houseId: string, performanceId: string) => {
    try {
      return (await catalogue.getPerformance({ houseId, unitId: null }, performanceId)).startsAt;
    } catch (error) {
      if (isDomainError(error, 'not_found')) return null;
      throw error;
    }
  };
  /** Whether the look-up finds it within the scope: not_found means no, anything else is a real failure. */
  const foundIn = async (lookup: () => Promise<unknown>) => {
    try {
      await lookup();
      return true;
    } catch (error) {
      if (isDomainError(error, 'not_found')) return false;
      throw error;
    }
  };
  const productionOfUnit = (houseId: string, unitId: string, productionId: string) => foundIn(() => catalogue.getProduction({ houseId, unitId }, productionId));
  const contactOfUnit = (houseId: string, unitId: string, contactId: string) => foundIn(() => deps.contacts.requireVisible({ houseId, unitId }, contactId));
  const triggers = createJourneyTriggers({ database, clock, segments, houseTimeZone, performanceStart, productionOfUnit, contactOfUnit });
  triggers.subscribe(events);
  const engine = createJourneyEngine({ database, clock, jobs, outbox, segments, tags, houseTimeZone });
  const journeys = createJourneyService({ database, clock, segments, triggers, productions: catalogue });
  const actions = createJourneyActions({
    database,
    clock,
    channels: deps.channels,
    contacts: deps.contacts,
    outbound: deps.outbound,
    ...(deps.logger === undefined ? {} : { logger: deps.logger }),
  });
  registerJourneyActions(jobs, outbox, actions);
  jobs.work(journeyStepJob, async () => {
    await engine.runDue();
  });
  jobs.work(journeyTriggersJob, async () => {
    await triggers.scan();
  });
  return { journeys, engine, triggers, actions };
}

/** The engine's tick and the trigger scan, every minute (keyed: starting again replaces them). */
export async function scheduleJourneys(jobs: Jobs): Promise<void> {
  await jobs.schedule(journeyStepJob, '* * * * *', {}, { timeZone: 'UTC', key: 'campaigns.journey-step', retryLimit: 0 });
  await jobs.schedule(journeyTriggersJob, '* * * * *', {}, { timeZone: 'UTC', key: 'campaigns.journey-triggers', retryLimit: 0 });
}
