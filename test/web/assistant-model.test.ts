import { describe, expect, it } from 'vitest';
import type { TeamHours } from '../../web/src/api/assistantTypes.ts';
import {
  confidenceText,
  dailySeries,
  embedSnippet,
  emptyEntryForm,
  entityRows,
  entryFormFromQuestion,
  entryInputOf,
  entryProblems,
  expectedDelivery,
  hoursProblems,
  houseClock,
  nextTeamOpening,
  nextRange,
  shareText,
  sortedHours,
} from '../../web/src/pages/assistant/assistantModel.ts';

/* The pure parts of the assistant's screens (web/src/pages/assistant/assistantModel.ts). */

const week = (overrides: Partial<TeamHours> = {}): TeamHours => ({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], ...overrides });

describe('where a staff reply will reach the visitor', () => {
  it('is the widget while the visitor is still there, whether or not they left an address', () => {
    expect(expectedDelivery({ status: 'handed_over', visitorPresent: true, visitorEmail: null })).toBe('widget');
    expect(expectedDelivery({ status: 'handed_over', visitorPresent: true, visitorEmail: 'anna@example.org' })).toBe('widget');
  });

  it('is email once they left with an address, and honestly nowhere without one', () => {
    expect(expectedDelivery({ status: 'handed_over', visitorPresent: false, visitorEmail: 'anna@example.org' })).toBe('email');
    expect(expectedDelivery({ status: 'handed_over', visitorPresent: false, visitorEmail: null })).toBe('none');
    expect(expectedDelivery({ status: 'handed_over', visitorPresent: false, visitorEmail: '' })).toBe('none');
  });

  it('is nothing at all for a closed conversation', () => {
    expect(expectedDelivery({ status: 'closed', visitorPresent: true, visitorEmail: 'anna@example.org' })).toBe('closed');
  });
});

describe('the assistant’s reading of a message, shown small', () => {
  it('gives the confidence as a whole percentage in the interface language, or nothing', () => {
    expect(confidenceText(0.874, 'de')).toBe('87\u00a0%');
    expect(confidenceText(0.874, 'en')).toBe('87%');
    expect(confidenceText(null, 'de')).toBeNull();
    expect(confidenceText(1.3, 'en')).toBe('100%');
  });

  it('lists the dialogue’s entities readably, leaving out empty ones', () => {
    expect(
      entityRows({ production: { id: 'p1', title: 'Die Zauberflöte' }, quantity: 2, categories: ['Parkett', 'Rang'], email: null, note: '', consent: true }),
    ).toEqual([
      { key: 'production', value: 'Die Zauberflöte' },
      { key: 'quantity', value: '2' },
      { key: 'categories', value: 'Parkett, Rang' },
      { key: 'consent', value: 'true' },
    ]);
    expect(entityRows({ long: 'x'.repeat(500) })[0]?.value).toHaveLength(200);
  });
});

describe('a knowledge entry from an unanswered question', () => {
  it('starts with the question as the first variant in its own language', () => {
    expect(entryFormFromQuestion({ text: ' Darf ich meinen Hund mitbringen? ', language: 'de' })).toMatchObject({ questionsDe: ['Darf ich meinen Hund mitbringen?'], questionsEn: [] });
    expect(entryFormFromQuestion({ text: 'Can I bring my dog?', language: 'en' })).toMatchObject({ questionsDe: [], questionsEn: ['Can I bring my dog?'] });
  });

  it('sends variants trimmed and once each, answers trimmed, and no empty link rows', () => {
    const form = {
      ...emptyEntryForm(),
      topic: 'other' as const,
      questionsDe: ['Hunde  erlaubt?', 'hunde erlaubt?', '  ', 'Darf mein Hund mit?'],
      answerDe: ' Assistenzhunde ja, andere leider nicht. ',
      answerEn: 'Assistance dogs yes, others unfortunately not.',
      links: [
        { label: '', url: '' },
        { label: 'Hausordnung', url: ' https://theater.example/hausordnung ' },
      ],
    };
    expect(entryInputOf(form)).toEqual({
      topic: 'other',
      questions: { de: ['Hunde erlaubt?', 'Darf mein Hund mit?'], en: [] },
      answer: { de: 'Assistenzhunde ja, andere leider nicht.', en: 'Assistance dogs yes, others unfortunately not.' },
      links: [{ label: 'Hausordnung', url: 'https://theater.example/hausordnung' }],
      humanOnly: false,
    });
    expect(entryProblems(form)).toEqual([]);
  });

  it('names what is missing or wrong, field by field', () => {
    expect(entryProblems(emptyEntryForm())).toEqual([
      { field: 'questions', code: 'none' },
      { field: 'answerDe', code: 'required' },
      { field: 'answerEn', code: 'required' },
    ]);
    const form = {
      ...emptyEntryForm(),
      questionsEn: Array.from({ length: 31 }, (_, i) => `question ${i}`),
      answerDe: 'x'.repeat(4001),
      answerEn: 'fine',
      links: [
        { label: 'Plan', url: 'javascript:alert(1)' },
        { label: '', url: 'https://theater.example' },
      ],
    };
    expect(entryProblems(form)).toEqual([
      { field: 'questionsEn', code: 'too_many' },
      { field: 'answerDe', code: 'too_long' },
      { field: 'links.0.url', code: 'invalid_url' },
      { field: 'links.1.label', code: 'required' },
    ]);
  });
});

describe('the dialogue team’s hours', () => {
  it('accepts the default week', () => {
    const hours = week({ mon: [['10:00', '18:00']], tue: [['10:00', '18:00']], sat: [['10:00', '14:00']] });
    expect(hoursProblems(hours)).toEqual([]);
  });

  it('finds times that are no times, ranges that end before they begin, and overlaps', () => {
    const hours = week({
      mon: [['9:00', '17:00']],
      tue: [['18:00', '10:00']],
      wed: [
        ['10:00', '14:00'],
        ['13:00', '18:00'],
        ['14:00', '15:00'],
      ],
      thu: [['24:00', '25:00']],
    });
    expect(hoursProblems(hours)).toEqual([
      { day: 'mon', index: 0, code: 'format' },
      { day: 'tue', index: 0, code: 'order' },
      { day: 'wed', index: 1, code: 'overlap' },
      { day: 'wed', index: 2, code: 'overlap' },
      { day: 'thu', index: 0, code: 'format' },
    ]);
  });

  it('suggests a new range after the day’s last one, within the day', () => {
    expect(nextRange([])).toEqual(['10:00', '18:00']);
    expect(nextRange([['10:00', '13:00']])).toEqual(['14:00', '16:00']);
    expect(nextRange([['18:00', '22:30']])).toEqual(['22:00', '23:00']);
    expect(nextRange([['10:00', '21:00']])).toEqual(['22:00', '23:59']);
  });

  it('keeps each day’s ranges in order of their start', () => {
    const sorted = sortedHours(week({ fri: [['14:00', '18:00'], ['09:00', '12:00']] }));
    expect(sorted.fri).toEqual([['09:00', '12:00'], ['14:00', '18:00']]);
  });
});

describe('the statistics', () => {
  it('shows every day of the range, with zeros where nothing happened', () => {
    const series = dailySeries([{ date: '2027-03-02', conversations: 4, handovers: 1 }], '2027-03-03', 3);
    expect(series).toEqual([
      { date: '2027-03-01', conversations: 0, handovers: 0 },
      { date: '2027-03-02', conversations: 4, handovers: 1 },
      { date: '2027-03-03', conversations: 0, handovers: 0 },
    ]);
    // Across the change to summer time the days stay whole days.
    expect(dailySeries([], '2027-03-29', 3).map((day) => day.date)).toEqual(['2027-03-27', '2027-03-28', '2027-03-29']);
  });

  it('writes shares as percentages and nothing to divide as a dash', () => {
    expect(shareText(0.5, 'de')).toBe('50\u00a0%');
    expect(shareText(0.8125, 'en')).toBe('81.3%');
    expect(shareText(null, 'en')).toBe('—');
  });
});

describe('the embed snippet', () => {
  it('points at the house’s assistant script on Foyer’s public address', () => {
    expect(embedSnippet('https://foyer.theater.example/', 'theater-auenstadt')).toBe('<script src="https://foyer.theater.example/public/houses/theater-auenstadt/assistant.js" defer></script>');
  });
});

describe('when the team is next there', () => {
  const hours = week({ mon: [['10:00', '18:00']], fri: [['10:00', '12:00'], ['14:00', '18:00']], sat: [['10:00', '14:00']] });

  it('reads the house’s own wall clock, not the browser’s', () => {
    // 23:30 UTC on a Thursday is already Friday 00:30 in Berlin (winter time).
    expect(houseClock('Europe/Berlin', new Date('2027-01-07T23:30:00Z'))).toEqual({ day: 'fri', minutes: 30 });
    expect(houseClock('America/New_York', new Date('2027-01-07T23:30:00Z'))).toEqual({ day: 'thu', minutes: 18 * 60 + 30 });
  });

  it('is later today, a coming day, or after the weekend, and never when the week has no hours', () => {
    // Friday 08:00 in Berlin.
    expect(nextTeamOpening(hours, 'Europe/Berlin', new Date('2027-01-08T07:00:00Z'))).toEqual({ inDays: 0, day: 'fri', time: '10:00' });
    // Friday 12:30, in the lunch break.
    expect(nextTeamOpening(hours, 'Europe/Berlin', new Date('2027-01-08T11:30:00Z'))).toEqual({ inDays: 0, day: 'fri', time: '14:00' });
    // Friday 19:00.
    expect(nextTeamOpening(hours, 'Europe/Berlin', new Date('2027-01-08T18:00:00Z'))).toEqual({ inDays: 1, day: 'sat', time: '10:00' });
    // Saturday 15:00: after Sunday, Monday.
    expect(nextTeamOpening(hours, 'Europe/Berlin', new Date('2027-01-09T14:00:00Z'))).toEqual({ inDays: 2, day: 'mon', time: '10:00' });
    expect(nextTeamOpening(week(), 'Europe/Berlin', new Date('2027-01-09T14:00:00Z'))).toBeNull();
  });
});
