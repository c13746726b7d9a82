import { describe, expect, it } from 'vitest';
import { birthYears, checkRule, justificationsFor, measure, monthsBefore, type SegmentRule, segmentLimits } from './model.ts';

const productionId = '01936b2e-1e4a-7c3b-8a2f-0123456789ab';

function nested(depth: number): unknown {
  let rule: unknown = { language: ['de'] };
  for (let level = 1; level < depth; level += 1) rule = { all: [rule] };
  return rule;
}

describe('a segment rule tree', () => {
  it.each<[string, unknown]>([
    ['a lone condition', { language: ['de'] }],
    ['and, or, not nested', { all: [{ any: [{ postcode: ['10', '12'] }, { interest: ['opera'] }] }, { not: { consent: 'newsletter' } }] }],
    ['an age band with one end', { age: { min: 18 } }],
    ['attendance of a production', { attended: { atLeast: 3, months: 24, productionId } }],
    ['bookings of a genre with an underscore', { booked: { genre: 'contemporary_dance' } }],
    ['first-time visitors, lapsed, opened, clicked', { any: [{ firstTime: {} }, { lapsed: { months: 24 } }, { opened: { days: 30 } }, { clicked: { days: 7 } }] }],
    ['membership of a saved segment', { segment: productionId }],
    ['six levels', nested(6)],
  ])('accepts %s', (_name, input) => {
    expect(checkRule(input)).toMatchObject({ ok: true });
  });

  it.each<[string, unknown, { field: string; message?: string | RegExp }]>([
    ['a bad value deep in the tree', { all: [{ language: ['de'] }, { consent: 'newsletter' }, { attended: { months: 0 } }] }, { field: 'rules.all[2].attended.months' }],
    ['an unknown key', { all: [{ langauge: ['de'] }] }, { field: 'rules.all[0]', message: /langauge/ }],
    ['two keys in one node', { language: ['de'], postcode: ['10'] }, { field: 'rules', message: 'a rule has exactly one key, not language and postcode' }],
    ['an empty node', {}, { field: 'rules', message: /a rule needs one of: all, any, not/ }],
    ['an empty list', { any: [] }, { field: 'rules.any' }],
    ['a language that is none', { language: ['fr'] }, { field: 'rules.language[0]' }],
    ['a genre not in the vocabulary', { not: { interest: ['polka'] } }, { field: 'rules.not.interest[0]', message: 'not a genre code of the vocabulary' }],
    ['a value listed twice', { postcode: ['10', '10'] }, { field: 'rules.postcode', message: 'lists a value twice' }],
    ['a postcode prefix with a wildcard', { postcode: ['1%'] }, { field: 'rules.postcode[0]' }],
    ['an age band upside down', { age: { min: 40, max: 30 } }, { field: 'rules.age', message: 'min is above max' }],
    ['an age band without ends', { age: {} }, { field: 'rules.age', message: 'give min, max or both' }],
    ['two targets for one behaviour', { booked: { genre: 'opera', productionId } }, { field: 'rules.booked', message: 'name at most one of genre, productionId, unitId' }],
    ['a purpose that is none', { consent: 'telepathy' }, { field: 'rules.consent' }],
    ['an id that is no id', { segment: 'abc' }, { field: 'rules.segment' }],
    ['a fraction of a performance', { attended: { atLeast: 1.5 } }, { field: 'rules.attended.atLeast' }],
    ['seven levels', nested(7), { field: 'rules.all[0].all[0].all[0].all[0].all[0].all[0]', message: 'nests more than 6 levels' }],
    ['a thousand levels', nested(1000), { field: 'rules', message: 'nests more than 6 levels' }],
    ['not a rule at all', 'opera lovers', { field: 'rules' }],
  ])('refuses %s, naming the path', (_name, input, expected) => {
    const checked = checkRule(input);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toContainEqual(expect.objectContaining({ field: expected.field, ...(expected.message === undefined ? {} : { message: expected.message instanceof RegExp ? expect.stringMatching(expected.message) : expected.message }) }));
  });

  it('refuses more than 50 conditions', () => {
    const many = { any: Array.from({ length: 30 }, () => ({ all: [{ language: ['de'] }, { opened: { days: 30 } }] })) };
    const checked = checkRule(many);
    expect(checked).toEqual({ ok: false, problems: [{ field: 'rules', message: `has 60 conditions, more than ${segmentLimits.conditions}` }] });
  });

  it('fills in the defaults: one performance, 12 months for first-timers, 18 for lapsed', () => {
    const checked = checkRule({ all: [{ attended: { genre: 'opera' } }, { firstTime: {} }, { lapsed: {} }] });
    expect(checked).toEqual({
      ok: true,
      rule: { all: [{ attended: { atLeast: 1, genre: 'opera' } }, { firstTime: { months: 12 } }, { lapsed: { months: 18 } }] },
    });
  });

  it('measures depth and conditions', () => {
    expect(measure({ all: [{ language: ['de'] }, { not: { any: [{ opened: { days: 1 } }, { consent: 'newsletter' }] } }] })).toMatchObject({ depth: 4, conditions: 3 });
  });
});

describe('what a condition may read', () => {
  const attended: SegmentRule = { attended: { atLeast: 1 } };
  it.each<[string, SegmentRule, string | null, string[][]]>([
    ['attendance, without a purpose', attended, null, [['behavioural_analysis', 'recommendations', 'ticketing']]],
    ['attendance, for the newsletter', attended, 'newsletter', [['behavioural_analysis', 'recommendations', 'ticketing']]],
    ['attendance, for recommendations (the purpose itself justifies it)', attended, 'recommendations', []],
    ['opened e-mails', { opened: { days: 30 } }, 'newsletter', [['behavioural_analysis']]],
    ['the birth year', { age: { min: 18 } }, null, [['behavioural_analysis', 'recommendations']]],
    ['interests, for the newsletter', { interest: ['opera'] }, 'newsletter', []],
    ['the language (every purpose justifies it)', { language: ['de'] }, null, []],
    ['consent itself', { consent: 'newsletter' }, null, []],
  ])('%s', (_name, rule, purpose, expected) => {
    expect(justificationsFor(rule, purpose as never)).toEqual(expected);
  });
});

describe('dates of an evaluation', () => {
  it('goes back whole calendar months, clamped to the end of the month', () => {
    expect(monthsBefore(new Date('2026-09-01T08:00:00.000Z'), 18)).toBe('2025-03-01T08:00:00.000Z');
    expect(monthsBefore(new Date('2026-08-31T12:00:00.000Z'), 6)).toBe('2026-02-28T12:00:00.000Z');
  });

  it('turns an age band into birth years of the evaluation year, both ends inclusive', () => {
    expect(birthYears(new Date('2026-09-01T08:00:00.000Z'), { min: 18, max: 30 })).toEqual({ from: 1996, to: 2008 });
    expect(birthYears(new Date('2027-01-01T00:00:00.000Z'), { max: 30 })).toEqual({ from: 1997, to: null });
  });
});
