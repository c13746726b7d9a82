import { Migrator, type Migration, type MigrationResultSet } from 'kysely/migration';
import type { Database } from './database.ts';
import * as catalogue from './migrations/2026_11_26_a_catalogue.ts';
import * as auth from './migrations/2026_11_26_b_auth.ts';

/**
 * Versioned migrations, applied in name order. A migration that has run is never
 * edited: changes come as a new file with a later name.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_26_a_catalogue': catalogue,
  '2026_11_26_b_auth': auth,
};

export async function migrateToLatest(database: Database): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
  });
  const result = await migrator.migrateToLatest();
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`, {
      cause: result.error,
    });
  }
  return result;
}
