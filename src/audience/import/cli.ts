import { Command, Option } from 'commander';
import { houseFor, progressBar, readLocalFile } from '../../catalogue/import/cli.ts';
import { loadConfig } from '../../config.ts';
import { type Clock, systemClock } from '../../core/clock.ts';
import { type Database, openDatabase } from '../../core/db/database.ts';
import { migrateToLatest } from '../../core/db/migrate.ts';
import { DomainError } from '../../core/errors.ts';
import { parseContactColumns } from './columns.ts';
import { type ContactImportReport, importSources } from './model.ts';
import { createContactImportService } from './service.ts';
import * as store from './store.ts';

/* `foyer contacts import FILE`: the same contact import as the API, from a terminal. */

export interface ContactImportCommandOptions {
  house?: string;
  unit?: string;
  dryRun?: boolean;
  json?: boolean;
  source?: string;
  columns?: string;
}

export interface ContactImportCommandDeps {
  database: Database;
  clock: Clock;
  limits: { importMaxBytes: number };
  /** Where the report goes (stdout). */
  print(text: string): void;
  /** Where the progress bar goes: stderr when it is a terminal, otherwise nowhere. */
  progress: NodeJS.WriteStream | undefined;
}

/** The readable summary: totals, consents and bookings, then every skipped row and warning. */
export function formatContactReport(report: ContactImportReport, file: string, houseName: string): string {
  const { details } = report;
  const lines = [
    `${details.dryRun ? 'Dry run of' : 'Imported'} ${file} into ${houseName}${details.dryRun ? ': nothing was written' : ''}`,
    `  contacts      ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.skipped.length} row(s) skipped (${details.rows} rows read)`,
    `  consents      ${details.consents.granted} granted, ${details.consents.renewed} renewed, ${details.consents.unchanged} unchanged`,
    `  bookings      ${details.bookings.created} created, ${details.bookings.unchanged} unchanged`,
  ];
  if (details.ticketingOnly > 0) lines.push(`  ${details.ticketingOnly} row(s) with an order but no marketing consent: kept for ticketing only`);
  if (details.unitMemberships > 0) lines.push(`  ${details.unitMemberships} contact(s) added to the unit`);
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

export async function runContactImportCommand(deps: ContactImportCommandDeps, target: string, options: ContactImportCommandOptions): Promise<ContactImportReport> {
  const house = await houseFor(deps.database, options.house);
  let unitId: string | null = null;
  if (options.unit !== undefined) {
    const unit = await store.findUnit(deps.database.db, house.id, options.unit);
    if (unit === undefined) throw new DomainError('not_found', `house ${house.slug} has no unit "${options.unit}"`);
    unitId = unit.id;
  }
  const columns = options.columns === undefined ? undefined : parseContactColumns(options.columns);
  const file = await readLocalFile(target, deps.limits.importMaxBytes);
  const imports = createContactImportService({ database: deps.database, clock: deps.clock, limits: deps.limits });
  const bar = progressBar(deps.progress);
  let report: ContactImportReport;
  try {
    ({ report } = await imports.runImport(
      { houseId: house.id, unitId: null },
      {
        file,
        dryRun: options.dryRun ?? false,
        unitId,
        source: options.source ?? 'import',
        ...(columns === undefined ? {} : { columns }),
        actor: 'system:cli',
        onProgress: (p) => bar.update(p),
      },
    ));
  } finally {
    bar.stop();
  }
  deps.print(options.json === true ? JSON.stringify(report) : formatContactReport(report, target, house.name));
  return report;
}

export function contactImportCommand(): Command {
  return new Command('import')
    .description('import contacts from a CSV file of a ticketing or newsletter tool (one transaction; rows without a lawful basis are skipped)')
    .argument('<file>', 'a CSV file: a pretix order export, a newsletter tool export or a spreadsheet (German or English headers)')
    .option('--house <id-or-slug>', 'the house to import into (not needed when there is only one)')
    .option('--unit <slug>', 'the unit the contacts are imported for (they join its audience)')
    .addOption(new Option('--source <source>', 'recorded on new contacts and consents').choices([...importSources]).default('import'))
    .option('--columns <json>', 'map columns explicitly, e.g. \'{"email":"Mail","consent":{"newsletter":"NL"}}\'')
    .option('--dry-run', 'report what would change and write nothing')
    .option('--json', 'print the report as one JSON object (created, updated, unchanged, skipped, warnings, details)')
    .addHelpText(
      'after',
      [
        '',
        'A row is imported only for a purpose: a consent column that says yes (Newsletter, Opt-in,',
        'Empfehlungen, Post/Telefon …; ja/nein, yes/no, 1/0, x) or an order (ticketing, by contract).',
        'Rows with neither are skipped and listed. Existing contacts keep what they have: only empty',
        'fields are filled, and an export that says "no" never revokes a consent.',
        '',
        'Examples:',
        '  foyer contacts import pretix-orders.csv --source box_office --dry-run',
        '  foyer contacts import newsletter.csv --unit junges-haus --json',
        '  foyer contacts import liste.csv --columns \'{"email":"Mail","consent":{"newsletter":"NL"}}\'',
      ].join('\n'),
    )
    .action(async (target: string, options: ContactImportCommandOptions) => {
      const config = loadConfig();
      const database = await openDatabase(config.database);
      try {
        await migrateToLatest(database);
        await runContactImportCommand(
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

/** `foyer contacts …`: the audience's commands. */
export function contactsCommand(): Command {
  return new Command('contacts').description('the audience: contacts and their consents').addCommand(contactImportCommand());
}
