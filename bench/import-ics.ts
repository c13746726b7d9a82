/*
 * Import of an iCalendar file with recurrences, end to end (parse + match + write) on
 * SQLite. Target (issue 2): a file of 10,000 events with recurrences in under 3 s.
 *
 *   npm run bench -- import-ics [--keep FILE.ics]
 *
 * Two generated calendars (Europe/Berlin, VTIMEZONE included), each of single events
 * (productions by SUMMARY with 10 dated performances each) and weekly series
 * (RRULE:FREQ=WEEKLY;COUNT=20, one production each; a quarter of them also carry one
 * EXDATE and one RDATE, so the count stays 20), at 4 venues (LOCATION):
 *   - "10,000 performances": 2,000 single events and 400 series;
 *   - "10,000 events": 9,000 single events and 1,000 series, 29,000 performances.
 * iCalendar carries no prices (those come with JSON-LD and CSV). Each calendar is
 * imported into a fresh SQLite file database under the temp folder through the import
 * service (the same path as `foyer import`), then the same file again: the second run
 * must find everything unchanged and write nothing. Prints one JSON line per run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createImportService } from '../src/catalogue/import/service.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { migrateToLatest } from '../src/core/db/migrate.ts';
import { insertTestHouse } from '../src/core/testing/app.ts';

const PERFORMANCES_PER_SINGLE_PRODUCTION = 10;
const SERIES_COUNT = 20;

interface Shape {
  name: string;
  singleProductions: number;
  series: number;
}

const shapes: Shape[] = [
  { name: '10,000 performances', singleProductions: 200, series: 400 },
  { name: '10,000 events', singleProductions: 900, series: 1000 },
];
const venues = ['Großes Haus', 'Kammerspiele', 'Studiobühne', 'Museum am Fluss'];

const vtimezone = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

function local(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}00`;
}

/** Wall-clock times in Europe/Berlin, built on UTC fields so the machine's zone does not matter. */
function day(offset: number, hour: number, minute = 0): Date {
  return new Date(Date.UTC(2026, 8, 1 + offset, hour, minute));
}

function generateCalendar(shape: Shape): { text: string; events: number; performances: number } {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Foyer//bench import-ics//DE', 'CALSCALE:GREGORIAN', ...vtimezone];
  let events = 0;
  let performances = 0;
  const stamp = 'DTSTAMP:20260801T120000Z';
  for (let p = 0; p < shape.singleProductions; p += 1) {
    for (let i = 0; i < PERFORMANCES_PER_SINGLE_PRODUCTION; i += 1) {
      const start = day((p * 7 + i * 11) % 300, 19, 30);
      const end = new Date(start.getTime() + 150 * 60_000);
      lines.push(
        'BEGIN:VEVENT',
        `UID:single-${p}-${i}@bench.foyer`,
        stamp,
        `DTSTART;TZID=Europe/Berlin:${local(start)}`,
        `DTEND;TZID=Europe/Berlin:${local(end)}`,
        `SUMMARY:Schauspiel Nr. ${p}: Die Räuber (Fassung ${p % 7})`,
        `DESCRIPTION:Ein Abend über Freiheit\\, Macht und Verrat. Produktion ${p}.`,
        `LOCATION:${venues[p % venues.length]}`,
        'CATEGORIES:Schauspiel',
        'END:VEVENT',
      );
      events += 1;
      performances += 1;
    }
  }
  for (let s = 0; s < shape.series; s += 1) {
    const start = day(s % 60, s % 2 === 0 ? 11 : 16);
    const event = [
      'BEGIN:VEVENT',
      `UID:series-${s}@bench.foyer`,
      stamp,
      `DTSTART;TZID=Europe/Berlin:${local(start)}`,
      'DURATION:PT1H30M',
      `RRULE:FREQ=WEEKLY;COUNT=${SERIES_COUNT}`,
      `SUMMARY:Führung ${s} durch die Sammlung`,
      `LOCATION:${venues[(s + 1) % venues.length]}`,
      'CATEGORIES:Führung',
    ];
    if (s % 4 === 0) {
      // Drop the third occurrence, add one the day after the last.
      event.push(`EXDATE;TZID=Europe/Berlin:${local(new Date(start.getTime() + 14 * 86_400_000))}`);
      event.push(`RDATE;TZID=Europe/Berlin:${local(new Date(start.getTime() + ((SERIES_COUNT - 1) * 7 + 1) * 86_400_000))}`);
    }
    event.push('END:VEVENT');
    lines.push(...event);
    events += 1;
    performances += SERIES_COUNT;
  }
  lines.push('END:VCALENDAR', '');
  return { text: lines.join('\r\n'), events, performances };
}

async function measure(shape: Shape) {
  const calendar = generateCalendar(shape);
  const bytes = new TextEncoder().encode(calendar.text);
  const keep = process.argv.indexOf('--keep');
  if (keep !== -1 && process.argv[keep + 1] !== undefined) writeFileSync(process.argv[keep + 1] as string, bytes);

  const folder = mkdtempSync(join(tmpdir(), 'foyer-bench-import-'));
  const database = await openDatabase({ engine: 'sqlite', url: join(folder, 'foyer.db') });
  try {
    await migrateToLatest(database);
    const { id: houseId } = await insertTestHouse({ database }, { slug: 'stadttheater-bench', name: 'Stadttheater Bench' });
    // "now" before the calendar starts, so that every occurrence lies ahead.
    const clock = { now: () => new Date('2026-08-15T08:00:00.000Z') };
    const imports = createImportService({ database, clock, limits: { fetchTimeoutMs: 30_000, importMaxBytes: 50 * 1024 * 1024 } });
    for (const run of ['first import', 're-import']) {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      let parsed = started;
      const { report } = await imports.runImport(
        { houseId, unitId: null },
        {
          source: { kind: 'file', name: 'bench.ics', bytes },
          format: 'ics',
          actor: 'bench',
          onProgress: (progress) => {
            if (progress.phase === 'parse') parsed = performance.now();
          },
        },
      );
      const ms = Math.round(performance.now() - started);
      const cpu = process.cpuUsage(cpuBefore);
      const rows = await database.db.selectFrom('performance').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      console.log(
        JSON.stringify({
          bench: 'import-ics',
          calendar: shape.name,
          run,
          engine: 'sqlite',
          events: calendar.events,
          performances: calendar.performances,
          bytes: bytes.byteLength,
          ms,
          // parse = reading the file and expanding recurrences; the rest is matching and writing.
          parseMs: Math.round(parsed - started),
          matchAndWriteMs: Math.round(performance.now() - parsed),
          // CPU time of this process (user + system): on a busy machine it says more than the wall clock.
          cpuMs: Math.round((cpu.user + cpu.system) / 1000),
          loadAverage: Math.round(loadavg()[0] as number * 100) / 100,
          performancesInDatabase: Number(rows.n),
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          skipped: report.skipped.length,
          warnings: report.warnings.length,
          details: report.details,
          targetMs: 3000,
          node: process.version,
        }),
      );
    }
  } finally {
    await database.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

for (const shape of shapes) await measure(shape);
