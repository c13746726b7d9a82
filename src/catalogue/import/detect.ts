import { binaryKind, decodeText, WINDOWS_1252_WARNING } from '../../core/csv.ts';
import { DomainError } from '../../core/errors.ts';
import { parseCsv } from './csv.ts';
import { parseIcs } from './ics.ts';
import { parseJsonLd } from './jsonld.ts';
import type { CsvColumns, ImportBatch, ImportFormat, ParseOptions } from './model.ts';

/*
 * Bytes in, ImportBatch out: which format a file is in (its content first, as feeds are
 * often served with a wrong content type; then the content type; then the file name),
 * how its text is encoded, and which parser reads it.
 */

export type { Decoded, Encoding } from '../../core/csv.ts';
export { decodeText };

export interface ReadInput {
  bytes: Uint8Array;
  /** 'auto' (or nothing) detects the format. */
  format?: string;
  /** A file name or URL, for its extension. */
  name?: string;
  contentType?: string | null;
  columns?: CsvColumns;
}

const formats: readonly string[] = ['ics', 'jsonld', 'csv'] satisfies ImportFormat[];

function unreadable(message: string): DomainError {
  return new DomainError('unreadable_input', message, [{ field: 'file', message }]);
}

function expectedLength(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  return 2;
}

/**
 * iCalendar folds lines at 75 octets, and many writers fold in the middle of a UTF-8
 * character. The bytes of a character cut by a fold are moved behind the fold, so that
 * the file decodes as UTF-8 and unfolds to the same text. Line numbers stay as they are.
 */
export function repairFoldedUtf8(bytes: Uint8Array): Uint8Array {
  let out: Uint8Array | undefined;
  for (let i = 1; i < bytes.length - 1; i++) {
    if (bytes[i] !== 0x0a || (bytes[i + 1] !== 0x20 && bytes[i + 1] !== 0x09)) continue;
    const data = out ?? bytes;
    const lineEnd = data[i - 1] === 0x0d ? i - 1 : i;
    let continuation = 0;
    while (continuation < 3 && lineEnd - 1 - continuation >= 0 && ((data[lineEnd - 1 - continuation] as number) & 0xc0) === 0x80) continuation++;
    const leadAt = lineEnd - 1 - continuation;
    const lead = data[leadAt];
    if (lead === undefined || lead < 0xc0 || continuation + 1 >= expectedLength(lead)) continue;
    out ??= Uint8Array.from(bytes);
    const cut = out.slice(leadAt, lineEnd);
    const foldLength = i + 2 - lineEnd;
    out.copyWithin(leadAt, lineEnd, i + 2);
    out.set(cut, leadAt + foldLength);
  }
  return out ?? bytes;
}

function extension(name: string | undefined): string {
  if (name === undefined) return '';
  const path = name.split(/[?#]/)[0] ?? '';
  const dot = path.lastIndexOf('.');
  return dot < 0 || dot < path.lastIndexOf('/') ? '' : path.slice(dot + 1).toLowerCase();
}

/**
 * What a content type says. Servers often send calendars as text/plain or
 * application/octet-stream, which say nothing; browsers on Windows upload a .csv as
 * application/vnd.ms-excel (an actual .xls workbook is caught by its first bytes).
 */
const contentTypeFormats: ReadonlyMap<string, ImportFormat> = new Map([
  ['text/calendar', 'ics'],
  ['application/calendar', 'ics'],
  ['application/ics', 'ics'],
  ['application/ld+json', 'jsonld'],
  ['application/json', 'jsonld'],
  ['text/html', 'jsonld'],
  ['application/xhtml+xml', 'jsonld'],
  ['text/csv', 'csv'],
  ['application/csv', 'csv'],
  ['text/tab-separated-values', 'csv'],
  ['application/vnd.ms-excel', 'csv'],
]);

function formatOfType(contentType: string | null | undefined): ImportFormat | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return contentTypeFormats.get(type);
}

function formatOfName(name: string | undefined): ImportFormat | undefined {
  const ext = extension(name);
  if (['ics', 'ical', 'icalendar', 'ifb'].includes(ext)) return 'ics';
  if (['json', 'jsonld', 'html', 'htm'].includes(ext)) return 'jsonld';
  if (['csv', 'tsv', 'txt'].includes(ext)) return 'csv';
  return undefined;
}

/** The format of a file from its first bytes, else its content type, else its name. */
export function detectFormat(input: { bytes: Uint8Array; name?: string; contentType?: string | null }): ImportFormat {
  const { bytes } = input;
  const binary = binaryKind(bytes);
  if (binary === 'xlsx') throw unreadable('this is a ZIP archive or an Excel workbook (.xlsx), not a text file: save the sheet as CSV and import that');
  if (binary === 'xls') throw unreadable('this is an old Excel workbook (.xls), not a text file: save the sheet as CSV and import that');
  if (binary === 'pdf') throw unreadable('this is a PDF, which Foyer cannot import: use iCalendar, JSON-LD or CSV');
  const sample = decodeText(bytes.subarray(0, 4096)).text.replace(/^\uFEFF/, '').trimStart();
  if (/^BEGIN:VCALENDAR/i.test(sample) || /^BEGIN:VEVENT/im.test(sample)) return 'ics';
  if (sample.startsWith('{') || sample.startsWith('[')) return 'jsonld';
  const hint = formatOfType(input.contentType) ?? formatOfName(input.name);
  if (sample.startsWith('<')) {
    // A feed URL that answers with an error or login page instead of the calendar.
    if (hint === 'ics' || hint === 'csv') {
      throw unreadable(`expected ${hint === 'ics' ? 'an iCalendar file' : 'a CSV file'}, but this is an HTML page (an error or login page?)`);
    }
    return 'jsonld';
  }
  if (hint !== undefined) return hint;
  const firstLine = sample.split(/\r?\n/)[0] ?? '';
  if (/[;,\t]/.test(firstLine)) return 'csv';
  throw unreadable('the format of the file is not recognised: it is not iCalendar, JSON-LD or HTML, and not CSV (pass the format explicitly if it is one of these)');
}

/** Reads a file or download into a batch: detects the format and encoding, then parses. */
export function readBatch(input: ReadInput, options: ParseOptions): ImportBatch {
  const requested = input.format === undefined || input.format === 'auto' ? undefined : input.format;
  if (requested !== undefined && !formats.includes(requested)) throw unreadable(`unknown format "${requested}": use auto, ics, jsonld or csv`);
  const format = (requested as ImportFormat | undefined) ?? detectFormat(input);
  const decoded = decodeText(format === 'ics' ? repairFoldedUtf8(input.bytes) : input.bytes);
  const batch =
    format === 'ics'
      ? parseIcs(decoded.text, options)
      : format === 'jsonld'
        ? parseJsonLd(decoded.text, options)
        : parseCsv(decoded.text, input.columns === undefined ? options : { ...options, columns: input.columns });
  if (decoded.encoding === 'windows-1252') {
    batch.warnings.unshift({ message: WINDOWS_1252_WARNING });
  }
  return batch;
}
