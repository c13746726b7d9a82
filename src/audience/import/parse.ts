import { oneLine } from '../../catalogue/import/classify.ts';
import { progressReporter } from '../../catalogue/import/progress.ts';
import { binaryKind, type CsvRow, decodeText, findHeaderRow, isEmptyRow, readCsvRows, WINDOWS_1252_WARNING } from '../../core/csv.ts';
import { DomainError } from '../../core/errors.ts';
import { marketingPurposes, normaliseContactEmail } from '../model.ts';
import { type ContactColumnMap, isContactHeader, mapContactColumns } from './columns.ts';
import type { ConsentAnswer, ContactColumns, ContactField, ContactRow, OrderInRow, ParsedContactFile, Warning } from './model.ts';
import { RowNotes } from './notes.ts';
import { isCancelledStatus, readBirthDateYear, readBirthYear, readConsentCell, readEmail, readInstant, readInterests, readLanguage } from './values.ts';

/*
 * A contact file to rows: bytes decoded as Excel wrote them, the header found (it names
 * an e-mail column), every cell read and checked. Pure: no database, no clock but the
 * `now` handed in. Personal data never goes into a message: the report names rows and
 * columns, because import runs are kept.
 */

export interface ContactParseOptions {
  /** The house's zone: dates without an offset are read in it. */
  timeZone: string;
  now: Date;
  columns?: ContactColumns;
  /** Called with (done, total) while reading large files, for progress bars. */
  onProgress?: (done: number, total: number) => void;
}

const MAX_NAME = 200;
const MAX_PHONE = 50;
const MAX_POSTAL_CODE = 16;

function unreadable(message: string): DomainError {
  return new DomainError('unreadable_input', message, [{ field: 'file', message }]);
}

export function readContactFile(bytes: Uint8Array, options: ContactParseOptions): ParsedContactFile {
  const binary = binaryKind(bytes);
  if (binary === 'xlsx') throw unreadable('this is an Excel workbook (.xlsx) or a ZIP archive, not a CSV file: save the sheet as CSV and import that');
  if (binary === 'xls') throw unreadable('this is an old Excel workbook (.xls), not a CSV file: save the sheet as CSV and import that');
  if (binary === 'pdf') throw unreadable('this is a PDF, not a CSV file: export the contacts as CSV and import that');
  const decoded = decodeText(bytes);
  const parsed = parseContactCsv(decoded.text, options);
  if (decoded.encoding === 'windows-1252') parsed.warnings.unshift({ message: WINDOWS_1252_WARNING });
  return parsed;
}

export function parseContactCsv(text: string, options: ContactParseOptions): ParsedContactFile {
  const rows = readCsvRows(text);
  const headerAt = findHeaderRow(rows, (cells) => isContactHeader(cells, options.columns));
  if (headerAt < 0) {
    const wanted = options.columns?.email;
    throw unreadable(
      wanted === undefined
        ? 'no header row with an e-mail column in the first lines: expected a column named E-Mail, Email or E-Mail-Adresse (or name it with a column mapping, e.g. {"email":"Mail"})'
        : `no header row with the e-mail column "${wanted}" in the first lines`,
    );
  }
  const header = rows[headerAt] as CsvRow;
  const map = mapContactColumns(header.cells, options.columns);
  const warnings: Warning[] = [];
  const headerWhere = `row ${header.line}`;
  if (map.unknown.length > 0) warnings.push({ where: headerWhere, message: `columns not imported: ${map.unknown.map((name) => `"${name}"`).join(', ')}` });
  if (map.fields.birthDate !== undefined) {
    const column = header.cells[map.fields.birthDate]?.trim() ?? '';
    warnings.push({
      where: headerWhere,
      message:
        map.fields.birthYear === undefined
          ? `column "${column}": only the year of birth is kept, never the date (Foyer needs no more for age bands)`
          : `column "${column}" not imported: the year of birth comes from its own column`,
    });
  }
  if (map.fields.orderCode !== undefined && map.fields.orderDate === undefined) {
    warnings.push({ where: headerWhere, message: 'no order date column: orders count from the time of the import, and their ticketing period with it' });
  }

  const notes = new RowNotes();
  const result: ContactRow[] = [];
  const skipped: ParsedContactFile['skipped'] = [];
  const dataRows = rows.slice(headerAt + 1).filter((row) => !isEmptyRow(row));
  const progress = progressReporter(dataRows.length, options.onProgress);
  const reader = rowReader(map, header.cells, options, notes);
  dataRows.forEach((row, index) => {
    const read = reader(row);
    if ('reason' in read) skipped.push({ where: `row ${row.line}`, reason: read.reason });
    else result.push(read);
    progress.tick(index + 1);
  });
  progress.finish();
  return {
    rows: result,
    skipped,
    warnings: [...warnings, ...notes.warnings()],
    hasConsentColumns: Object.keys(map.consents).length > 0,
    rowCount: dataRows.length,
  };
}

function rowReader(map: ContactColumnMap, header: readonly string[], options: ContactParseOptions, notes: RowNotes) {
  const columnName = (field: ContactField) => {
    const index = map.fields[field];
    return index === undefined ? field : (header[index]?.trim() ?? field);
  };
  const nowIso = options.now.toISOString();
  /** A date after the import is a typing error or a clock gone wrong: the import's own time is used. */
  const notFuture = (at: string | undefined, line: number, column: string): string | undefined => {
    if (at === undefined || at <= nowIso) return at;
    notes.add(`future:${column}`, line, `column "${column}": a date in the future is read as the time of the import`);
    return undefined;
  };

  return (row: CsvRow): ContactRow | { reason: string } => {
    const cell = (field: ContactField): string | undefined => {
      const index = map.fields[field];
      const value = index === undefined ? undefined : row.cells[index]?.trim();
      return value === undefined || value.length === 0 ? undefined : value;
    };
    const line = row.line;
    const email = readEmail(cell('email'));
    if (email === undefined) return { reason: 'has no e-mail address' };
    if (email === 'invalid') return { reason: `the e-mail address in column "${columnName('email')}" is not valid` };

    const contact: ContactRow = { line, email, emailNormalised: normaliseContactEmail(email), interests: [], consents: [] };
    const joined = [cell('firstName'), cell('lastName')].filter((part) => part !== undefined).join(' ');
    const name = oneLine(cell('name')) ?? oneLine(joined) ?? oneLine(cell('attendeeName'));
    if (name !== undefined && name.length <= MAX_NAME) contact.name = name;
    else if (name !== undefined) notes.add('long:name', line, `a name longer than ${MAX_NAME} characters is left out`);

    const phone = oneLine(cell('phone'));
    if (phone !== undefined && phone.length <= MAX_PHONE && /\d/.test(phone)) contact.phone = phone;
    else if (phone !== undefined) notes.add('bad:phone', line, `column "${columnName('phone')}": not a phone number, left out`);

    const language = readLanguage(cell('language'));
    if (language === 'invalid') notes.add(`language:${cell('language')?.toLowerCase()}`, line, `language "${cell('language')}" is not one Foyer writes in (de, en): left out`);
    else if (language !== undefined) contact.language = language;

    const postalCode = oneLine(cell('postalCode'));
    if (postalCode !== undefined && postalCode.length <= MAX_POSTAL_CODE) contact.postalCode = postalCode;
    else if (postalCode !== undefined) notes.add('bad:postalCode', line, `column "${columnName('postalCode')}": longer than ${MAX_POSTAL_CODE} characters, left out`);

    const birthYear = map.fields.birthYear === undefined ? readBirthDateYear(cell('birthDate'), options.now) : readBirthYear(cell('birthYear'), options.now);
    const birthColumn = columnName(map.fields.birthYear === undefined ? 'birthDate' : 'birthYear');
    if (birthYear === 'invalid') notes.add(`bad:${birthColumn}`, line, `column "${birthColumn}": not a year of birth, left out`);
    else if (birthYear !== undefined) contact.birthYear = birthYear;

    const interests = readInterests(cell('interests')?.replace(/\n/g, ','));
    contact.interests = interests.codes;
    for (const word of interests.unknown) notes.add(`interest:${word.toLowerCase()}`, line, `interest "${word}" is not a genre Foyer knows: left out`);

    const consentDate = readInstant(cell('consentDate'), undefined, options.timeZone);
    if (consentDate === 'invalid') notes.add('bad:consentDate', line, `column "${columnName('consentDate')}": not a date, so the consent counts from the time of the import`);
    const dated = notFuture(consentDate === 'invalid' ? undefined : consentDate, line, columnName('consentDate'));
    for (const purpose of marketingPurposes) {
      const column = map.consents[purpose];
      if (column === undefined) continue;
      const read = readConsentCell(row.cells[column.index], options.timeZone);
      if (read === undefined) continue;
      if (read === 'invalid') {
        const value = row.cells[column.index]?.trim() ?? '';
        notes.add(`consent:${column.header}:${value.toLowerCase()}`, line, `column "${column.header}": "${value}" is neither yes nor no, read as no answer`);
        continue;
      }
      const answer: ConsentAnswer = { purpose, answer: read.answer, column: column.header };
      const at = read.at === undefined ? dated : notFuture(read.at, line, column.header);
      if (read.answer === 'yes' && at !== undefined) answer.grantedAt = at;
      contact.consents.push(answer);
    }

    const code = oneLine(cell('orderCode'));
    if (code !== undefined) {
      const event = oneLine(cell('event'));
      const order: OrderInRow = { ref: event === undefined ? code : `${event}-${code}`, cancelled: isCancelledStatus(cell('orderStatus')) };
      const at = readInstant(cell('orderDate'), cell('orderTime'), options.timeZone);
      if (at === 'invalid') notes.add('bad:orderDate', line, `column "${columnName('orderDate')}": not a date, so the order counts from the time of the import`);
      const orderAt = notFuture(at === 'invalid' ? undefined : at, line, columnName('orderDate'));
      if (orderAt !== undefined) order.at = orderAt;
      contact.order = order;
    }
    return contact;
  };
}
