import { Command, Option } from 'commander';
import type { Database } from '../../core/db/database.ts';
import { DomainError } from '../../core/errors.ts';
import { type CommandDeps, readLocalFile, withCommandDeps, withProgressBar } from '../../core/import/cli.ts';
import { issueLines } from '../../core/import/report.ts';
import type { ImportReport } from './model.ts';
import { createImportService, type ImportLimits, type ImportSource } from './service.ts';
import * as store from './store.ts';

/* `foyer import FILE|URL`: the same import as the API and the web app, from a terminal. */

export interface ImportCommandOptions {
  house?: string;
  unit?: string;
  format?: string;
  dryRun?: boolean;
  json?: boolean;
}

export interface ImportCommandDeps extends CommandDeps {
  limits: ImportLimits;
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

/** The unit named by --unit, of the house named by --house; null without --unit. */
export async function unitFor(database: Database, house: { id: string; slug: string }, idOrSlug: string | undefined): Promise<string | null> {
  if (idOrSlug === undefined) return null;
  const unit = await store.findUnit(database.db, house.id, idOrSlug);
  if (unit === undefined) throw new DomainError('not_found', `house ${house.slug} has no unit "${idOrSlug}"`);
  return unit.id;
}

async function sourceFor(target: string, maxBytes: number): Promise<ImportSource> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return { kind: 'url', url: target };
  return { kind: 'file', ...(await readLocalFile(target, maxBytes)) };
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
  return [...lines, ...issueLines(report)].join('\n');
}

export async function runImportCommand(deps: ImportCommandDeps, target: string, options: ImportCommandOptions): Promise<ImportReport> {
  const house = await houseFor(deps.database, options.house);
  const unitId = await unitFor(deps.database, house, options.unit);
  const source = await sourceFor(target, deps.limits.importMaxBytes);
  const imports = createImportService({ database: deps.database, clock: deps.clock, limits: deps.limits });
  const { report } = await withProgressBar(deps.progress, (onProgress) =>
    imports.runImport(
      { houseId: house.id, unitId: null },
      { source, format: options.format ?? 'auto', dryRun: options.dryRun ?? false, unitId, actor: 'cli', onProgress },
    ),
  );
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
    .action((target: string, options: ImportCommandOptions) => withCommandDeps((deps) => runImportCommand(deps, target, options)));
}
