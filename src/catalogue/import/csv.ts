import { type CsvRow, findHeaderRow, isEmptyRow, readCsvRows } from '../../core/csv.ts';
import { DomainError } from '../../core/errors.ts';
import { createBatchBuilder, emptyProduction, type BatchBuilder } from './batch.ts';
import { classifyWords, multiLine, oneLine, splitWords, titleRef } from './classify.ts';
import { headerScore, mapColumns, type ColumnMap } from './csv-columns.ts';
import { readCount, readDate, readStatus, readTime, readTimeRange, type CellDate, type CellDateTime, type CellTime } from './csv-values.ts';
import { addDays, midnight, toIso, wallToUtc } from './local-time.ts';
import { ageRange, durationMinutes } from './measures.ts';
import type { CsvField, CsvParseOptions, ImportBatch, ImportedPerformance, ImportedPrice } from './model.ts';
import { parseAmounts } from './prices.ts';
import { progressReporter } from './progress.ts';

/*
 * CSV exports of ticketing systems and spreadsheets to an ImportBatch: one row per
 * performance, the production is the title (or a production id column). The delimiter
 * is detected (';' as German Excel writes, ',' or tab); the header row may come after a
 * few title lines; 'row N' in the report is the line in the file where the row starts.
 */

type Row = CsvRow;

function unreadable(message: string): DomainError {
  return new DomainError('unreadable_input', message, [{ field: 'file', message }]);
}

export function parseCsv(text: string, options: CsvParseOptions): ImportBatch {
  const rows = readCsvRows(text);
  const headerAt = findHeaderRow(rows, (cells) => headerScore(cells, options.columns) >= 2);
  if (headerAt < 0) {
    throw unreadable('no header row found: the first lines name no columns such as Titel/Title and Datum/Date (name the columns with a column mapping)');
  }
  const header = rows[headerAt] as Row;
  const map = mapColumns(header.cells, options.columns);
  if (map.fields.title === undefined) throw unreadable('no title column: expected one named Titel, Title, Stück or Veranstaltung, or a mapping for "title"');
  if (map.fields.date === undefined && map.fields.start === undefined) throw unreadable('no date column: expected one named Datum, Date or Termin, or a mapping for "date"');

  const builder = createBatchBuilder('csv');
  if (map.unknown.length > 0) builder.warn(`columns not imported: ${map.unknown.map((name) => `"${name}"`).join(', ')}`, `row ${header.line}`);
  const unknownStatuses = new Map<string, { where: string; rows: number }>();
  const dataRows = rows.slice(headerAt + 1);
  const progress = progressReporter(dataRows.length, options.onProgress);
  dataRows.forEach((row, index) => {
    readRow(row, map, builder, options, unknownStatuses);
    progress.tick(index + 1);
  });
  for (const [value, seen] of unknownStatuses) {
    builder.warn(`status "${value}" is not known (${seen.rows} row(s)): imported as scheduled; known are e.g. abgesagt, ausverkauft, verschoben`, seen.where);
  }
  progress.finish();
  return builder.build();
}

type Cell = (field: CsvField) => string | undefined;

/** The start of a row: date and time in the house zone, or as the cell's own offset says. 24:00 is the next day's 00:00. */
function instantOf(at: CellDateTime, time: CellTime | undefined, zone: string): number {
  if (time === undefined) return midnight(at.date, zone);
  const day: CellDate = time.nextDay === true ? addDays(at.date, 1) : at.date;
  const wall = { year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute, second: time.second };
  if (at.offsetMinutes === undefined) return wallToUtc(wall, zone);
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - at.offsetMinutes * 60_000;
}

function readRow(row: Row, map: ColumnMap, builder: BatchBuilder, options: CsvParseOptions, unknownStatuses: Map<string, { where: string; rows: number }>): void {
  if (isEmptyRow(row)) return;
  const where = `row ${row.line}`;
  const cell: Cell = (field) => {
    const index = map.fields[field];
    const value = index === undefined ? undefined : row.cells[index]?.trim();
    return value === undefined || value.length === 0 ? undefined : value;
  };
  const title = oneLine(cell('title'));
  if (title === undefined) return builder.skip(where, 'has no title');
  const dateText = map.fields.date === undefined ? cell('start') : cell('date');
  const date = readDate(dateText);
  if (date === undefined) return builder.skip(where, 'has no date');
  if (date === 'invalid') return builder.skip(where, `date "${dateText ?? ''}" is not a date (expected e.g. 24.12.2026 or 2026-12-24)`);
  // A start column wins over a time in the date cell: spreadsheets write dates as "2026-12-19 00:00:00".
  let time = date.time;
  let rangeEnd = date.endTime;
  const startText = map.fields.date === undefined ? undefined : cell('start');
  if (startText !== undefined) {
    const read = readTimeRange(startText);
    const full = read === 'invalid' ? readDate(startText) : undefined;
    if (read !== 'invalid') {
      time = read.start;
      if (read.end !== undefined) rangeEnd = read.end;
    } else if (full !== undefined && full !== 'invalid' && full.time !== undefined) time = full.time;
    else return builder.skip(where, `start time "${startText}" is not a time (expected e.g. 19:30)`);
  }
  const start = instantOf(date, time, options.timeZone);

  const productionRef = cell('productionId') ?? titleRef(title);
  const words = classifyWords(splitWords(cell('category') ?? ''));
  const { min, max } = ageRange(cell('age'));
  const production = emptyProduction(productionRef, { [options.language]: title }, where);
  Object.assign(production, { genres: words.genres, tags: words.tags });
  const optional = {
    subtitle: oneLine(cell('subtitle')) === undefined ? undefined : { [options.language]: oneLine(cell('subtitle')) },
    description: multiLine(cell('description')) === undefined ? undefined : { [options.language]: multiLine(cell('description')) },
    audience: words.audience,
    ageMin: min,
    ageMax: max,
    durationMinutes: durationMinutes(cell('duration')),
    performanceLanguage: oneLine(cell('language')),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(production, { [key]: value });
  builder.addProduction(production);

  const performance: ImportedPerformance = {
    ref: cell('id') ?? `${productionRef}@${toIso(start)}`,
    productionRef,
    startsAt: toIso(start),
    status: 'scheduled',
    prices: prices(cell('price'), where, builder, options),
    where,
  };
  const end = endOf(cell('end'), date, time, rangeEnd, start, options.timeZone);
  if (end === 'invalid') builder.warn(`end "${cell('end') ?? ''}" is not a time: left out`, where);
  else if (end !== undefined && end > start) performance.endsAt = toIso(end);
  if (time === undefined) performance.allDay = true;
  const status = readStatus(cell('status'));
  if (status === 'invalid') {
    const value = cell('status') ?? '';
    const seen = unknownStatuses.get(value);
    if (seen === undefined) unknownStatuses.set(value, { where, rows: 1 });
    else seen.rows += 1;
  } else if (status !== undefined) performance.status = status;
  const capacity = readCount(cell('capacity'));
  if (capacity === 'invalid') builder.warn(`capacity "${cell('capacity') ?? ''}" is not a number: left out`, where);
  else if (capacity !== undefined) performance.capacity = capacity;
  const venue = oneLine(cell('venue'));
  if (venue !== undefined) performance.venueRef = builder.addVenue({ ref: venue, name: venue, where });
  const hall = oneLine(cell('hall'));
  if (hall !== undefined) performance.hallName = hall;
  const url = oneLine(cell('url'));
  if (url !== undefined) performance.bookingUrl = url;
  builder.addPerformance(performance);
}

/**
 * The end: a time on the start's day (past midnight: the next day), or a date with a
 * time; without an end column, the end of a range in the date or start cell ("19:30-21:30").
 * All-day rows end at the next midnight.
 */
function endOf(
  text: string | undefined,
  date: CellDateTime,
  time: CellTime | undefined,
  rangeEnd: CellTime | undefined,
  start: number,
  zone: string,
): number | 'invalid' | undefined {
  const endTime = text === undefined ? rangeEnd : readTime(text);
  if (text === undefined && endTime === undefined) return time === undefined ? midnight(addDays(date.date, 1), zone) : undefined;
  if (endTime !== 'invalid' && endTime !== undefined) {
    const sameDay = instantOf(date, endTime, zone);
    return sameDay > start ? sameDay : instantOf({ ...date, date: addDays(date.date, 1) }, endTime, zone);
  }
  const full = readDate(text);
  if (full === undefined || full === 'invalid') return 'invalid';
  return full.time === undefined ? midnight(addDays(full.date, 1), zone) : instantOf(full, full.time, zone);
}

function prices(text: string | undefined, where: string, builder: BatchBuilder, options: CsvParseOptions): ImportedPrice[] {
  if (text === undefined) return [];
  const amounts = parseAmounts(text);
  if (amounts === undefined) {
    builder.warn(`price "${text}" is not an amount: left out`, where);
    return [];
  }
  const currency = options.currency ?? 'EUR';
  if (amounts.length === 1) return [{ name: 'Standard', amountMinor: amounts[0]?.amountMinor ?? 0, currency: amounts[0]?.currency ?? currency }];
  const label = options.language === 'de' ? 'Kategorie' : 'Category';
  return amounts.map((amount, index) => ({ name: `${label} ${index + 1}`, amountMinor: amount.amountMinor, currency: amount.currency ?? currency }));
}
