import { describe, expect, it } from 'vitest';
import { expandSchedule, type HouseCalendar, localToInstant, parseDays, type Schedule } from './schedule.ts';

const calendar: HouseCalendar = {
  timeZone: 'Europe/Berlin',
  holidays: ['2026-10-03', '2026-12-25', '2026-12-26'],
  schoolHolidays: [{ from: '2026-10-12', until: '2026-10-24' }],
  closed: ['2026-12-24'],
};

const starts = (schedule: Schedule) => expandSchedule(schedule, calendar).map((p) => p.local);

describe('weekday names', () => {
  it.each([
    ['Fr/Sa', [5, 6]],
    ['Di-Fr', [2, 3, 4, 5]],
    ['Tu-Fr/Su', [2, 3, 4, 5, 7]],
    ['Sa-Mo', [6, 7, 1]],
    ['so', [7]],
  ])('reads "%s"', (days, expected) => {
    expect([...parseDays(days)].sort()).toEqual([...expected].sort());
  });

  it('refuses a day it does not know', () => {
    expect(() => parseDays('Fr/Xy')).toThrow(/unknown weekdays/);
  });
});

describe('schedule expansion', () => {
  it('keeps 19:30 on the wall clock across the end of summer time', () => {
    const result = expandSchedule({ rules: [{ days: 'Sa/So', at: '19:30', from: '2026-10-24', until: '2026-10-25' }] }, calendar);
    expect(result.map((p) => p.startsAt)).toEqual(['2026-10-24T17:30:00.000Z', '2026-10-25T18:30:00.000Z']);
  });

  it('keeps 18:00 on the wall clock on the Sunday summer time begins', () => {
    expect(localToInstant('2027-03-28 18:00', 'Europe/Berlin').toJSDate().toISOString()).toBe('2027-03-28T16:00:00.000Z');
  });

  it('refuses a time that does not exist because the clocks spring forward', () => {
    expect(() => localToInstant('2027-03-28 02:30', 'Europe/Berlin')).toThrow(/does not exist/);
  });

  it('plays Friday and Saturday evenings, skipping holidays and the closed Christmas Eve', () => {
    const result = starts({ rules: [{ days: 'Fr/Sa', at: '19:30', from: '2026-10-01', until: '2026-10-10', except: ['holidays'] }] });
    // 3 October 2026 is the Day of German Unity, a Saturday.
    expect(result).toEqual(['2026-10-02 19:30', '2026-10-09 19:30', '2026-10-10 19:30']);
    expect(starts({ rules: [{ days: 'Do', at: '19:30', from: '2026-12-24', until: '2026-12-24' }] })).toEqual([]);
  });

  it('leaves school performances out of the school holidays', () => {
    const result = starts({ rules: [{ days: 'Mo-Fr', at: ['09:00', '11:00'], from: '2026-10-08', until: '2026-10-27', except: ['school_holidays'] }] });
    expect(result).toEqual([
      '2026-10-08 09:00', '2026-10-08 11:00', '2026-10-09 09:00', '2026-10-09 11:00',
      '2026-10-26 09:00', '2026-10-26 11:00', '2026-10-27 09:00', '2026-10-27 11:00',
    ]);
  });

  it('plays every other week counted from the first week', () => {
    expect(starts({ rules: [{ days: 'So', at: '11:00', from: '2026-09-06', until: '2026-10-04', everyWeeks: 2 }] })).toEqual([
      '2026-09-06 11:00', '2026-09-20 11:00', '2026-10-04 11:00',
    ]);
  });

  it('merges explicit dates with rules in start order and without duplicates', () => {
    const result = starts({
      premiere: '2026-09-26 19:30',
      dates: ['2026-10-04 18:00'],
      rules: [{ days: 'Sa', at: '19:30', from: '2026-09-26', until: '2026-10-10', except: ['holidays'] }],
    });
    expect(result).toEqual(['2026-09-26 19:30', '2026-10-04 18:00', '2026-10-10 19:30']);
  });

  it('marks the premiere, a sold-out evening and a cancellation with its reason', () => {
    const result = expandSchedule(
      {
        premiere: '2026-09-26 19:30',
        dates: ['2026-10-02 19:30', '2026-10-09 19:30'],
        soldOut: ['2026-09-26 19:30'],
        cancelled: [{ at: '2026-10-09 19:30', note: { de: 'Entfällt wegen Erkrankung.', en: 'Cancelled due to illness.' } }],
      },
      calendar,
      150,
    );
    expect(result.map((p) => [p.local, p.status, p.note?.de ?? null])).toEqual([
      ['2026-09-26 19:30', 'sold_out', 'Premiere'],
      ['2026-10-02 19:30', 'scheduled', null],
      ['2026-10-09 19:30', 'cancelled', 'Entfällt wegen Erkrankung.'],
    ]);
    expect(result[0]?.endsAt).toBe('2026-09-26T20:00:00.000Z');
  });

  it('moves a rescheduled performance to its new date and remembers the old one', () => {
    const result = expandSchedule({ dates: ['2026-11-13 19:30', '2026-11-20 19:30'], rescheduled: [{ from: '2026-11-13 19:30', to: '2026-11-27 19:30' }] }, calendar);
    expect(result.map((p) => [p.local, p.status])).toEqual([
      ['2026-11-20 19:30', 'scheduled'],
      ['2026-11-27 19:30', 'rescheduled'],
    ]);
    expect(result[1]?.rescheduledFrom).toBe('2026-11-13T18:30:00.000Z');
    expect(result[1]?.note).toEqual({ de: 'Verlegt vom 13. November 2026, 19:30 Uhr', en: 'Moved from 13 November 2026, 7:30 PM' });
  });

  it('notes audio description and sign language on the performances that have them', () => {
    const result = expandSchedule({ dates: ['2026-11-08 18:00'], audioDescription: ['2026-11-08 18:00'], signLanguage: ['2026-11-08 18:00'] }, calendar);
    expect(result[0]?.features).toEqual(['audio_description', 'sign_language']);
    expect(result[0]?.note?.de).toBe('Mit Audiodeskription · Mit Übersetzung in Deutsche Gebärdensprache');
  });

  it('refuses a status for a date the schedule does not have, so typos surface', () => {
    expect(() => expandSchedule({ dates: ['2026-11-08 18:00'], soldOut: ['2026-11-08 19:30'] }, calendar)).toThrow(/no performance at that time/);
    expect(() => expandSchedule({ dates: ['2026-11-08 18:00'], skip: ['2026-11-09'] }, calendar)).toThrow(/no performance on that date/);
  });

  it('refuses an explicit performance on a closed day', () => {
    expect(() => expandSchedule({ dates: ['2026-12-24 15:00'] }, calendar)).toThrow(/closed/);
  });

  it('skips single dates and single times', () => {
    const schedule: Schedule = { rules: [{ days: 'Sa', at: ['15:00', '19:30'], from: '2026-11-07', until: '2026-11-14' }], skip: ['2026-11-07', '2026-11-14 15:00'] };
    expect(starts(schedule)).toEqual(['2026-11-14 19:30']);
  });

  it('gives the same result on every run', () => {
    const schedule: Schedule = { rules: [{ days: 'Di-So', at: '19:30', from: '2026-09-01', until: '2027-07-10', except: ['holidays'] }] };
    expect(expandSchedule(schedule, calendar)).toEqual(expandSchedule(schedule, calendar));
  });
});
