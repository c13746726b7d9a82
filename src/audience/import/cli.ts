import { Command, Option } from 'commander';
import { houseFor, unitFor } from '../../catalogue/import/cli.ts';
import { type CommandDeps, readLocalFile, withCommandDeps, withProgressBar } from '../../core/import/cli.ts';
import { issueLines } from '../../core/import/report.ts';
import { parseContactColumns } from './columns.ts';
import { type ContactImportReport, importSources } from './model.ts';
import { createContactImportService } from './service.ts';

/* `foyer contacts import FILE`: the same contact import as the API, from a terminal. */

export interface ContactImportCommandOptions {
  house?: string;
  unit?: string;
  dryRun?: boolean;
  json?: boolean;
  source?: string;
  columns?: string;
}

export type ContactImportCommandDeps = CommandDeps;

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
  return [...lines, ...issueLines(report)].join('\n');
}

export async function runContactImportCommand(deps: ContactImportCommandDeps, target: string, options: ContactImportCommandOptions): Promise<ContactImportReport> {
  const house = await houseFor(deps.database, options.house);
  const unitId = await unitFor(deps.database, house, options.unit);
  const columns = options.columns === undefined ? undefined : parseContactColumns(options.columns);
  const file = await readLocalFile(target, deps.limits.importMaxBytes);
  const imports = createContactImportService({ database: deps.database, clock: deps.clock, limits: deps.limits });
  const { report } = await withProgressBar(deps.progress, (onProgress) =>
    imports.runImport(
      { houseId: house.id, unitId: null },
      {
        file,
        dryRun: options.dryRun ?? false,
        unitId,
        source: options.source ?? 'import',
        ...(columns === undefined ? {} : { columns }),
        actor: 'system:cli',
        onProgress,
      },
    ),
  );
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
    .action((target: string, options: ContactImportCommandOptions) => withCommandDeps((deps) => runContactImportCommand(deps, target, options)));
}

/** `foyer contacts …`: the audience's commands. */
export function contactsCommand(): Command {
  return new Command('contacts').description('the audience: contacts and their consents').addCommand(contactImportCommand());
}
