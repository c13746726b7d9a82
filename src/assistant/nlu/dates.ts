/*
 * Dates and times the visitor names, resolved in the house's time zone into [from, to)
 * spans. chrono-node reads the phrases in both languages; what it does not read, or
 * reads in a way a box office would not, is handled here first:
 *
 * - a day without a time is the whole day in the house's zone (00:00 to 00:00, 23 or 25
 *   hours on the days the clocks change);
 * - "Wochenende", "weekend": Saturday 00:00 to Monday 00:00. "Nächstes Wochenende" from
 *   Monday to Thursday is the coming one, from Friday on (when "this weekend" is the one
 *   already begun) the one after;
 * - "diese Woche" / "this week": from today to next Monday; "nächste Woche": next Monday
 *   to the Monday after; "in den nächsten Wochen", "the coming weeks": four weeks from today;
 * - "im Dezember", "in December": the whole month (this one while it lasts, else the next
 *   one of that name);
 * - "3.12." (a German numeric date without a year): the next such day;
 * - parts of the day: "Vormittag"/"morning" 06–12, "Mittag" 12–14, "Nachmittag"/
 *   "afternoon" 12–18, "Abend"/"evening"/"tonight"/"night" 17–24; "Sonntagnachmittag"
 *   is read as "Sonntag Nachmittag";
 * - a clock time ("um 19:30", "at 7pm") is the hour that begins then;
 * - a date without anything certain in it is dropped: chrono reads "my 10 year old" as
 *   "in ten years", and "Abend" alone ("einen schönen Abend") names no day; so are
 *   pieces of three letters or less ("so" is not Sonntag, "18s" not 18:00).
 *
 * chrono is given the house's wall-clock time as a zone-less reference and its answer is
 * read back as wall-clock components, so the process's own time zone never matters.
 */
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { DateSpan, Language } from './types.ts';

interface Found {
  index: number;
  span: DateSpan;
}

const parts: { pattern: RegExp; from: number; to: number }[] = [
  { pattern: /\b(vormittags?|morgens|fr(ü|ue)h|morning)\b/i, from: 6, to: 12 },
  { pattern: /\b(nachmittags?|afternoon)\b/i, from: 12, to: 18 },
  { pattern: /\b(mittags?|noon|lunchtime)\b/i, from: 12, to: 14 },
  { pattern: /\b(abends?|evening|tonight|night|nachts?)\b/i, from: 17, to: 24 },
];

const weekdayNames = 'montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag';
const germanMonths = ['januar', 'februar', 'm(ä|ae)rz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'dezember'];

function span(from: DateTime, to: DateTime, text: string, hasTime: boolean): DateSpan {
  return { from: from.toUTC().toISO() as string, to: to.toUTC().toISO() as string, text: text.trim(), hasTime };
}

function partOfDay(text: string): { from: number; to: number } | undefined {
  for (const part of parts) if (part.pattern.test(text)) return part;
  return undefined;
}

/** Blanks a matched piece out of the text so that chrono does not read it again; positions stay. */
function blank(text: string, index: number, length: number): string {
  return text.slice(0, index) + ' '.repeat(length) + text.slice(index + length);
}

export function extractDates(text: string, language: Language, timeZone: string, now: Date): DateSpan[] {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const found: Found[] = [];
  let working = text;

  const weekend = language === 'de' ? /\b(?:(dieses|diesem|am|(?:ü|ue)bern(?:ä|ae)chste[nms]?|n(?:ä|ae)chste[nms]?|kommende[nms]?)\s+)?wochenende\b/giu : /\b(?:(this|next|the|coming)\s+)?weekend\b/gi;
  for (const match of text.matchAll(weekend)) {
    const qualifier = (match[1] ?? '').toLowerCase();
    const weekday = today.weekday; // 1 Monday … 7 Sunday
    let saturday = today.plus({ days: (6 - weekday + 7) % 7 });
    if (weekday === 7) saturday = today.minus({ days: 1 });
    const next = /^(next|n)/.test(qualifier);
    const afterNext = /^(ü|ue)bern/.test(qualifier);
    if ((next && weekday >= 5) || afterNext) saturday = saturday.plus({ weeks: 1 });
    if (afterNext && weekday >= 5) saturday = saturday.plus({ weeks: 1 });
    found.push({ index: match.index, span: span(saturday, saturday.plus({ days: 2 }), match[0], false) });
    working = blank(working, match.index, match[0].length);
  }

  const weeks = language === 'de' ? /\b(?:in den )?(n(?:ä|ae)chsten|kommenden) (?:paar |zwei |drei )?wochen\b/giu : /\b(?:in )?the (?:next|coming) (?:few |couple of )?weeks\b|\bin the weeks ahead\b/gi;
  for (const match of text.matchAll(weeks)) {
    found.push({ index: match.index, span: span(today, today.plus({ weeks: 4 }), match[0], false) });
    working = blank(working, match.index, match[0].length);
  }

  const week = language === 'de' ? /\b(diese|n(?:ä|ae)chste|kommende)\s+woche\b/giu : /\b(this|next|coming)\s+week\b/gi;
  for (const match of working.matchAll(week)) {
    const monday = today.startOf('week').plus({ weeks: 1 });
    const current = /^(diese|this)$/i.test(match[1] as string);
    found.push({ index: match.index, span: current ? span(today, monday, match[0], false) : span(monday, monday.plus({ weeks: 1 }), match[0], false) });
    working = blank(working, match.index, match[0].length);
  }

  if (language === 'de') {
    const month = new RegExp(`\\b(?:im|in|ganzen?)\\s+(${germanMonths.join('|')})\\b`, 'giu');
    for (const match of working.matchAll(month)) {
      const number = germanMonths.findIndex((name) => new RegExp(`^${name}$`, 'iu').test(match[1] as string)) + 1;
      let first = today.set({ month: number, day: 1 });
      if (first.plus({ months: 1 }) <= today) first = first.plus({ years: 1 });
      found.push({ index: match.index, span: span(first, first.plus({ months: 1 }), match[0], false) });
      working = blank(working, match.index, match[0].length);
    }
    for (const match of working.matchAll(/\b(\d{1,2})\.(\d{1,2})\.(?!\d)/g)) {
      const day = Number(match[1]);
      const monthNumber = Number(match[2]);
      let date = DateTime.fromObject({ year: today.year, month: monthNumber, day }, { zone: timeZone });
      if (!date.isValid) continue;
      if (date < today) date = date.plus({ years: 1 });
      found.push({ index: match.index, span: span(date, date.plus({ days: 1 }), match[0], false) });
      working = blank(working, match.index, match[0].length);
    }
    working = working.replace(new RegExp(`\\b(${weekdayNames})(vormittag|nachmittag|abend|mittag)`, 'giu'), '$1 $2');
  }

  const wallClock = DateTime.fromJSDate(now, { zone: timeZone });
  const reference = new Date(wallClock.year, wallClock.month - 1, wallClock.day, wallClock.hour, wallClock.minute);
  const parser = language === 'de' ? chrono.de : chrono.en;
  for (const result of parser.parse(working, reference, { forwardDate: true })) {
    const after = working.slice(result.index, result.index + result.text.length + 12);
    const part = partOfDay(result.text) ?? partOfDay(after);
    const certain = (['day', 'weekday', 'month', 'hour'] as const).filter((c) => result.start.isCertain(c));
    // "Abend" alone ("einen schönen Abend", "good morning") names no day; "so", "fr" and
    // "18s" are words and numbers chrono takes for "Sonntag", "Freitag" and 18:00; "now"
    // is not a date the visitor asks about.
    if (certain.length === 0) continue;
    if (result.text.replace(/^(am|um|on|at)\s+/i, '').length <= 3 || /^(jetzt|now|right now|gerade|sofort)$/i.test(result.text.trim())) continue;
    const start = result.start;
    const day = DateTime.fromObject({ year: start.get('year') ?? today.year, month: start.get('month') ?? today.month, day: start.get('day') ?? today.day }, { zone: timeZone });
    if (!day.isValid) continue;
    let value: DateSpan;
    if (!start.isCertain('day') && !start.isCertain('weekday') && start.isCertain('month')) {
      // The month named is this one while it lasts, else its next coming.
      const month = start.get('month') ?? today.month;
      const first = today.set({ month, day: 1 }).plus({ years: month < today.month ? 1 : 0 });
      value = span(first, first.plus({ months: 1 }), result.text, false);
    } else if (start.isCertain('hour')) {
      const at = day.set({ hour: start.get('hour') ?? 0, minute: start.get('minute') ?? 0 });
      value = span(at, at.plus({ hours: 1 }), result.text, true);
    } else if (part !== undefined) {
      // Wall-clock hours, not elapsed ones: on the days the clocks change 17:00 is still 17:00.
      const end = part.to === 24 ? day.plus({ days: 1 }) : day.set({ hour: part.to });
      value = span(day.set({ hour: part.from }), end, result.text, true);
    } else {
      let to = day.plus({ days: 1 });
      if (result.end !== null && result.end !== undefined) {
        const end = DateTime.fromObject({ year: result.end.get('year') ?? day.year, month: result.end.get('month') ?? day.month, day: result.end.get('day') ?? day.day }, { zone: timeZone });
        if (end.isValid && end > day) to = end.plus({ days: 1 });
      }
      value = span(day, to, result.text, false);
    }
    found.push({ index: result.index, span: value });
  }
  return found.sort((a, b) => a.index - b.index).map((f) => f.span);
}
