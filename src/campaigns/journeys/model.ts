import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { ActionSpec, ConditionSpec, JourneyGraph, JourneyNode, WaitSpec } from './definition.ts';
import { nextNode } from './definition.ts';

/*
 * One person's step through a journey, decided without I/O: given the graph, where the
 * person stands, the facts their conditions need and the time, walk actions, conditions
 * and splits until a wait that lies in the future (the person waits there) or an end.
 * The engine applies what comes back (message rows, tags, jobs, the new position) in one
 * transaction; because the decision depends only on these inputs, a batch rolled back by
 * a crash is decided the same way when it runs again.
 *
 * A person at a wait step is either arriving there (the wait is measured from now and
 * "armed" in the context) or has waited it out (the wait is passed). Storing the arming
 * keeps the person visibly at the wait step for the builder's overlay.
 */

export interface EnrollmentContext {
  productionId?: string;
  performanceId?: string;
  /** When the performance starts (ISO), for waits relative to it. */
  performanceStartsAt?: string;
  orderId?: string;
  purpose?: string;
  /** The variant the person took at the latest split. */
  variant?: string;
  /** The wait step whose time has been set: the next wake passes it. */
  armed?: string;
}

export interface StepInput {
  journeyId: string;
  graph: JourneyGraph;
  contactId: string;
  nodeId: string;
  context: EnrollmentContext;
  /** Whether the condition of each condition step holds for this person (precomputed for the batch). */
  holds: (nodeId: string, condition: ConditionSpec) => boolean;
  now: Date;
  timeZone: string;
}

export type StepEffect = { nodeId: string; variant: string | null } & (
  | { kind: 'send_email'; action: Extract<ActionSpec, { kind: 'send_email' }> }
  | { kind: 'publish_post'; action: Extract<ActionSpec, { kind: 'publish_post' }> }
  | { kind: 'add_tag'; action: Extract<ActionSpec, { kind: 'add_tag' }> }
  | { kind: 'notify_staff'; action: Extract<ActionSpec, { kind: 'notify_staff' }> }
  | { kind: 'call_webhook'; action: Extract<ActionSpec, { kind: 'call_webhook' }> }
);

export interface StepOutcome {
  state: 'waiting' | 'completed' | 'exited';
  /** Where the person stands afterwards: the wait step, or the last step taken at an end. */
  nodeId: string;
  /** For 'waiting': when the wait is over; otherwise now. */
  wakeAt: Date;
  context: EnrollmentContext;
  effects: StepEffect[];
  /** Every step the person went through in this pass, in order (for the overlay's "passed"). */
  passed: string[];
}

/** The instant the wait ends, measured from `now`; may lie in the past (then the person goes on at once). */
export function waitUntil(spec: WaitSpec, now: Date, timeZone: string, context: EnrollmentContext): Date {
  if (spec.kind === 'duration') return new Date(now.getTime() + spec.minutes * 60_000);
  const [hour, minute] = spec.time.split(':').map(Number) as [number, number];
  if (spec.kind === 'time_of_day') {
    const local = DateTime.fromJSDate(now, { zone: timeZone });
    let candidate = local.set({ hour, minute, second: 0, millisecond: 0 });
    // Luxon moves a time inside the spring gap forward; a time already gone today means tomorrow.
    if (candidate.toMillis() <= now.getTime()) candidate = local.plus({ days: 1 }).set({ hour, minute, second: 0, millisecond: 0 });
    return candidate.toJSDate();
  }
  if (context.performanceStartsAt === undefined) return now;
  return atLocalTime(new Date(context.performanceStartsAt), -spec.days, spec.time, timeZone);
}

/** The calendar day `days` after the instant's day in the house's zone, at HH:MM there. */
export function atLocalTime(instant: Date, days: number, time: string, timeZone: string): Date {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return DateTime.fromJSDate(instant, { zone: timeZone }).plus({ days }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/**
 * The variant of a split for a person: a stable hash of journey, step and person against
 * the weights. The same person always takes the same way, on every engine and rerun.
 */
export function variantOf(journeyId: string, nodeId: string, contactId: string, variants: readonly { key: string; weight: number }[]): string {
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
  const digest = createHash('sha256').update(`${journeyId}\u0000${nodeId}\u0000${contactId}`).digest();
  let point = digest.readUInt32BE(0) % total;
  for (const variant of variants) {
    if (point < variant.weight) return variant.key;
    point -= variant.weight;
  }
  return (variants[variants.length - 1] as { key: string }).key;
}

/** The condition steps a person standing at `nodeId` may meet before the next wait: the facts a batch needs. */
export function conditionsAhead(graph: JourneyGraph, nodeId: string): JourneyNode[] {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const found = new Map<string, JourneyNode>();
  const seen = new Set<string>();
  const visit = (id: string, first: boolean): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const node = byId.get(id);
    if (node === undefined) return;
    if (node.type === 'wait' && !first) return;
    if (node.type === 'condition') found.set(node.id, node);
    for (const edge of graph.edges) if (edge.from === id) visit(edge.to, false);
  };
  visit(nodeId, true);
  return [...found.values()];
}

export function step(input: StepInput): StepOutcome {
  const { graph, now } = input;
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const context: EnrollmentContext = { ...input.context };
  const effects: StepEffect[] = [];
  const passed: string[] = [];
  const tagsAdded = new Set<string>();
  let nodeId: string | null = input.nodeId;
  let last = input.nodeId;

  // The graph has no cycles (graphProblems), so each step is met at most once; the bound guards a bad row.
  for (let guard = 0; guard <= graph.nodes.length && nodeId !== null; guard += 1) {
    const node = byId.get(nodeId);
    // A step deleted from a paused journey's graph: the person leaves rather than guess.
    if (node === undefined) return { state: 'exited', nodeId: last, wakeAt: now, context, effects, passed };
    last = node.id;
    let branch: string | undefined;
    if (node.type === 'wait') {
      if (context.armed !== node.id) {
        const until = waitUntil(node.wait, now, input.timeZone, context);
        if (until.getTime() > now.getTime()) return { state: 'waiting', nodeId: node.id, wakeAt: until, context: { ...context, armed: node.id }, effects, passed };
      }
      delete context.armed;
    } else if (node.type === 'condition') {
      const condition = node.condition;
      const fromThisPass = condition.kind === 'attribute' && condition.field === 'tag' && tagsAdded.has(condition.value);
      branch = fromThisPass || input.holds(node.id, condition) ? 'yes' : 'no';
    } else if (node.type === 'split') {
      branch = variantOf(input.journeyId, node.id, input.contactId, node.variants);
      context.variant = branch;
    } else {
      const variant = context.variant ?? null;
      const action = node.action;
      if (action.kind === 'add_tag') tagsAdded.add(action.tag);
      effects.push({ nodeId: node.id, variant, kind: action.kind, action } as StepEffect);
    }
    passed.push(node.id);
    nodeId = nextNode(graph, node.id, branch);
  }
  return { state: 'completed', nodeId: last, wakeAt: now, context, effects, passed };
}

/** The moment a performance trigger lets a booked person in: `days` from the performance's day, at `time` in the house's zone. */
export function performanceMoment(startsAt: Date, days: number, time: string, timeZone: string): Date {
  return atLocalTime(startsAt, days, time, timeZone);
}
