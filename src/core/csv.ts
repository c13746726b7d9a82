import { parse } from 'csv-parse/sync';
import { DomainError } from './errors.ts';

/*
 * Reading the CSV files people export from spreadsheets, ticketing and newsletter tools,
 * shared by every importer (catalogue, contacts, static segment lists): bytes to text in
 * whatever encoding Excel wrote, the delimiter it chose, and rows with the line in the
 * file where each starts. What the columns mean is the business of each importer.
 */

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface Decoded {
  text: string;
  encoding: Encoding;
}

/** The warning an importer gives when decodeText fell back to Windows-1252. */
export const WINDOWS_1252_WARNING = 'the file is not valid UTF-8: it was read as Windows-1252 (Western European); check umlauts and the euro sign';

/**
 * Decodes text: UTF-8 with or without a byte order mark, UTF-16 with one (Excel's
 * "Unicode text"), and Windows-1252 when the bytes are not valid UTF-8 (older Excel
 * and ticketing exports on Windows).
 */
export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    return { text: new TextDecoder('windows-1252').decode(bytes.subarray(start)), encoding: 'windows-1252' };
  }
}

/** Files that are no text at all, told by their first bytes: people upload the workbook instead of the CSV. */
export type BinaryKind = 'xlsx' | 'xls' | 'pdf';

export function binaryKind(bytes: Uint8Array): BinaryKind | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0x50 && b === 0x4b && c === 0x03 && d === 0x04) return 'xlsx';
  if (a === 0xd0 && b === 0xcf && c === 0x11 && d === 0xe0) return 'xls';
  if (a === 0x25 && b === 0x50 && c === 0x44 && d === 0x46) return 'pdf';
  return undefined;
}

/** Nothing but spaces, tabs, line ends and a UTF-8 byte order mark. */
export function isBlank(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== 0x0a && byte !== 0xef && byte !== 0xbb && byte !== 0xbf) return false;
  }
  return true;
}

export interface CsvRow {
  cells: string[];
  /** The line in the file where the row starts (1-based), for 'row N' in reports. */
  line: number;
}

/** How many rows from the top a header row is looked for in: title lines may come first. */
export const HEADER_SEARCH_ROWS = 10;

function unreadable(message: string): DomainError {
  return new DomainError('unreadable_input', message, [{ field: 'file', message }]);
}

/** In this order a tie is broken: ';' first, as German Excel writes it. */
const DELIMITERS = [';', '\t', ',', '|'] as const;

/**
 * The delimiter that splits the first lines most consistently: for each candidate, the
 * number of lines (outside quotes) in which it appears exactly as often as it does in
 * most lines. Title lines above the header ("Spielplan Herbst, 2026") may hold any of
 * them or none, so one line alone cannot decide; the header and the rows below it agree.
 * Among equally consistent ones, the one that makes more columns wins, then ';'.
 */
export function detectDelimiter(text: string): string {
  const lines = text.split('\n').filter((line) => line.trim().length > 0).slice(0, HEADER_SEARCH_ROWS * 2);
  const perLine = new Map<string, number[]>(DELIMITERS.map((d) => [d, []]));
  let quoted = false;
  for (const line of lines) {
    const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
    for (const char of line) {
      if (char === '"') quoted = !quoted;
      else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    for (const delimiter of DELIMITERS) perLine.get(delimiter)?.push(counts.get(delimiter) ?? 0);
  }
  let best: { delimiter: string; lines: number; columns: number } = { delimiter: ';', lines: 0, columns: 0 };
  for (const delimiter of DELIMITERS) {
    const frequency = new Map<number, number>();
    for (const count of perLine.get(delimiter) ?? []) if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    for (const [columns, lineCount] of frequency) {
      if (lineCount > best.lines || (lineCount === best.lines && columns > best.columns)) best = { delimiter, lines: lineCount, columns };
    }
  }
  return best.delimiter;
}

interface RecordWithInfo {
  record: string[];
  info: { lines: number };
}

/** csv-parse's types do not know that `info: true` wraps each record. */
function isRecordWithInfo(value: unknown): value is RecordWithInfo {
  if (typeof value !== 'object' || value === null || !('record' in value) || !('info' in value)) return false;
  const { record, info } = value;
  return Array.isArray(record) && typeof info === 'object' && info !== null && 'lines' in info && typeof info.lines === 'number';
}

function parseRows(text: string, delimiter: string, lineOffset: number): CsvRow[] {
  let parsed: unknown[];
  try {
    parsed = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true });
  } catch (error) {
    throw unreadable(`the CSV file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parsed.filter(isRecordWithInfo).map(({ record, info }) => {
    const breaks = record.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0);
    return { cells: record, line: info.lines - breaks + lineOffset };
  });
}

/**
 * The rows of a CSV text: the delimiter as Excel's "sep=;" first line names it, or
 * detected; empty lines skipped. Throws 'unreadable_input' when csv-parse gives up.
 */
export function readCsvRows(text: string): CsvRow[] {
  // csv-parse counts a CR LF inside quotes as two lines: with LF only, its line numbers are right.
  let body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let lineOffset = 0;
  let delimiter: string | undefined;
  const hint = /^sep=(.)\n/i.exec(body);
  if (hint !== null) {
    delimiter = hint[1];
    body = body.slice(hint[0].length);
    lineOffset = 1;
  }
  return parseRows(body, delimiter ?? detectDelimiter(body), lineOffset);
}

/** The index of the header row among the first rows, or -1: the first that `isHeader` accepts. */
export function findHeaderRow(rows: readonly CsvRow[], isHeader: (cells: readonly string[]) => boolean): number {
  return rows.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => isHeader(row.cells));
}

/** A header as it is compared: lower case, single spaces, no quotes, no trailing colon or unit in brackets. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/["']/g, '')
    .replace(/\s*\((?:€|eur|euro|chf|min|minuten|minutes)\)\s*$/, '')
    .replace(/\s*(?:in\s+)?(?:€|eur)$/, '')
    .replace(/[:*]+$/, '')
    .replace(/[_\s]+/g, ' ')
    .trim();
}

/** Whether a row holds nothing but empty cells (spreadsheets write rows of ;;;; under the data). */
export function isEmptyRow(row: CsvRow): boolean {
  return row.cells.every((cell) => cell.trim().length === 0);
}
