import type {
  ConversationSummary,
  KnowledgeEntry,
  KnowledgeEntryInput,
  KnowledgeTopic,
  TeamHours,
  TimeRange,
  UnansweredQuestion,
  Weekday,
} from '../../api/assistantTypes.ts';
import { weekdays } from '../../api/assistantTypes.ts';

/*
 * The pure parts of the assistant's screens: where a staff reply will go, the knowledge
 * entry form and what it sends, the team's hours and their mistakes, the figures of the
 * statistics. No React, no fetch: tested in test/web/assistant-model.test.ts.
 */

/** Where a reply goes, as far as the inbox can tell before sending; the server has the last word. */
export type ExpectedDelivery = 'widget' | 'email' | 'none' | 'closed';

export function expectedDelivery(conversation: Pick<ConversationSummary, 'status' | 'visitorPresent' | 'visitorEmail'>): ExpectedDelivery {
  if (conversation.status === 'closed') return 'closed';
  if (conversation.visitorPresent) return 'widget';
  return conversation.visitorEmail !== null && conversation.visitorEmail !== '' ? 'email' : 'none';
}

/** A classifier's confidence as staff read it: "87 %", or nothing when there was none. */
export function confidenceText(confidence: number | null, language: string): string | null {
  if (confidence === null || !Number.isFinite(confidence)) return null;
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'de-DE', { style: 'percent', maximumFractionDigits: 0 }).format(Math.min(1, Math.max(0, confidence)));
}

/** The dialogue's entities as label/value rows: nested values shortened, empty ones left out. */
export function entityRows(entities: Record<string, unknown>): { key: string; value: string }[] {
  const text = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) return value.map(text).filter((part) => part !== '').join(', ');
    if (typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key of ['title', 'name', 'text', 'label']) if (typeof record[key] === 'string') return record[key];
      return JSON.stringify(value);
    }
    return '';
  };
  return Object.entries(entities)
    .map(([key, value]) => ({ key, value: text(value) }))
    .filter((row) => row.value !== '')
    .map((row) => ({ key: row.key, value: row.value.length > 200 ? `${row.value.slice(0, 199)}…` : row.value }));
}

// ---------- the knowledge entry form ----------

export interface EntryForm {
  topic: KnowledgeTopic;
  questionsDe: string[];
  questionsEn: string[];
  answerDe: string;
  answerEn: string;
  links: { label: string; url: string }[];
  humanOnly: boolean;
}

export const MAX_VARIANTS = 30;
export const MAX_LINKS = 10;
export const MAX_ANSWER = 4000;

export function emptyEntryForm(): EntryForm {
  return { topic: 'other', questionsDe: [], questionsEn: [], answerDe: '', answerEn: '', links: [], humanOnly: false };
}

export function entryFormOf(entry: KnowledgeEntry): EntryForm {
  return {
    topic: entry.topic,
    questionsDe: [...entry.questions.de],
    questionsEn: [...entry.questions.en],
    answerDe: entry.answer.de,
    answerEn: entry.answer.en,
    links: entry.links.map((link) => ({ ...link })),
    humanOnly: entry.humanOnly,
  };
}

/** A new entry from a question nobody answered: the question is its first variant, in its language. */
export function entryFormFromQuestion(question: Pick<UnansweredQuestion, 'text' | 'language'>): EntryForm {
  const form = emptyEntryForm();
  if (question.language === 'en') form.questionsEn = [question.text.trim()];
  else form.questionsDe = [question.text.trim()];
  return form;
}

/** Trimmed, without blanks and without a variant twice (ignoring case). */
function variants(list: string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of list) {
    const text = raw.trim().replace(/\s+/g, ' ');
    const key = text.toLowerCase();
    if (text === '' || seen.has(key)) continue;
    seen.add(key);
    result.push(text);
  }
  return result;
}

export function entryInputOf(form: EntryForm): KnowledgeEntryInput {
  return {
    topic: form.topic,
    questions: { de: variants(form.questionsDe), en: variants(form.questionsEn) },
    answer: { de: form.answerDe.trim(), en: form.answerEn.trim() },
    links: form.links.map((link) => ({ label: link.label.trim(), url: link.url.trim() })).filter((link) => link.label !== '' || link.url !== ''),
    humanOnly: form.humanOnly,
  };
}

export type EntryProblem =
  | { field: 'questions'; code: 'none' }
  | { field: 'questionsDe' | 'questionsEn'; code: 'too_many' }
  | { field: 'answerDe' | 'answerEn'; code: 'required' | 'too_long' }
  | { field: 'links'; code: 'too_many' }
  | { field: `links.${number}.label`; code: 'required' }
  | { field: `links.${number}.url`; code: 'invalid_url' };

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The same rules the server applies, checked before sending so the form can point at the field. */
export function entryProblems(form: EntryForm): EntryProblem[] {
  const input = entryInputOf(form);
  const problems: EntryProblem[] = [];
  if (input.questions.de.length + input.questions.en.length === 0) problems.push({ field: 'questions', code: 'none' });
  if (input.questions.de.length > MAX_VARIANTS) problems.push({ field: 'questionsDe', code: 'too_many' });
  if (input.questions.en.length > MAX_VARIANTS) problems.push({ field: 'questionsEn', code: 'too_many' });
  for (const [field, text] of [
    ['answerDe', input.answer.de],
    ['answerEn', input.answer.en],
  ] as const) {
    if (text === '') problems.push({ field, code: 'required' });
    else if (text.length > MAX_ANSWER) problems.push({ field, code: 'too_long' });
  }
  if (input.links.length > MAX_LINKS) problems.push({ field: 'links', code: 'too_many' });
  // Indexes of the form's rows, so a message stands next to the row it is about.
  form.links.forEach((link, index) => {
    if (link.label.trim() === '' && link.url.trim() === '') return;
    if (link.label.trim() === '') problems.push({ field: `links.${index}.label`, code: 'required' });
    if (!isHttpUrl(link.url.trim())) problems.push({ field: `links.${index}.url`, code: 'invalid_url' });
  });
  return problems;
}

// ---------- the team's hours ----------

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function minutes(time: string): number {
  const [hours = '0', mins = '0'] = time.split(':');
  return Number(hours) * 60 + Number(mins);
}

function clock(total: number): string {
  const bounded = Math.min(23 * 60 + 59, Math.max(0, total));
  return `${String(Math.floor(bounded / 60)).padStart(2, '0')}:${String(bounded % 60).padStart(2, '0')}`;
}

export type HoursProblem = { day: Weekday; index: number; code: 'format' | 'order' | 'overlap' };

/** Times as "HH:MM", each range from before to, and no two ranges of a day overlapping. */
export function hoursProblems(hours: TeamHours): HoursProblem[] {
  const problems: HoursProblem[] = [];
  for (const day of weekdays) {
    const ranges = hours[day];
    ranges.forEach(([from, to], index) => {
      if (!TIME.test(from) || !TIME.test(to)) problems.push({ day, index, code: 'format' });
      else if (minutes(from) >= minutes(to)) problems.push({ day, index, code: 'order' });
      else if (
        ranges.some(([otherFrom, otherTo], other) => other < index && TIME.test(otherFrom) && TIME.test(otherTo) && minutes(from) < minutes(otherTo) && minutes(otherFrom) < minutes(to))
      ) {
        problems.push({ day, index, code: 'overlap' });
      }
    });
  }
  return problems;
}

/** The range a new row starts with: after the day's last range, or the usual office day. */
export function nextRange(ranges: TimeRange[]): TimeRange {
  const last = ranges.at(-1);
  if (last === undefined || !TIME.test(last[1])) return ['10:00', '18:00'];
  const start = minutes(last[1]) + 60;
  if (start >= 23 * 60) return ['22:00', '23:00'];
  return [clock(start), clock(Math.min(start + 120, 23 * 60 + 59))];
}

/** The ranges of every day in order of their start, as the server keeps them. */
export function sortedHours(hours: TeamHours): TeamHours {
  const sorted = {} as TeamHours;
  for (const day of weekdays) sorted[day] = [...hours[day]].sort((a, b) => minutes(a[0]) - minutes(b[0]));
  return sorted;
}

// ---------- statistics ----------

/** A share 0..1 as a percentage for people, "—" when there is nothing to divide. */
export function shareText(share: number | null, language: string): string {
  if (share === null || !Number.isFinite(share)) return '—';
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'de-DE', { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** Every day of the range once, zeros where the server had nothing: a chart without gaps that lie. */
export function dailySeries(perDay: { date: string; conversations: number; handovers: number }[], lastDay: string, days: number) {
  const byDate = new Map(perDay.map((day) => [day.date, day]));
  const end = new Date(`${lastDay}T12:00:00Z`);
  const series: { date: string; conversations: number; handovers: number }[] = [];
  for (let back = days - 1; back >= 0; back -= 1) {
    const date = new Date(end.getTime() - back * 86_400_000).toISOString().slice(0, 10);
    const known = byDate.get(date);
    series.push({ date, conversations: known?.conversations ?? 0, handovers: known?.handovers ?? 0 });
  }
  return series;
}

/** The snippet a house puts on its website. */
export function embedSnippet(publicUrl: string, houseSlug: string): string {
  return `<script src="${publicUrl.replace(/\/+$/, '')}/public/houses/${encodeURIComponent(houseSlug)}/assistant.js" defer></script>`;
}

/** The house's weekday and minute of the day at an instant: its wall clock, whatever the browser's zone. */
export function houseClock(timeZone: string, now: Date): { day: Weekday; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = weekdays.find((d) => d === part('weekday').slice(0, 3).toLowerCase()) ?? 'mon';
  return { day, minutes: Number(part('hour')) * 60 + Number(part('minute')) };
}

/**
 * When the team is next there, on the house's wall clock: in how many days, which
 * weekday, from what time. Null when the week has no hours at all. The settings screen
 * says it in words ("tomorrow from 10:00"); the server decides whether it is there now.
 */
export function nextTeamOpening(hours: TeamHours, timeZone: string, now: Date): { inDays: number; day: Weekday; time: string } | null {
  const here = houseClock(timeZone, now);
  const start = weekdays.indexOf(here.day);
  for (let inDays = 0; inDays <= 7; inDays += 1) {
    const day = weekdays[(start + inDays) % 7] ?? 'mon';
    const opening = sortedHours(hours)[day].find(([from, to]) => TIME.test(from) && TIME.test(to) && minutes(from) < minutes(to) && (inDays > 0 || minutes(from) > here.minutes));
    if (opening !== undefined) return { inDays, day, time: opening[0] };
  }
  return null;
}
