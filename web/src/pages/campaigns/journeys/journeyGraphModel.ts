// The base types from @xyflow/system, not @xyflow/react: this model is pure and tested under Node, where React's global type stubs would shadow the DOM types other tests use.
import type { EdgeBase, NodeBase } from '@xyflow/system';
import {
  branchesOf,
  graphProblems,
  journeyGraph,
  journeyTrigger,
  type JourneyEdge,
  type JourneyGraph,
  type JourneyNode,
  type JourneyTrigger,
} from '../../../../../src/campaigns/journeys/definition.ts';

/*
 * The journey builder's model, pure: a journey's graph as React Flow nodes and edges and
 * back, new steps with their defaults, and what stands in the way of activation. The
 * schemas and the structural checks are the server's own (definition.ts), so the builder
 * shows exactly what activation would refuse, while the staff member draws.
 */

export type StepType = JourneyNode['type'];
export const stepTypes: readonly StepType[] = ['wait', 'condition', 'action', 'split'];

export interface StepData extends Record<string, unknown> {
  step: JourneyNode;
  isStart: boolean;
  problems: string[];
  counts: StepCounts | null;
}

export interface StepCounts {
  waiting: number;
  passed: number;
  sent: number;
  opened: number;
  clicked: number;
}

export type StepFlowNode = NodeBase<StepData, 'step'>;
/** React Flow's Edge with the two React-typed fields this model sets narrowed to plain values. */
export type StepFlowEdge = EdgeBase<{ branch?: string }> & { label?: string | undefined; style?: { stroke: string; strokeWidth: number } | undefined };

const GAP_X = 280;
const GAP_Y = 170;

/** Places steps that have no position yet: in rows by their distance from the start. */
export function layout(graph: JourneyGraph): Map<string, { x: number; y: number }> {
  const depth = new Map<string, number>([[graph.start, 0]]);
  const queue = [graph.start];
  while (queue.length > 0) {
    const current = queue.shift() ?? '';
    for (const edge of graph.edges) {
      if (edge.from === current && !depth.has(edge.to)) {
        depth.set(edge.to, (depth.get(current) ?? 0) + 1);
        queue.push(edge.to);
      }
    }
  }
  const maxDepth = Math.max(0, ...depth.values());
  const perRow = new Map<number, number>();
  const places = new Map<string, { x: number; y: number }>();
  for (const node of graph.nodes) {
    const row = depth.get(node.id) ?? maxDepth + 1;
    const column = perRow.get(row) ?? 0;
    perRow.set(row, column + 1);
    places.set(node.id, node.position ?? { x: column * GAP_X, y: row * GAP_Y });
  }
  return places;
}

export const edgeId = (edge: JourneyEdge) => `${edge.from}>${edge.branch ?? ''}>${edge.to}`;

/** The graph as React Flow draws it; the edges keep the graph's order, so `edges.<i>` names the same edge in both. */
export function toFlow(graph: JourneyGraph, problems: ProblemIndex, counts: Map<string, StepCounts> | null, selected: string | null): { nodes: StepFlowNode[]; edges: StepFlowEdge[] } {
  const places = layout(graph);
  const nodes = graph.nodes.map(
    (step): StepFlowNode => ({
      id: step.id,
      type: 'step',
      position: places.get(step.id) ?? { x: 0, y: 0 },
      selected: step.id === selected,
      data: { step, isStart: step.id === graph.start, problems: problems.nodes.get(step.id) ?? [], counts: counts?.get(step.id) ?? null },
    }),
  );
  const edges = graph.edges.map(
    (edge, index): StepFlowEdge => ({
      id: edgeId(edge),
      source: edge.from,
      target: edge.to,
      sourceHandle: edge.branch ?? null,
      label: edge.branch,
      selected: edgeId(edge) === selected,
      data: { branch: edge.branch },
      animated: false,
      style: problems.edges.has(index) ? { stroke: 'var(--mantine-color-red-6)', strokeWidth: 2 } : undefined,
    }),
  );
  return { nodes, edges };
}

/** A new edge from a drag: replaces whatever left the same branch before. Null when it makes no sense (a loop onto itself). */
export function connect(graph: JourneyGraph, from: string, to: string, branch: string | null): JourneyGraph | null {
  if (from === to) return null;
  const edge: JourneyEdge = branch === null ? { from, to } : { from, to, branch };
  const kept = graph.edges.filter((other) => !(other.from === from && (other.branch ?? null) === branch));
  return { ...graph, edges: [...kept, edge] };
}

export function removeEdges(graph: JourneyGraph, ids: ReadonlySet<string>): JourneyGraph {
  return { ...graph, edges: graph.edges.filter((edge) => !ids.has(edgeId(edge))) };
}

/** Removes steps and their edges; the start moves to the first remaining step if it went. */
export function removeSteps(graph: JourneyGraph, ids: ReadonlySet<string>): JourneyGraph {
  const nodes = graph.nodes.filter((node) => !ids.has(node.id));
  if (nodes.length === 0) return graph; // a journey keeps at least one step
  const start = ids.has(graph.start) ? (nodes[0]?.id ?? graph.start) : graph.start;
  return { start, nodes, edges: graph.edges.filter((edge) => !ids.has(edge.from) && !ids.has(edge.to)) };
}

export function moveStep(graph: JourneyGraph, id: string, position: { x: number; y: number }): JourneyGraph {
  return { ...graph, nodes: graph.nodes.map((node) => (node.id === id ? { ...node, position: { x: Math.round(position.x), y: Math.round(position.y) } } : node)) };
}

export function replaceStep(graph: JourneyGraph, step: JourneyNode): JourneyGraph {
  const before = graph.nodes.find((node) => node.id === step.id);
  const nodes = graph.nodes.map((node) => (node.id === step.id ? step : node));
  // A split whose variants changed keeps only the edges of variants that are still there.
  const branches = branchesOf(step);
  const edges =
    before === undefined
      ? graph.edges
      : graph.edges.filter((edge) => edge.from !== step.id || (branches === null ? edge.branch === undefined : edge.branch !== undefined && branches.includes(edge.branch)));
  return { ...graph, nodes, edges };
}

function freshId(graph: JourneyGraph, type: StepType): string {
  const taken = new Set(graph.nodes.map((node) => node.id));
  for (let n = 1; ; n += 1) if (!taken.has(`${type}-${n}`)) return `${type}-${n}`;
}

/** A step as the palette adds it: incomplete where only a person can choose (a segment, a campaign). */
export function newStep(graph: JourneyGraph, type: StepType, position: { x: number; y: number }): JourneyNode {
  const id = freshId(graph, type);
  switch (type) {
    case 'wait':
      return { id, type, wait: { kind: 'duration', minutes: 24 * 60 }, position };
    case 'condition':
      return { id, type, condition: { kind: 'segment', segmentId: '' }, position };
    case 'action':
      return { id, type, action: { kind: 'send_email', campaignId: '' }, position };
    case 'split':
      return {
        id,
        type,
        variants: [
          { key: 'A', weight: 50 },
          { key: 'B', weight: 50 },
        ],
        position,
      };
  }
}

export function addStep(graph: JourneyGraph, step: JourneyNode): JourneyGraph {
  return { ...graph, nodes: [...graph.nodes, step] };
}

/** The graph of a new journey: one send step to start from. */
export function emptyGraph(): JourneyGraph {
  return { start: 'action-1', nodes: [{ id: 'action-1', type: 'action', action: { kind: 'send_email', campaignId: '' }, position: { x: 0, y: 0 } }], edges: [] };
}

export function defaultTrigger(): JourneyTrigger {
  return { type: 'segment_entry', segmentId: '', includeCurrent: false };
}

/** The ways out of a step: a handle per branch, or one without. */
export function handlesOf(step: JourneyNode): (string | null)[] {
  return branchesOf(step) ?? [null];
}

// ---------- problems ----------

/**
 * One thing that stands in the way, said the way the builder can translate it: `code`
 * names the text (journeys.problems.<code>), `values` fill it, `message` is the English
 * original for anything the builder has no text for.
 */
export interface Problem {
  field: string;
  code: string;
  values: Record<string, string>;
  message: string;
}

const patterns: [RegExp, string, string[]][] = [
  [/^two steps have this id$/, 'duplicateId', []],
  [/^the start step (.+) does not exist$/, 'noStart', ['step']],
  [/^joins a step that does not exist$/, 'danglingEdge', []],
  [/^leads back to the start$/, 'backToStart', []],
  [/^a wait or action step has one way on, without a branch$/, 'noBranchAllowed', []],
  [/^the branch must be one of (.+)$/, 'branchOneOf', ['branches']],
  [/^a step has only one way on$/, 'oneWayOn', []],
  [/^branch (.+) leaves this step twice$/, 'branchTwice', ['branch']],
  [/^two variants have the same key$/, 'duplicateVariant', []],
  [/^step (.+) is not a send step of this journey$/, 'notSendStep', ['step']],
  [/^this step is part of a cycle$/, 'cycle', []],
  [/^no way leads to this step from the start$/, 'unreachable', []],
];

/** A problem as the server or graphProblems() words it, with the code of its translated text where there is one. */
export function problemOf(field: string, message: string): Problem {
  for (const [pattern, code, names] of patterns) {
    const match = pattern.exec(message);
    if (match !== null) return { field, code, message, values: Object.fromEntries(names.map((name, index) => [name, match[index + 1] ?? ''])) };
  }
  return { field, code: 'other', message, values: { message } };
}

/** Whether the trigger and graph meet the schemas (every field filled in as it must be), and then the structural rules. */
export function journeyProblems(trigger: JourneyTrigger, graph: JourneyGraph): Problem[] {
  const problems: Problem[] = [];
  const triggerCheck = journeyTrigger.safeParse(trigger);
  if (!triggerCheck.success) {
    for (const issue of triggerCheck.error.issues) {
      const path = issue.path.map(String).join('.');
      problems.push({ field: `trigger.${path}`, code: 'incomplete', values: { field: path }, message: issue.message });
    }
  }
  const graphCheck = journeyGraph.safeParse(graph);
  if (!graphCheck.success) {
    for (const issue of graphCheck.error.issues) {
      const [collection, index, ...rest] = issue.path.map(String);
      const at = Number(index);
      const inner = rest.join('.');
      if (collection === 'nodes' && Number.isInteger(at)) {
        problems.push({ field: `nodes.${graph.nodes[at]?.id ?? index}`, code: 'incomplete', values: { field: inner }, message: issue.message });
      } else if (collection === 'edges' && Number.isInteger(at)) {
        problems.push({ field: `edges.${at}`, code: 'incomplete', values: { field: inner }, message: issue.message });
      } else {
        problems.push({ field: issue.path.map(String).join('.'), code: 'other', values: { message: issue.message }, message: issue.message });
      }
    }
  }
  for (const problem of graphProblems(graph)) problems.push(problemOf(problem.field, problem.message));
  return problems;
}

/** Whether the schemas accept the journey: then it can be saved (structural problems may remain in a draft). */
export function savable(problems: readonly Problem[]): boolean {
  return !problems.some((problem) => problem.code === 'incomplete' || problem.field.startsWith('trigger'));
}

export interface ProblemIndex {
  nodes: Map<string, string[]>;
  edges: Map<number, string[]>;
  /** Paths inside a step that are missing or wrong, as 'nodeId:action.campaignId'. */
  fields: Set<string>;
  trigger: Set<string>;
  rest: string[];
}

/** The problems by where the builder shows them: at a step, at an edge, at the trigger, or above the canvas. */
export function indexProblems(problems: readonly Problem[], text: (problem: Problem) => string): ProblemIndex {
  const index: ProblemIndex = { nodes: new Map(), edges: new Map(), fields: new Set(), trigger: new Set(), rest: [] };
  for (const problem of problems) {
    const [collection, key] = problem.field.split('.');
    if (collection === 'nodes' && key !== undefined) {
      const id = problem.field.slice('nodes.'.length);
      index.nodes.set(id, [...(index.nodes.get(id) ?? []), text(problem)]);
      if (problem.code === 'incomplete') index.fields.add(`${id}:${problem.values.field ?? ''}`);
    } else if (collection === 'edges' && key !== undefined) {
      const at = Number(key);
      index.edges.set(at, [...(index.edges.get(at) ?? []), text(problem)]);
    } else if (collection === 'trigger') {
      index.trigger.add(problem.field.slice('trigger.'.length));
    } else {
      index.rest.push(text(problem));
    }
  }
  return index;
}

/** The send steps of a graph: what an "opened" or "clicked" condition can refer to. */
export function sendSteps(graph: JourneyGraph): JourneyNode[] {
  return graph.nodes.filter((node) => node.type === 'action' && node.action.kind === 'send_email');
}
