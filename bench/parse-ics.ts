/*
 * Parsing alone (no database) of an iCalendar file with 10,000 VEVENTs, the parser
 * half of the import target (10,000 events with recurrences imported in under 3 s).
 *
 *   node bench/parse-ics.ts            (or: npm run bench -- parse-ics)
 *
 * The calendar (Europe/Berlin with its VTIMEZONE) holds 9,500 single events of 400
 * productions (LOCATION, CATEGORIES, DESCRIPTION with escapes and umlauts, folded lines,
 * every tenth in a Windows zone name) and 500 weekly series (RRULE COUNT=10, every
 * fifth with an EXDATE, an RDATE and a RECURRENCE-ID override): 14,500 performances.
 * Prints one JSON line per run: the first run is cold (as in `foyer import`), the
 * others warm; then the median of the warm runs. cpuMs is the process's CPU time for
 * the run, which says more than the wall time `ms` on a machine busy with other work.
 */
import { parseIcs } from '../src/catalogue/import/ics.ts';
import { readBatch } from '../src/catalogue/import/detect.ts';

const SINGLE = 9_500;
const SERIES = 500;
const RUNS = 6;

function stamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}00`;
}

/** RFC 5545 folding at 75 octets, which may split a multi-byte character. */
function fold(line: string): Buffer {
  const bytes = Buffer.from(line, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 74) parts.push(bytes.subarray(i, i + 74));
  return Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [part] : [Buffer.from('\r\n '), part])));
}

function calendar(): { bytes: Buffer; events: number } {
  const lines: (string | Buffer)[] = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Foyer//bench parse-ics//DE',
    'BEGIN:VTIMEZONE', 'TZID:Europe/Berlin',
    'BEGIN:DAYLIGHT', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'DTSTART:19700329T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'END:DAYLIGHT',
    'BEGIN:STANDARD', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'DTSTART:19701025T030000', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'END:STANDARD',
    'END:VTIMEZONE',
  ];
  const venues = ['Großes Haus', 'Kammerspiele', 'Studiobühne', 'Museum am Fluss'];
  for (let i = 0; i < SINGLE; i += 1) {
    const start = new Date(Date.UTC(2026, 8, 1 + (i % 300), 19, 30));
    const zone = i % 10 === 0 ? 'W. Europe Standard Time' : 'Europe/Berlin';
    lines.push(
      'BEGIN:VEVENT', `UID:single-${i}@bench.foyer`, 'DTSTAMP:20260801T120000Z',
      `DTSTART;TZID=${zone}:${stamp(start)}`, `DTEND;TZID=${zone}:${stamp(new Date(start.getTime() + 150 * 60_000))}`,
      `SUMMARY:Die Räuber – Fassung ${i % 400}`, `LOCATION:${venues[i % venues.length] ?? ''}`, 'CATEGORIES:Schauspiel,Klassiker',
      fold(`DESCRIPTION:Ein Abend über Freiheit\\, Macht und Verrat\\; über Brüder\\nund Väter. Schillers Drama in einer Fassung für das Große Haus (${i}).`),
      `URL:https://theater.example/spielplan/${i}`, 'END:VEVENT',
    );
  }
  for (let s = 0; s < SERIES; s += 1) {
    const start = new Date(Date.UTC(2026, 8, 1 + (s % 60), 11, 0));
    lines.push('BEGIN:VEVENT', `UID:series-${s}@bench.foyer`, `DTSTART;TZID=Europe/Berlin:${stamp(start)}`, 'DURATION:PT1H30M',
      'RRULE:FREQ=WEEKLY;COUNT=10', `SUMMARY:Führung ${s}`, 'CATEGORIES:Führung', 'LOCATION:Museum am Fluss');
    if (s % 5 === 0) {
      lines.push(`EXDATE;TZID=Europe/Berlin:${stamp(new Date(start.getTime() + 7 * 86_400_000))}`,
        `RDATE;TZID=Europe/Berlin:${stamp(new Date(start.getTime() + 3 * 86_400_000))}`);
    }
    lines.push('END:VEVENT');
    if (s % 5 === 0) {
      const moved = new Date(start.getTime() + 14 * 86_400_000);
      lines.push('BEGIN:VEVENT', `UID:series-${s}@bench.foyer`, `RECURRENCE-ID;TZID=Europe/Berlin:${stamp(moved)}`,
        `DTSTART;TZID=Europe/Berlin:${stamp(new Date(moved.getTime() + 3_600_000))}`, 'DURATION:PT1H30M', `SUMMARY:Führung ${s}`, 'END:VEVENT');
    }
  }
  lines.push('END:VCALENDAR');
  const crlf = Buffer.from('\r\n');
  return { bytes: Buffer.concat(lines.flatMap((line) => [typeof line === 'string' ? Buffer.from(line, 'utf8') : line, crlf])), events: SINGLE + SERIES };
}

const { bytes, events } = calendar();
const options = { timeZone: 'Europe/Berlin', language: 'de' as const, now: new Date('2026-08-01T00:00:00Z') };
const warm: number[] = [];
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
for (let run = 0; run < RUNS; run += 1) {
  const started = performance.now();
  const cpuStarted = cpuMs();
  const batch = readBatch({ bytes, format: 'auto', name: 'bench.ics' }, options);
  const ms = performance.now() - started;
  const cpu = cpuMs() - cpuStarted;
  if (run > 0) warm.push(ms);
  console.log(JSON.stringify({
    bench: 'parse-ics', run, cold: run === 0, parser: 'ical.js', bytes: bytes.length, vevents: events,
    performances: batch.performances.length, productions: batch.productions.length, skipped: batch.skipped.length, ms: Math.round(ms), cpuMs: Math.round(cpu),
  }));
}
warm.sort((a, b) => a - b);
const text = bytes.toString('utf8');
const started = performance.now();
parseIcs(text, options);
console.log(JSON.stringify({
  bench: 'parse-ics', summary: true, vevents: events, warmMedianMs: Math.round(warm[Math.floor(warm.length / 2)] ?? 0),
  textOnlyMs: Math.round(performance.now() - started), node: process.version,
}));
