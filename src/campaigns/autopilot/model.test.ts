import { describe, expect, it } from 'vitest';
import { graphProblems, journeyGraph, journeyTrigger } from '../journeys/definition.ts';
import { belowCurve, defaultParams, expectedShare, FALLBACK_SHARE, interestedRule, reminderJourney, ruleParams, thankYouJourney, winBackJourney } from './model.ts';

const CAMPAIGN = '0190a1b2-0000-7000-8000-000000000001';
const SEGMENT = '0190a1b2-0000-7000-8000-000000000002';

describe('the journeys behind the rules', () => {
  const cases = [
    ['reminder', reminderJourney(defaultParams('reminder'), CAMPAIGN)],
    ['thank_you', thankYouJourney(defaultParams('thank_you'), CAMPAIGN)],
    ['win_back', winBackJourney(defaultParams('win_back'), SEGMENT, CAMPAIGN)],
  ] as const;

  it.each(cases)('%s is a valid journey the builder can open', (_rule, journey) => {
    expect(journeyTrigger.parse(journey.trigger)).toEqual(journey.trigger);
    expect(graphProblems(journeyGraph.parse(journey.graph))).toEqual([]);
  });

  it('reminds two days before at ten by default, and as configured', () => {
    expect(reminderJourney(defaultParams('reminder'), CAMPAIGN).trigger).toEqual({ type: 'performance', days: -2, time: '10:00' });
    expect(reminderJourney({ daysBefore: 3, time: '17:30' }, CAMPAIGN).trigger).toEqual({ type: 'performance', days: -3, time: '17:30' });
  });

  it('thanks the morning after the check-in, then sends the mail', () => {
    const { trigger, graph } = thankYouJourney({ time: '09:00' }, CAMPAIGN);
    expect(trigger).toEqual({ type: 'event', event: 'ticket.checked_in' });
    expect(graph.nodes[0]).toMatchObject({ type: 'wait', wait: { kind: 'time_of_day', time: '09:00' } });
    expect(graph.nodes[1]).toMatchObject({ type: 'action', action: { kind: 'send_email', campaignId: CAMPAIGN } });
  });

  it('wins back from the lapsed segment, including those lapsed already unless told otherwise', () => {
    expect(winBackJourney(defaultParams('win_back'), SEGMENT, CAMPAIGN).trigger).toEqual({ type: 'segment_entry', segmentId: SEGMENT, includeCurrent: true });
    expect(winBackJourney({ months: 24, includeCurrent: false }, SEGMENT, CAMPAIGN).trigger).toEqual({ type: 'segment_entry', segmentId: SEGMENT, includeCurrent: false });
  });
});

describe('rule settings', () => {
  it.each([
    ['sales_push', { daysBefore: 1 }, 'daysBefore'],
    ['sales_push', { tolerance: 2 }, 'tolerance'],
    ['reminder', { time: '25:00' }, 'time'],
    ['win_back', { months: 3 }, 'months'],
    ['new_production', { extra: true }, ''],
  ] as const)('%s refuses %j', (rule, params, field) => {
    const result = ruleParams[rule].safeParse(params);
    expect(result.success).toBe(false);
    if (!result.success && field !== '') expect(result.error.issues[0]?.path).toEqual([field]);
  });

  it('fills in the defaults a house starts with', () => {
    expect(defaultParams('sales_push')).toEqual({ daysBefore: 14, tolerance: 0.8 });
    expect(defaultParams('win_back')).toEqual({ months: 18, includeCurrent: true });
  });
});

describe('audiences', () => {
  it('writes to the interested, minus those who booked the production already', () => {
    expect(interestedRule(['opera', 'dance'])).toEqual({ interest: ['dance', 'opera'] });
    expect(interestedRule(['opera'], CAMPAIGN)).toEqual({ all: [{ interest: ['opera'] }, { not: { booked: { atLeast: 1, productionId: CAMPAIGN } } }] });
    expect(interestedRule([])).toBeNull();
  });
});

describe('the booking curve', () => {
  const past = (shares: number[]) => shares.map((share) => ({ soldBy: Math.round(share * 200), capacity: 200 }));

  it.each([
    ['the house setting wins', past([0.9, 0.9, 0.9, 0.9, 0.9]), 0.3, { share: 0.3, source: 'setting' }],
    ['the median of the past', past([0.1, 0.4, 0.5, 0.6, 0.95]), undefined, { share: 0.5, source: 'history' }],
    ['an even count averages the middle two', past([0.2, 0.4, 0.6, 0.8, 0.9, 1]), undefined, { share: 0.7, source: 'history' }],
    ['too little history falls back', past([0.9, 0.9]), undefined, { share: FALLBACK_SHARE, source: 'fallback' }],
    ['performances without seats do not count', [...past([0.5, 0.5, 0.5, 0.5]), { soldBy: 0, capacity: 0 }], undefined, { share: FALLBACK_SHARE, source: 'fallback' }],
  ] as const)('%s', (_name, history, configured, expected) => {
    const result = expectedShare(history, configured);
    expect(result.source).toBe(expected.source);
    expect(result.share).toBeCloseTo(expected.share, 5);
  });

  it.each([
    [{ sold: 70, capacity: 200 }, 0.5, 0.8, true],
    [{ sold: 80, capacity: 200 }, 0.5, 0.8, false],
    [{ sold: 0, capacity: 0 }, 0.5, 0.8, false],
    [{ sold: 99, capacity: 200 }, 0.5, 1, true],
  ] as const)('%j against %d × %d is below the curve: %s', (current, expected, tolerance, below) => {
    expect(belowCurve(current, expected, tolerance)).toBe(below);
  });
});
