import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { insertTestHouse } from './app.ts';

const bin = fileURLToPath(new URL('../../../bin/foyer.js', import.meta.url));

export interface FoyerCommand {
  /** The temp folder, for the files a test hands the command. */
  folder: string;
  /** `foyer ARGS…` as a real process, waited for. */
  run(...args: string[]): SpawnSyncReturns<string>;
  remove(): void;
}

/** The foyer command as a person runs it: on a migrated SQLite file with one house ('stadttheater'), in a temp folder. */
export async function createFoyerCommand(prefix: string): Promise<FoyerCommand> {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  const url = join(folder, 'foyer.db');
  const database = await openDatabase({ engine: 'sqlite', url });
  try {
    await migrateToLatest(database);
    await insertTestHouse({ database }, { slug: 'stadttheater' });
  } finally {
    await database.close();
  }
  const env = { ...(process.env as Record<string, string>), FOYER_DATABASE_URL: `sqlite:${url}`, FOYER_LOG_LEVEL: 'silent' };
  return {
    folder,
    run: (...args) => {
      const spawn = () => spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 60_000 });
      // A process that could not start or was killed from outside has no status (seen once in CI
      // on a loaded machine): try once more, then say why instead of failing on `null`.
      let result = spawn();
      if (result.status === null) result = spawn();
      if (result.status === null) {
        const reason = result.error?.message ?? `killed by ${result.signal ?? 'an unknown signal'}`;
        throw new Error(`foyer ${args.join(' ')} did not finish: ${reason}\n${result.stderr}`);
      }
      return result;
    },
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}
