import { describe, expect, test } from 'vitest';
import type { JourneyGraph } from '../../src/campaigns/journeys/definition.ts';
import {
  connect,
  emptyGraph,
  indexProblems,
  journeyProblems,
  newStep,
  problemOf,
  removeSteps,
  replaceStep,
  savable,
  toFlow,
} from '../../web/src/pages/campaigns/journeys/journeyGraphModel.ts';

/* The journey builder's model (web/src/pages/campaigns/journeys/journeyGraphModel.ts): the graph as React Flow draws it and back, and what stops activation. */

const graph: JourneyGraph = {
  start: 'send-1',
  nodes: [
    { id: 'send-1', type: 'action', action: { kind: 'send_email', campaignId: 'c-1' }, position: { x: 0, y: 0 } },
    { id: 'wait-1', type: 'wait', wait: { kind: 'duration', minutes: 2880 } },
    { id: 'opened', type: 'condition', condition: { kind: 'opened', nodeId: 'send-1' } },
    { id: 'tag', type: 'action', action: { kind: 'add_tag', tag: 'interested' } },
  ],
  edges: [
    { from: 'send-1', to: 'wait-1' },
    { from: 'wait-1', to: 'opened' },
    { from: 'opened', to: 'tag', branch: 'yes' },
  ],
};
const trigger = { type: 'segment_entry' as const, segmentId: 'seg-1', includeCurrent: false };
const text = (problem: { code: string }) => problem.code;

describe('the journey graph on the canvas', () => {
  test('draws every step and edge, keeps stored places and lays out the others by their distance from the start', () => {
    const flow = toFlow(graph, indexProblems([], text), null, 'wait-1');
    expect(flow.nodes.map((node) => node.id)).toEqual(['send-1', 'wait-1', 'opened', 'tag']);
    expect(flow.nodes[0]?.position).toEqual({ x: 0, y: 0 });
    expect(flow.nodes[1]?.position.y).toBeGreaterThan(0);
    expect(flow.nodes[3]?.position.y).toBeGreaterThan(flow.nodes[2]?.position.y ?? Infinity);
    expect(flow.nodes[0]?.data.isStart).toBe(true);
    expect(flow.nodes[1]?.selected).toBe(true);
    expect(flow.edges[2]).toMatchObject({ source: 'opened', target: 'tag', sourceHandle: 'yes', label: 'yes' });
  });

  test('a new edge from a branch replaces the one that left it before, and never loops onto its own step', () => {
    const moved = connect(graph, 'opened', 'wait-1', 'yes');
    expect(moved?.edges.filter((edge) => edge.from === 'opened')).toEqual([{ from: 'opened', to: 'wait-1', branch: 'yes' }]);
    expect(connect(graph, 'tag', 'tag', null)).toBeNull();
  });

  test('removing the start step moves the start on and takes its edges along', () => {
    const rest = removeSteps(graph, new Set(['send-1']));
    expect(rest.start).toBe('wait-1');
    expect(rest.edges.some((edge) => edge.from === 'send-1')).toBe(false);
  });

  test('a split that loses a variant loses the edge of that variant', () => {
    const split = { id: 'ab', type: 'split' as const, variants: [{ key: 'A', weight: 50 }, { key: 'B', weight: 50 }, { key: 'C', weight: 10 }] };
    const withSplit: JourneyGraph = { ...graph, nodes: [...graph.nodes, split], edges: [...graph.edges, { from: 'tag', to: 'ab' }, { from: 'ab', to: 'wait-1', branch: 'C' }] };
    const changed = replaceStep(withSplit, { ...split, variants: split.variants.slice(0, 2) });
    expect(changed.edges.some((edge) => edge.from === 'ab')).toBe(false);
  });
});

describe('what stops activation', () => {
  test('nothing for a complete journey', () => {
    expect(journeyProblems(trigger, graph)).toEqual([]);
  });

  test('a new send step without its campaign is incomplete at its field, and cannot be saved', () => {
    const step = newStep(graph, 'action', { x: 0, y: 400 });
    const drawn = connect({ ...graph, nodes: [...graph.nodes, step] }, 'tag', step.id, null) ?? graph;
    const problems = journeyProblems(trigger, drawn);
    expect(problems).toEqual([expect.objectContaining({ field: `nodes.${step.id}`, code: 'incomplete', values: { field: 'action.campaignId' } })]);
    expect(savable(problems)).toBe(false);
    expect(indexProblems(problems, text).fields.has(`${step.id}:action.campaignId`)).toBe(true);
  });

  test('an unreachable step is a structural problem with its translated code; a draft with it can still be saved', () => {
    const lonely = newStep(graph, 'wait', { x: 300, y: 0 });
    const problems = journeyProblems(trigger, { ...graph, nodes: [...graph.nodes, lonely] });
    expect(problems).toEqual([expect.objectContaining({ field: `nodes.${lonely.id}`, code: 'unreachable' })]);
    expect(savable(problems)).toBe(true);
  });

  test('a trigger without its segment is marked at the trigger', () => {
    const problems = journeyProblems({ ...trigger, segmentId: '' }, emptyGraph());
    expect(indexProblems(problems, text).trigger.has('segmentId')).toBe(true);
  });

  test('server words it has no text for are kept as they are', () => {
    expect(problemOf('nodes.x', 'step x is not a send step of this journey')).toMatchObject({ code: 'notSendStep', values: { step: 'x' } });
    expect(problemOf('nodes.x', 'campaign c-9 does not exist')).toMatchObject({ code: 'other', values: { message: 'campaign c-9 does not exist' } });
  });
});
