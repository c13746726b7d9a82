import { describe, expect, it } from 'vitest';
import type { ConditionSpec, JourneyGraph } from './definition.ts';
import { conditionsAhead, type EnrollmentContext, step, variantOf, waitUntil } from './model.ts';
import { segmentScanInterval } from './triggers.ts';

const zone = 'Europe/Berlin';

/** Welcome: send, wait two days, opened? reminder or tag; a split between two thank-you mails. */
const graph: JourneyGraph = {
  start: 'welcome',
  nodes: [
    { id: 'welcome', type: 'action', action: { kind: 'send_email', campaignId: 'c-welcome' } },
    { id: 'two-days', type: 'wait', wait: { kind: 'duration', minutes: 2 * 24 * 60 } },
    { id: 'opened', type: 'condition', condition: { kind: 'opened', nodeId: 'welcome' } },
    { id: 'reminder', type: 'action', action: { kind: 'send_email', campaignId: 'c-reminder' } },
    { id: 'fan', type: 'action', action: { kind: 'add_tag', tag: 'fan' } },
    { id: 'is-fan', type: 'condition', condition: { kind: 'attribute', field: 'tag', value: 'fan' } },
    { id: 'ab', type: 'split', variants: [{ key: 'A', weight: 50 }, { key: 'B', weight: 50 }] },
    { id: 'thanks-a', type: 'action', action: { kind: 'send_email', campaignId: 'c-a' } },
    { id: 'thanks-b', type: 'action', action: { kind: 'send_email', campaignId: 'c-b' } },
  ],
  edges: [
    { from: 'welcome', to: 'two-days' },
    { from: 'two-days', to: 'opened' },
    { from: 'opened', to: 'fan', branch: 'yes' },
    { from: 'opened', to: 'reminder', branch: 'no' },
    { from: 'fan', to: 'is-fan' },
    { from: 'is-fan', to: 'ab', branch: 'yes' },
    { from: 'ab', to: 'thanks-a', branch: 'A' },
    { from: 'ab', to: 'thanks-b', branch: 'B' },
  ],
};

const now = new Date('2026-11-02T09:00:00.000Z');

function run(nodeId: string, context: EnrollmentContext = {}, facts: Record<string, boolean> = {}, contactId = 'contact-1') {
  return step({ journeyId: 'journey-1', graph, contactId, nodeId, context, holds: (id: string, _c: ConditionSpec) => facts[id] === true, now, timeZone: zone });
}

describe('a step through a journey', () => {
  it('sends the first mail and waits two days at the wait step', () => {
    const outcome = run('welcome');
    expect(outcome.effects.map((e) => [e.kind, e.nodeId])).toEqual([['send_email', 'welcome']]);
    expect(outcome).toMatchObject({ state: 'waiting', nodeId: 'two-days', wakeAt: new Date('2026-11-04T09:00:00.000Z'), context: { armed: 'two-days' }, passed: ['welcome'] });
  });

  it.each([
    ['opened the welcome mail: tagged, then down the split', true, ['fan'], 'completed'],
    ['did not open it: gets the reminder', false, ['reminder'], 'completed'],
  ])('after the wait, %s', (_name, opened, firstEffects, state) => {
    const outcome = run('two-days', { armed: 'two-days' }, { opened });
    expect(outcome.effects.slice(0, 1).map((e) => e.nodeId)).toEqual(firstEffects);
    expect(outcome.state).toBe(state);
    expect(outcome.context.armed).toBeUndefined();
  });

  it('sees a tag set earlier in the same pass without asking the database', () => {
    const outcome = run('two-days', { armed: 'two-days' }, { opened: true, 'is-fan': false });
    expect(outcome.passed).toContain('ab');
    const thanks = outcome.effects.find((e) => e.kind === 'send_email');
    expect(thanks?.variant).toBe(outcome.context.variant);
    expect(['thanks-a', 'thanks-b']).toContain(thanks?.nodeId);
  });

  it('leaves a person whose step was deleted from the graph', () => {
    expect(run('gone').state).toBe('exited');
  });

  it('lists the conditions a batch needs up to the next wait', () => {
    expect(conditionsAhead(graph, 'welcome').map((n) => n.id)).toEqual([]);
    expect(conditionsAhead(graph, 'two-days').map((n) => n.id).sort()).toEqual(['is-fan', 'opened']);
  });
});

describe('waits', () => {
  it.each([
    ['a duration', { kind: 'duration', minutes: 90 } as const, '2026-11-02T09:00:00Z', '2026-11-02T10:30:00.000Z'],
    ['a time of day still to come today', { kind: 'time_of_day', time: '18:00' } as const, '2026-11-02T09:00:00Z', '2026-11-02T17:00:00.000Z'],
    ['a time of day already gone: tomorrow', { kind: 'time_of_day', time: '08:00' } as const, '2026-11-02T09:00:00Z', '2026-11-03T07:00:00.000Z'],
    ['10:00 over the autumn DST change stays 10:00 local', { kind: 'time_of_day', time: '10:00' } as const, '2026-10-24T09:00:00Z', '2026-10-25T09:00:00.000Z'],
    ['10:00 over the spring DST change stays 10:00 local', { kind: 'time_of_day', time: '10:00' } as const, '2026-03-28T10:00:00Z', '2026-03-29T08:00:00.000Z'],
    ['02:30 inside the spring gap runs right after it', { kind: 'time_of_day', time: '02:30' } as const, '2026-03-28T12:00:00Z', '2026-03-29T01:30:00.000Z'],
  ])('until %s', (_name, spec, from, expected) => {
    expect(waitUntil(spec, new Date(from), zone, {}).toISOString()).toBe(expected);
  });

  it('waits until 3 days before the performance at 10:00, or goes on at once when that has passed', () => {
    const context = { performanceStartsAt: '2026-11-20T18:30:00.000Z' };
    const spec = { kind: 'before_performance', days: 3, time: '10:00' } as const;
    expect(waitUntil(spec, now, zone, context).toISOString()).toBe('2026-11-17T09:00:00.000Z');
    expect(waitUntil(spec, new Date('2026-11-19T00:00:00Z'), zone, context).getTime()).toBeLessThan(new Date('2026-11-19T00:00:00Z').getTime());
    expect(waitUntil(spec, now, zone, {})).toEqual(now);
  });
});

describe('splits', () => {
  const variants = [
    { key: 'A', weight: 80 },
    { key: 'B', weight: 20 },
  ];

  it('gives the same person the same variant every time', () => {
    expect(variantOf('j', 'split', 'anna', variants)).toBe(variantOf('j', 'split', 'anna', variants));
  });

  it('follows the weights over many people', () => {
    let a = 0;
    for (let i = 0; i < 10_000; i += 1) if (variantOf('j', 'split', `contact-${i}`, variants) === 'A') a += 1;
    expect(a / 10_000).toBeGreaterThan(0.77);
    expect(a / 10_000).toBeLessThan(0.83);
  });
});

describe('how often a segment is walked for entries', () => {
  it.each([
    [undefined, 5 * 60_000],
    [2_000, 5 * 60_000],
    [30_000, 10 * 60_000],
    [70_000, 70_000 * 20],
  ])('after a walk of %s ms: every %d ms', (lastWalkMs, interval) => {
    expect(segmentScanInterval(lastWalkMs)).toBe(interval);
  });
});
