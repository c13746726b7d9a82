import { binaryKind, type CsvRow, decodeText, findHeaderRow, isEmptyRow, readCsvRows } from '../../core/csv.ts';
import { DomainError } from '../../core/errors.ts';
import { isContactHeader } from '../import/columns.ts';
import { normaliseContactEmail } from '../model.ts';

/*
 * A static list from a CSV file: the addresses in its e-mail column (the same header
 * names the contact import knows: E-Mail, Email, E-Mail-Adresse, …), in the encodings
 * and with the delimiters the shared CSV reader handles. Pure: bytes in, addresses out.
 */

export interface ListedAddress {
  row: number;
  email: string;
}

export interface MemberFile {
  addresses: ListedAddress[];
  invalid: { row: number; value: string; reason: string }[];
}

function unreadable(message: string): DomainError {
  return new DomainError('unreadable_input', message, [{ field: 'file', message }]);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function readMemberFile(bytes: Uint8Array): MemberFile {
  const binary = binaryKind(bytes);
  if (binary !== undefined) throw unreadable(`this is a ${binary === 'pdf' ? 'PDF' : 'spreadsheet workbook'}, not a CSV file: save the list as CSV and upload that`);
  const rows = readCsvRows(decodeText(bytes).text);
  const headerAt = findHeaderRow(rows, (cells) => isContactHeader(cells, undefined));
  if (headerAt < 0) throw unreadable('no header row with an e-mail column in the first lines: expected a column named E-Mail or Email');
  const header = rows[headerAt] as CsvRow;
  const column = header.cells.findIndex((cell) => isContactHeader([cell], undefined));
  const addresses: ListedAddress[] = [];
  const invalid: MemberFile['invalid'] = [];
  const seen = new Set<string>();
  for (const row of rows.slice(headerAt + 1)) {
    if (isEmptyRow(row)) continue;
    const value = (row.cells[column] ?? '').trim();
    if (value === '') {
      invalid.push({ row: row.line, value, reason: 'no e-mail address' });
      continue;
    }
    if (!EMAIL.test(value)) {
      invalid.push({ row: row.line, value, reason: 'not an e-mail address' });
      continue;
    }
    const email = normaliseContactEmail(value);
    if (seen.has(email)) continue;
    seen.add(email);
    addresses.push({ row: row.line, email });
  }
  return { addresses, invalid };
}
