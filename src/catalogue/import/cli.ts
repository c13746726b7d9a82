import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import { loadConfig } from '../../config.ts';
import { type Clock, systemClock } from '../../core/clock.ts';
import { type Database, openDatabase } from '../../core/db/database.ts';
import { migrateToLatest } from '../../core/db/migrate.ts';
import { DomainError } from '../../core/errors.ts';
import type { ImportReport } from './model.ts';
import { megabytes } from './fetch.ts';
import { createImportService, type ImportLimits, type ImportProgress, type ImportSource } from './service.ts';
import * as store from './store.ts';

/* `foyer import FILE|URL`: the same import as the API and the web app, from a terminal. */

export interface ImportCommandOptions {
  house?: string;
  unit?: string;
  format?: string;
  dryRun?: boolean;
  json?: boolean;
}

export interface ImportCommandDeps {
  database: Database;
  clock: Clock;
  limits: ImportLimits;
  /** Where the report goes (stdout). */
  print(text: string): void;
  /** Where the progress bar goes: stderr when it is a terminal, otherwise nowhere. */
  progress: NodeJS.WriteStream | undefined;
}

/** With exactly one house in the database --house is not needed. */
export async function houseFor(database: Database, idOrSlug: string | undefined) {
  if (idOrSlug !== undefined) {
    const house = await store.findHouseByIdOrSlug(database.db, idOrSlug);
    if (house === undefined) throw new DomainError('not_found', `there is no house "${idOrSlug}"`);
    return house;
  }
  const houses = await store.listHouses(database.db);
  if (houses.length === 1) return houses[0] as (typeof houses)[number];
  if (houses.length === 0) throw new DomainError('not_found', 'there is no house yet: run `foyer demo`, or open the web app to set one up');
  throw new DomainError(
    'validation',
    `there are ${houses.length} houses, name one with --house: ${houses.map((h) => `${h.slug} (${h.name})`).join(', ')}`,
    [{ field: 'house', message: 'required when there is more than one house' }],
  );
}

async function sourceFor(target: string, maxBytes: number): Promise<ImportSource> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return { kind: 'url', url: target };
  return { kind: 'file', ...(await readLocalFile(target, maxBytes)) };
}

/** The size is looked at before the file is read: a 4 GB file is refused, not loaded into memory first. */
export async function readLocalFile(target: string, maxBytes: number): Promise<{ name: string; bytes: Uint8Array }> {
  const cannotRead = (error: unknown) => {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    return new DomainError('unreadable_input', `cannot read ${target}: ${reason}`);
  };
  let size: number;
  try {
    const info = await stat(target);
    if (!info.isFile()) throw new DomainError('unreadable_input', `cannot read ${target}: not a file`);
    size = info.size;
  } catch (error) {
    throw error instanceof DomainError ? error : cannotRead(error);
  }
  if (size > maxBytes) {
    const message = `${target} is ${megabytes(size)}, more than the import limit of ${megabytes(maxBytes)} (FOYER_IMPORT_MAX_MB)`;
    throw new DomainError('validation', `file: ${message}`, [{ field: 'file', message }]);
  }
  try {
    return { name: basename(target), bytes: await readFile(target) };
  } catch (error) {
    throw cannotRead(error);
  }
}

const phaseNames: Record<ImportProgress['phase'], string> = { fetch: 'fetching', parse: 'reading  ', write: 'writing  ' };

/** A bar per phase on the terminal; nothing at all when stderr is a pipe or a file. */
export function progressBar(stream: NodeJS.WriteStream | undefined) {
  if (stream === undefined) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({ stream, format: '{phase} |{bar}| {value}/{total}', hideCursor: true, clearOnComplete: true }, undefined);
  let phase: ImportProgress['phase'] | undefined;
  return {
    update(progress: ImportProgress) {
      if (progress.phase !== phase) {
        if (phase !== undefined) bar.stop();
        phase = progress.phase;
        bar.start(Math.max(progress.total, 1), progress.done, { phase: phaseNames[progress.phase] });
      } else {
        bar.setTotal(Math.max(progress.total, 1));
        bar.update(progress.done);
      }
    },
    stop() {
      if (phase !== undefined) bar.stop();
    },
  };
}

function counts(label: string, c: { created: number; updated: number; unchanged: number }): string {
  return `  ${label.padEnd(13)} ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;
}

/** The readable summary: totals, each kind, then every skipped item and warning. */
export function formatReport(report: ImportReport, source: string, houseName: string): string {
  const lines = [
    `${report.dryRun ? 'Dry run of' : 'Imported'} ${source} (${report.format}) into ${houseName}${report.dryRun ? ': nothing was written' : ''}`,
    `  ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.skipped.length} skipped`,
    counts('venues', report.details.venues),
    counts('productions', report.details.productions),
    counts('performances', report.details.performances),
    `${counts('prices', report.details.priceCategories)}, ${report.details.priceCategories.removed} removed`,
  ];
  if (report.skipped.length > 0) {
    lines.push(`skipped (${report.skipped.length}):`);
    for (const skip of report.skipped) lines.push(`  ${skip.where}: ${skip.reason}`);
  }
  if (report.warnings.length > 0) {
    lines.push(`warnings (${report.warnings.length}):`);
    for (const warning of report.warnings) lines.push(`  ${warning.where === undefined ? '' : `${warning.where}: `}${warning.message}`);
  }
  return lines.join('\n');
}

export async function runImportCommand(deps: ImportCommandDeps, target: string, options: ImportCommandOptions): Promise<ImportReport> {
  const house = await houseFor(deps.database, options.house);
  let unitId: string | null = null;
  if (options.unit !== undefined) {
    const unit = await store.findUnit(deps.database.db, house.id, options.unit);
    if (unit === undefined) throw new DomainError('not_found', `house ${house.slug} has no unit "${options.unit}"`);
    unitId = unit.id;
  }
  const source = await sourceFor(target, deps.limits.importMaxBytes);
  const imports = createImportService({ database: deps.database, clock: deps.clock, limits: deps.limits });
  const bar = progressBar(deps.progress);
  let report: ImportReport;
  try {
    ({ report } = await imports.runImport(
      { houseId: house.id, unitId: null },
      { source, format: options.format ?? 'auto', dryRun: options.dryRun ?? false, unitId, actor: 'cli', onProgress: (p) => bar.update(p) },
    ));
  } finally {
    bar.stop();
  }
  deps.print(options.json === true ? JSON.stringify(report) : formatReport(report, target, house.name));
  return report;
}

export function importCommand(): Command {
  return new Command('import')
    .description('import a programme from an iCalendar, JSON-LD or CSV file or URL (one transaction; re-importing updates)')
    .argument('<source>', 'a file path or an http(s) URL')
    .option('--house <id-or-slug>', 'the house to import into (not needed when there is only one)')
    .option('--unit <slug>', 'the unit the imported productions belong to')
    .addOption(new Option('--format <format>', 'the input format').choices(['auto', 'ics', 'jsonld', 'csv']).default('auto'))
    .option('--dry-run', 'report what would change and write nothing')
    .option('--json', 'print the report as one JSON object (created, updated, unchanged, skipped, warnings, details)')
    .addHelpText(
      'after',
      '\nExamples:\n  foyer import spielplan.ics --dry-run\n  foyer import https://tickets.example/feed.ics --unit junges-haus --json',
    )
    .action(async (target: string, options: ImportCommandOptions) => {
      const config = loadConfig();
      const database = await openDatabase(config.database);
      try {
        await migrateToLatest(database);
        await runImportCommand(
          {
            database,
            clock: systemClock,
            limits: config,
            print: (text) => process.stdout.write(`${text}\n`),
            progress: process.stderr.isTTY ? process.stderr : undefined,
          },
          target,
          options,
        );
      } finally {
        await database.close();
      }
    });
}
