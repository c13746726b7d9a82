import { DomainError } from '../../core/errors.ts';

/*
 * Splits an iCalendar text into its VEVENT and VTIMEZONE blocks, unfolded, with the
 * line each starts on. Each block is then parsed on its own, so that one broken event
 * is skipped with its line number instead of failing the whole file.
 */

export interface IcsBlock {
  name: 'VEVENT' | 'VTIMEZONE';
  /** 1-based line in the file where BEGIN: stands. */
  line: number;
  /** Unfolded content lines, BEGIN and END included (for VEVENTs only the properties the import reads). */
  lines: string[];
}

export interface IcsDocument {
  blocks: IcsBlock[];
  /** Calendar-level properties by upper-case name (first value wins), e.g. X-WR-TIMEZONE. */
  properties: Map<string, string>;
  /** Lines that were no content line and were read as continuations of the line before. */
  continuations: number;
  /** Blocks cut off by the end of the file (no END:). */
  unterminated: number[];
}

const contentLine = /^[A-Za-z][A-Za-z0-9-]*[;:]/;

/**
 * The VEVENT properties the import reads. The others (DTSTAMP, ATTENDEE, X-...) and
 * nested components (VALARM) are left out before ical.js parses the block: less work,
 * and a malformed line the import never reads cannot make it skip the event.
 */
const eventProperties = new Set([
  'UID', 'SUMMARY', 'DESCRIPTION', 'DTSTART', 'DTEND', 'DURATION', 'RRULE', 'RDATE', 'EXDATE', 'RECURRENCE-ID',
  'STATUS', 'LOCATION', 'GEO', 'CATEGORIES', 'URL', 'IMAGE', 'BEGIN', 'END',
]);

function propertyName(line: string): string {
  let end = 0;
  while (end < line.length && line[end] !== ';' && line[end] !== ':') end++;
  return line.slice(0, end).toUpperCase();
}

interface LogicalLine {
  text: string;
  line: number;
}

/** Unfolds physical lines (RFC 5545 3.1) into content lines. */
function unfold(text: string): { lines: LogicalLine[]; continuations: number } {
  const physical = text.split(/\r\n|\n|\r/);
  const lines: LogicalLine[] = [];
  let continuations = 0;
  let depth = 0;
  for (let i = 0; i < physical.length; i++) {
    const raw = physical[i] as string;
    if (raw.length === 0) continue;
    const last = lines[lines.length - 1];
    const first = raw.charCodeAt(0);
    if ((first === 32 || first === 9) && last !== undefined) {
      last.text += raw.slice(1);
      continue;
    }
    if (!contentLine.test(raw)) {
      // Some generators break long texts without the leading space. Inside a component,
      // the text most likely belongs to the line before; elsewhere it is noise.
      if (depth > 0 && last !== undefined && raw.trim().length > 0) {
        last.text += `\\n${raw.trim()}`;
        continuations += 1;
      }
      continue;
    }
    const upper = raw.slice(0, 6).toUpperCase();
    if (upper === 'BEGIN:') depth += 1;
    else if (upper.startsWith('END:')) depth = Math.max(0, depth - 1);
    lines.push({ text: raw, line: i + 1 });
  }
  return { lines, continuations };
}

function componentName(text: string, keyword: 'BEGIN' | 'END'): string | undefined {
  if (text.length <= keyword.length + 1 || text[keyword.length] !== ':') return undefined;
  if (text.slice(0, keyword.length).toUpperCase() !== keyword) return undefined;
  return text.slice(keyword.length + 1).trim().toUpperCase();
}

export function splitIcs(text: string): IcsDocument {
  const { lines, continuations } = unfold(text);
  const document: IcsDocument = { blocks: [], properties: new Map(), continuations, unterminated: [] };
  let sawCalendar = false;
  let current: IcsBlock | undefined;
  let nested: string[] = [];

  const close = (block: IcsBlock) => {
    if (block.name !== 'VEVENT') for (let n = nested.length - 1; n >= 0; n--) block.lines.push(`END:${nested[n] as string}`);
    block.lines.push(`END:${block.name}`);
    document.unterminated.push(block.line);
    document.blocks.push(block);
    nested = [];
  };

  for (const { text: line, line: number } of lines) {
    const begin = componentName(line, 'BEGIN');
    const end = componentName(line, 'END');
    if (current !== undefined) {
      if (begin === 'VEVENT' || begin === 'VTIMEZONE' || begin === 'VCALENDAR' || (end === 'VCALENDAR' && nested.length === 0)) {
        close(current);
        current = undefined;
      } else {
        if (end === current.name) {
          // Closes the block, and any nested component (a VALARM) left open inside it.
          if (current.name !== 'VEVENT') for (let n = nested.length - 1; n >= 0; n--) current.lines.push(`END:${nested[n] as string}`);
          nested = [];
          current.lines.push(line);
          document.blocks.push(current);
          current = undefined;
          continue;
        }
        const keep = current.name !== 'VEVENT' || (nested.length === 0 && begin === undefined && eventProperties.has(propertyName(line)));
        if (keep) current.lines.push(line);
        if (begin !== undefined) nested.push(begin);
        else if (end !== undefined && nested[nested.length - 1] === end) nested.pop();
        continue;
      }
    }
    if (begin === 'VCALENDAR') {
      sawCalendar = true;
    } else if (begin === 'VEVENT' || begin === 'VTIMEZONE') {
      current = { name: begin, line: number, lines: [line] };
    } else if (begin === undefined && end === undefined) {
      const name = /^[A-Za-z0-9-]+/.exec(line)?.[0].toUpperCase();
      const colon = line.indexOf(':');
      if (name !== undefined && colon > 0 && !document.properties.has(name)) document.properties.set(name, line.slice(colon + 1).trim());
    }
  }
  if (current !== undefined) close(current);
  if (!sawCalendar && !document.blocks.some((b) => b.name === 'VEVENT')) {
    throw new DomainError('unreadable_input', 'not an iCalendar file: it has no BEGIN:VCALENDAR and no BEGIN:VEVENT line', [
      { field: 'file', message: 'not iCalendar' },
    ]);
  }
  return document;
}
