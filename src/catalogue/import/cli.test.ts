import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestClock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { insertTestHouse } from '../../core/testing/app.ts';
import { createFoyerCommand, type FoyerCommand } from '../../core/testing/cli.ts';
import { createTestDatabase, testEngine } from '../../core/testing/database.ts';
import { runImportCommand, type ImportCommandDeps } from './cli.ts';

const calendar = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Stadttheater//Spielplan//DE',
  'BEGIN:VEVENT',
  'UID:faust-1@stadttheater.example',
  'DTSTAMP:20260801T120000Z',
  'DTSTART;TZID=Europe/Berlin:20261002T193000',
  'DTEND;TZID=Europe/Berlin:20261002T223000',
  'SUMMARY:Faust',
  'LOCATION:Stadttheater',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:nodate@stadttheater.example',
  'SUMMARY:Ohne Datum',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('foyer import', () => {
  let database: Database;
  let folder: string;
  let printed: string[];
  let deps: ImportCommandDeps;

  beforeEach(async () => {
    database = await createTestDatabase();
    folder = mkdtempSync(join(tmpdir(), 'foyer-import-cli-'));
    printed = [];
    deps = {
      database,
      clock: createTestClock('2026-09-01T08:00:00.000Z'),
      limits: { fetchTimeoutMs: 1000, importMaxBytes: 1024 * 1024 },
      print: (text) => printed.push(text),
      progress: undefined,
    };
  });
  afterEach(async () => {
    await database.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('needs no --house when there is exactly one, and lists the houses when there are more', async () => {
    await insertTestHouse({ database }, { slug: 'stadttheater', name: 'Stadttheater' });
    const file = join(folder, 'nothing-here.ics');
    // With one house the command gets as far as reading the file.
    await expect(runImportCommand(deps, file, {})).rejects.toMatchObject({ code: 'unreadable_input', message: expect.stringContaining('no such file') });

    await insertTestHouse({ database }, { slug: 'museum', name: 'Museum' });
    await expect(runImportCommand(deps, file, {})).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/2 houses, name one with --house: .*museum \(Museum\).*stadttheater \(Stadttheater\)/),
    });
    await expect(runImportCommand(deps, file, { house: 'nowhere' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a file over the import limit before reading it, naming the limit', async () => {
    await insertTestHouse({ database }, { slug: 'stadttheater' });
    const file = join(folder, 'spielplan.ics');
    writeFileSync(file, calendar);
    await expect(runImportCommand({ ...deps, limits: { ...deps.limits, importMaxBytes: 200 } }, file, {})).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('more than the import limit of 0.2 kB (FOYER_IMPORT_MAX_MB)'),
    });
    expect(await database.db.selectFrom('import_run').select('id').execute()).toEqual([]);
  });

  it('refuses a unit the house does not have', async () => {
    await insertTestHouse({ database }, { slug: 'stadttheater' });
    await expect(runImportCommand(deps, join(folder, 'x.ics'), { unit: 'junges-haus' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'house stadttheater has no unit "junges-haus"',
    });
  });
});

// The command as a person runs it: a real process on a SQLite file.
describe.runIf(testEngine === 'sqlite')('the foyer import command', () => {
  let command: FoyerCommand;

  beforeEach(async () => {
    command = await createFoyerCommand('foyer-import-bin-');
  });
  afterEach(() => command.remove());

  const foyer = (...args: string[]) => command.run('import', ...args);

  it('exits non-zero naming the problem when the file cannot be read', () => {
    const result = foyer(join(command.folder, 'missing.ics'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('missing.ics: no such file');
    expect(result.stdout).toBe('');
  });

  it('prints the report as one JSON object with --json and writes nothing with --dry-run', () => {
    const file = join(command.folder, 'spielplan.ics');
    writeFileSync(file, calendar);
    const dry = foyer(file, '--json', '--dry-run');
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    const report = JSON.parse(dry.stdout);
    expect(report).toMatchObject({ created: expect.any(Number), updated: 0, unchanged: 0, dryRun: true, format: 'ics' });
    expect(report.details.performances.created).toBe(1);
    expect(report.skipped).toEqual([expect.objectContaining({ where: expect.any(String), reason: expect.any(String) })]);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['created', 'updated', 'unchanged', 'skipped', 'warnings', 'details']));

    const real = foyer(file);
    expect(real.status).toBe(0);
    expect(real.stdout).toContain('Imported');
    expect(real.stdout).toMatch(/performances\s+1 created/);
    expect(real.stdout).toContain('skipped (1):');

    const again = JSON.parse(foyer(file, '--json').stdout);
    expect(again.details.performances).toEqual({ created: 0, updated: 0, unchanged: 1 });
  });
});
