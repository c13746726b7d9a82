import { z } from 'zod';

/*
 * What a journey is, as staff draw it and the engine runs it: a trigger that lets people
 * in, and a graph of steps (nodes) joined by edges. Pure: the schemas and the structural
 * checks (one start, every step reachable, no cycles, the right branches) that the API,
 * the engine and the staff app's builder all share. The builder stores each node's place
 * on the canvas in `position`; the engine ignores it.
 */

const id = z.string().trim().min(1).max(64);
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');

/** The domain events a journey can start from. */
export const journeyEvents = ['booking.created', 'ticket.checked_in', 'consent.granted'] as const;
export type JourneyEvent = (typeof journeyEvents)[number];

export const journeyTrigger = z.discriminatedUnion('type', [
  /** People who enter the segment (checked every few minutes); `includeCurrent` also takes those already in it at activation. */
  z.object({ type: z.literal('segment_entry'), segmentId: id, includeCurrent: z.boolean().default(false) }),
  /** A domain event about a person; optionally only for one production (bookings, check-ins) or one purpose (consents). */
  z.object({ type: z.literal('event'), event: z.enum(journeyEvents), productionId: id.optional(), purpose: z.string().max(64).optional() }),
  /** Time relative to a performance the person booked: `days` before (negative) or after (positive) it starts, at `time` in the house's zone. */
  z.object({ type: z.literal('performance'), days: z.number().int().min(-60).max(60), time: clockTime.default('10:00'), productionId: id.optional() }),
  /** A schedule: every matching cron tick (house time zone) lets the segment's members in once for that tick. */
  z.object({ type: z.literal('schedule'), cron: z.string().trim().min(9).max(100), segmentId: id }),
]);
export type JourneyTrigger = z.infer<typeof journeyTrigger>;

export const waitSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('duration'), minutes: z.number().int().min(1).max(60 * 24 * 365) }),
  /** Until the next time this clock time comes round in the house's zone. */
  z.object({ kind: z.literal('time_of_day'), time: clockTime }),
  /** Until N days before the performance the person is in the journey for (performance and booking triggers). */
  z.object({ kind: z.literal('before_performance'), days: z.number().int().min(0).max(365), time: clockTime.default('10:00') }),
]);
export type WaitSpec = z.infer<typeof waitSpec>;

export const conditionSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('segment'), segmentId: id }),
  /** A contact attribute: language, postal code prefix, or a tag set earlier. */
  z.object({ kind: z.literal('attribute'), field: z.enum(['language', 'postal_code', 'tag']), value: z.string().trim().min(1).max(200) }),
  /** Behaviour within the last N days: attended or booked (optionally one production). */
  z.object({ kind: z.literal('behaviour'), behaviour: z.enum(['attended', 'booked']), productionId: id.optional(), withinDays: z.number().int().min(1).max(3650) }),
  /** Opened or clicked the mail that an earlier send step of this journey sent to the person. */
  z.object({ kind: z.enum(['opened', 'clicked']), nodeId: id }),
]);
export type ConditionSpec = z.infer<typeof conditionSpec>;

export const actionSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('send_email'), campaignId: id }),
  z.object({ kind: z.literal('publish_post'), accountId: id, text: z.string().trim().min(1).max(5000), language: z.enum(['de', 'en']).default('de'), link: z.url().optional() }),
  z.object({ kind: z.literal('add_tag'), tag: z.string().trim().min(1).max(64) }),
  z.object({ kind: z.literal('notify_staff'), email: z.email(), message: z.string().trim().min(1).max(2000) }),
  z.object({ kind: z.literal('call_webhook'), accountId: id }),
]);
export type ActionSpec = z.infer<typeof actionSpec>;

const position = z.object({ x: z.number(), y: z.number() }).optional();

export const journeyNode = z.discriminatedUnion('type', [
  z.object({ id, type: z.literal('wait'), wait: waitSpec, position }),
  z.object({ id, type: z.literal('condition'), condition: conditionSpec, position }),
  z.object({ id, type: z.literal('action'), action: actionSpec, position }),
  /** An experiment: each person goes down one variant, chosen by weight and fixed by their id. */
  z.object({
    id,
    type: z.literal('split'),
    variants: z.array(z.object({ key: z.string().trim().regex(/^[A-Za-z0-9_-]{1,16}$/), weight: z.number().int().min(1).max(100) })).min(2).max(5),
    position,
  }),
]);
export type JourneyNode = z.infer<typeof journeyNode>;

/** `branch`: 'yes' or 'no' out of a condition, the variant key out of a split, absent otherwise. */
export const journeyEdge = z.object({ from: id, to: id, branch: z.string().max(16).optional() });
export type JourneyEdge = z.infer<typeof journeyEdge>;

export const journeyGraph = z.object({
  start: id,
  nodes: z.array(journeyNode).min(1).max(200),
  edges: z.array(journeyEdge).max(400),
});
export type JourneyGraph = z.infer<typeof journeyGraph>;

export interface GraphProblem {
  /** The node or edge at fault, as the builder highlights it: 'nodes.<id>' or 'edges.<index>'. */
  field: string;
  message: string;
}

/**
 * The structural rules a journey must meet before it can be activated; [] when it does.
 * A draft may be saved with problems; the builder shows them as the staff member draws.
 */
export function graphProblems(graph: JourneyGraph): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const nodes = new Map<string, JourneyNode>();
  for (const node of graph.nodes) {
    if (nodes.has(node.id)) problems.push({ field: `nodes.${node.id}`, message: 'two steps have this id' });
    nodes.set(node.id, node);
  }
  if (!nodes.has(graph.start)) problems.push({ field: 'start', message: `the start step ${graph.start} does not exist` });

  const outgoing = new Map<string, JourneyEdge[]>();
  graph.edges.forEach((edge, index) => {
    const from = nodes.get(edge.from);
    if (from === undefined || !nodes.has(edge.to)) {
      problems.push({ field: `edges.${index}`, message: 'joins a step that does not exist' });
      return;
    }
    if (edge.to === graph.start) problems.push({ field: `edges.${index}`, message: 'leads back to the start' });
    const allowed = branchesOf(from);
    if (allowed === null ? edge.branch !== undefined : edge.branch === undefined || !allowed.includes(edge.branch)) {
      problems.push({ field: `edges.${index}`, message: allowed === null ? 'a wait or action step has one way on, without a branch' : `the branch must be one of ${allowed.join(', ')}` });
    }
    const list = outgoing.get(edge.from) ?? [];
    if (list.some((other) => other.branch === edge.branch)) problems.push({ field: `edges.${index}`, message: edge.branch === undefined ? 'a step has only one way on' : `branch ${edge.branch} leaves this step twice` });
    list.push(edge);
    outgoing.set(edge.from, list);
  });

  for (const node of graph.nodes) {
    if (node.type === 'split') {
      const keys = node.variants.map((variant) => variant.key);
      if (new Set(keys).size !== keys.length) problems.push({ field: `nodes.${node.id}`, message: 'two variants have the same key' });
    }
    if (node.type === 'condition' && (node.condition.kind === 'opened' || node.condition.kind === 'clicked')) {
      const target = nodes.get(node.condition.nodeId);
      if (target === undefined || target.type !== 'action' || target.action.kind !== 'send_email') {
        problems.push({ field: `nodes.${node.id}`, message: `step ${node.condition.nodeId} is not a send step of this journey` });
      }
    }
  }

  // Reachable from the start, and no way round in a circle: every person reaches an end.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (nodeId: string): void => {
    state.set(nodeId, 'visiting');
    for (const edge of outgoing.get(nodeId) ?? []) {
      const seen = state.get(edge.to);
      if (seen === 'visiting') problems.push({ field: `nodes.${edge.to}`, message: 'this step is part of a cycle' });
      else if (seen === undefined) visit(edge.to);
    }
    state.set(nodeId, 'done');
  };
  if (nodes.has(graph.start)) visit(graph.start);
  for (const node of graph.nodes) {
    if (!state.has(node.id)) problems.push({ field: `nodes.${node.id}`, message: 'no way leads to this step from the start' });
  }
  return problems;
}

/** The branches out of a step: null for a step with one way on. */
export function branchesOf(node: JourneyNode): string[] | null {
  if (node.type === 'condition') return ['yes', 'no'];
  if (node.type === 'split') return node.variants.map((variant) => variant.key);
  return null;
}

/** The step after `nodeId` down `branch`; null at an end. */
export function nextNode(graph: JourneyGraph, nodeId: string, branch?: string): string | null {
  return graph.edges.find((edge) => edge.from === nodeId && edge.branch === branch)?.to ?? null;
}
