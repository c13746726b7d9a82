import { Command } from 'commander';
import { createFoyer } from './app.ts';
import { loadConfig } from './config.ts';
import { contactsCommand } from './audience/import/cli.ts';
import { importCommand } from './catalogue/import/cli.ts';
import { userCommand } from './core/auth/cli.ts';
import { openDatabase } from './core/db/database.ts';
import { migrateToLatest } from './core/db/migrate.ts';
import { demoCommand, prepareDemo } from './demo/cli.ts';
import { isDomainError } from './core/errors.ts';
import { evalCommand } from './recommend/cli.ts';
import { askCommand } from './assistant/cli.ts';

/**
 * The `foyer` command. Each capability that has commands of its own registers them
 * here; long-running work shows a progress bar when stdout is a terminal.
 */
const program = new Command()
  .name('foyer')
  .description('Foyer: marketing automation for cultural houses')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

program
  .command('serve')
  .description('start the web app, the API and (unless --no-worker) the job worker')
  .option('--no-worker', 'serve HTTP only; run `foyer worker` processes for the jobs')
  .option('--port <port>', 'port to listen on (default FOYER_PORT or 3000)')
  .option('--host <host>', 'address to listen on (default FOYER_HOST or 127.0.0.1)')
  .option('--demo', 'seed the demo house first when the database has no house yet (npm start does this)')
  .action(async (options: { worker: boolean; port?: string; host?: string; demo?: boolean }) => {
    const config = loadConfig({
      ...process.env,
      ...(options.port === undefined ? {} : { FOYER_PORT: options.port }),
      ...(options.host === undefined ? {} : { FOYER_HOST: options.host }),
    });
    const foyer = await createFoyer({ config });
    const demoLines = options.demo === true ? await prepareDemo(foyer) : [];
    await foyer.http.listen({ host: config.host, port: config.port });
    if (options.worker) await foyer.startWorker();
    console.log(`Foyer is running at ${config.publicUrl}${options.worker ? '' : ' (no job worker)'}`);
    for (const line of demoLines) console.log(line);
    const stop = async () => {
      await foyer.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('worker')
  .description('run the job worker only (no HTTP) until SIGTERM or SIGINT; on PostgreSQL run as many as you like')
  .action(async () => {
    const config = loadConfig();
    const foyer = await createFoyer({ config });
    await foyer.startWorker();
    console.log(`Foyer worker is running (${foyer.jobs.engine})`);
    // Graceful: running jobs finish (up to 30 s) before the process exits.
    const stop = async () => {
      await foyer.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    const config = loadConfig();
    const database = await openDatabase(config.database);
    try {
      const result = await migrateToLatest(database);
      const applied = result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
      console.log(applied.length === 0 ? 'database is up to date' : `applied: ${applied.join(', ')}`);
    } finally {
      await database.close();
    }
  });

program.addCommand(userCommand());
program.addCommand(demoCommand());
program.addCommand(importCommand());
program.addCommand(contactsCommand());
program.addCommand(evalCommand());
program.addCommand(askCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (isDomainError(error)) {
    console.error(`foyer: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
