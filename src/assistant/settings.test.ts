import { describe, expect, it } from 'vitest';
import { isDomainError } from '../core/errors.ts';
import { parseInput } from '../core/input.ts';
import { assistantSettingsInput, defaultAssistantSettings, type TeamHours, teamAvailability } from './settings.ts';

const berlin = 'Europe/Berlin';
const closedAllWeek: TeamHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

describe('teamAvailability', () => {
  const defaults = defaultAssistantSettings();

  it.each([
    // Tuesday 1 September 2026, summer time (UTC+2).
    ['at opening, 10:00 in Berlin', '2026-09-01T08:00:00.000Z', true, null],
    ['a minute before opening', '2026-09-01T07:59:00.000Z', false, '2026-09-01T08:00:00.000Z'],
    ['the last minute of the day', '2026-09-01T15:59:00.000Z', true, null],
    ['at closing, 18:00', '2026-09-01T16:00:00.000Z', false, '2026-09-02T08:00:00.000Z'],
    // Saturday 5 September: 10 to 14; then nobody until Monday.
    ['Saturday after 14:00', '2026-09-05T12:00:00.000Z', false, '2026-09-07T08:00:00.000Z'],
    ['Sunday', '2026-09-06T10:00:00.000Z', false, '2026-09-07T08:00:00.000Z'],
  ])('%s', (_name, now, available, nextOpening) => {
    expect(teamAvailability(defaults, berlin, new Date(now))).toEqual({ available, nextOpening });
  });

  it('keeps 10:00 local when the clocks go back between Saturday and Monday (25 October 2026)', () => {
    // Saturday 24 October, 15:00 summer time; Monday 26 October, 10:00 winter time is 09:00 UTC.
    expect(teamAvailability(defaults, berlin, new Date('2026-10-24T13:00:00.000Z'))).toEqual({ available: false, nextOpening: '2026-10-26T09:00:00.000Z' });
    expect(teamAvailability(defaults, berlin, new Date('2026-10-26T08:30:00.000Z'))).toEqual({ available: false, nextOpening: '2026-10-26T09:00:00.000Z' });
    expect(teamAvailability(defaults, berlin, new Date('2026-10-26T09:00:00.000Z')).available).toBe(true);
  });

  it('keeps 10:00 local when the clocks go forward (29 March 2026)', () => {
    // Saturday 28 March, 15:00 winter time; Monday 30 March, 10:00 summer time is 08:00 UTC.
    expect(teamAvailability(defaults, berlin, new Date('2026-03-28T14:00:00.000Z'))).toEqual({ available: false, nextOpening: '2026-03-30T08:00:00.000Z' });
    expect(teamAvailability(defaults, berlin, new Date('2026-03-30T07:59:00.000Z')).available).toBe(false);
    expect(teamAvailability(defaults, berlin, new Date('2026-03-30T08:00:00.000Z')).available).toBe(true);
  });

  it('reads the wall clock on the night itself: 02:30 happens twice in autumn and is inside both times', () => {
    const night: TeamHours = { ...closedAllWeek, sun: [['01:00', '05:00']] };
    expect(teamAvailability({ teamHours: night }, berlin, new Date('2026-10-25T00:30:00.000Z')).available).toBe(true); // 02:30 CEST
    expect(teamAvailability({ teamHours: night }, berlin, new Date('2026-10-25T01:30:00.000Z')).available).toBe(true); // 02:30 CET
    expect(teamAvailability({ teamHours: night }, berlin, new Date('2026-10-25T03:59:00.000Z')).available).toBe(true); // 04:59 CET
    expect(teamAvailability({ teamHours: night }, berlin, new Date('2026-10-25T04:00:00.000Z')).available).toBe(false); // 05:00 CET
  });

  it('moves an opening in the hour skipped in spring to the first minute that exists', () => {
    const early: TeamHours = { ...closedAllWeek, sun: [['02:30', '04:00']] };
    // 02:30 does not exist on 29 March 2026 in Berlin: the clocks jump from 02:00 to 03:00 (01:00 UTC).
    const { available, nextOpening } = teamAvailability({ teamHours: early }, berlin, new Date('2026-03-28T20:00:00.000Z'));
    expect(available).toBe(false);
    expect(nextOpening).not.toBeNull();
    expect(new Date(nextOpening as string).getTime()).toBeGreaterThanOrEqual(new Date('2026-03-29T01:00:00.000Z').getTime());
    expect(new Date(nextOpening as string).getTime()).toBeLessThan(new Date('2026-03-29T02:00:00.000Z').getTime());
    expect(teamAvailability({ teamHours: early }, berlin, new Date('2026-03-29T01:45:00.000Z')).available).toBe(true); // 03:45 CEST
  });

  it('works in the house’s own zone', () => {
    // 10:00 in New York on Tuesday 1 September 2026 is 14:00 UTC.
    expect(teamAvailability(defaults, 'America/New_York', new Date('2026-09-01T13:00:00.000Z'))).toEqual({ available: false, nextOpening: '2026-09-01T14:00:00.000Z' });
  });

  it('finds the opening a week ahead, later the same weekday', () => {
    const mondays: TeamHours = { ...closedAllWeek, mon: [['09:00', '10:00']] };
    // Monday 7 September, 11:00 in Berlin: next Monday.
    expect(teamAvailability({ teamHours: mondays }, berlin, new Date('2026-09-07T09:00:00.000Z'))).toEqual({ available: false, nextOpening: '2026-09-14T07:00:00.000Z' });
  });

  it('has no next opening when the team never works', () => {
    expect(teamAvailability({ teamHours: closedAllWeek }, berlin, new Date('2026-09-01T08:00:00.000Z'))).toEqual({ available: false, nextOpening: null });
  });

  it('takes 24:00 as the end of the day', () => {
    const late: TeamHours = { ...closedAllWeek, tue: [['20:00', '24:00']] };
    expect(teamAvailability({ teamHours: late }, berlin, new Date('2026-09-01T21:59:00.000Z')).available).toBe(true); // 23:59
  });
});

describe('assistant settings input', () => {
  const valid = { enabled: true, teamHours: defaultAssistantSettings().teamHours, humanOnlyTopics: ['complaint'], retentionDays: 90 };

  function fieldsOf(input: unknown): string[] {
    try {
      parseInput(assistantSettingsInput, input);
    } catch (error) {
      if (isDomainError(error, 'validation')) return error.details.map((detail) => detail.field ?? '');
      throw error;
    }
    return [];
  }

  it('accepts the defaults', () => {
    expect(fieldsOf(valid)).toEqual([]);
  });

  it.each([
    ['a time that is none', { ...valid, teamHours: { ...valid.teamHours, mon: [['9:00', '17:00']] } }, 'teamHours.mon.0.0'],
    ['an end before the start', { ...valid, teamHours: { ...valid.teamHours, tue: [['18:00', '10:00']] } }, 'teamHours.tue.0'],
    ['overlapping shifts', { ...valid, teamHours: { ...valid.teamHours, wed: [['10:00', '14:00'], ['13:00', '18:00']] } }, 'teamHours.wed'],
    ['a missing day', { ...valid, teamHours: { ...valid.teamHours, sun: undefined } }, 'teamHours.sun'],
    ['no retention', { ...valid, retentionDays: 0 }, 'retentionDays'],
    ['retention beyond two years', { ...valid, retentionDays: 731 }, 'retentionDays'],
    ['a topic nobody knows', { ...valid, humanOnlyTopics: ['weather'] }, 'humanOnlyTopics.0'],
  ])('refuses %s, naming the field', (_name, input, field) => {
    expect(fieldsOf(input)).toEqual([field]);
  });
});
