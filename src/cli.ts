import { Command } from 'commander';
import { createFoyer } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './core/db/database.ts';
import { migrateToLatest } from './core/db/migrate.ts';
import { isDomainError } from './core/errors.ts';

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
  .action(async (options: { worker: boolean; port?: string; host?: string }) => {
    const config = loadConfig({
      ...process.env,
      ...(options.port === undefined ? {} : { FOYER_PORT: options.port }),
      ...(options.host === undefined ? {} : { FOYER_HOST: options.host }),
    });
    const foyer = await createFoyer({ config });
    await foyer.http.listen({ host: config.host, port: config.port });
    console.log(`Foyer is running at ${config.publicUrl}`);
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

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (isDomainError(error)) {
    console.error(`foyer: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
