import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { authenticationPlugin } from './core/auth/plugin.ts';
import { createAuthService } from './core/auth/service.ts';
import { type Clock, systemClock } from './core/clock.ts';
import { type Database, openDatabase } from './core/db/database.ts';
import { migrateToLatest } from './core/db/migrate.ts';
import { createHttpServer } from './core/http/server.ts';

export interface FoyerOptions {
  config: Config;
  /** An already open database (tests); otherwise opened from config. */
  database?: Database;
  clock?: Clock;
}

/**
 * The composition root: config -> database -> jobs -> services -> HTTP. Everything a
 * process needs is built here and nowhere else, so tests build the same thing.
 */
export async function createFoyer(options: FoyerOptions) {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const database = options.database ?? (await openDatabase(config.database));
  await migrateToLatest(database);

  const auth = createAuthService({ database, clock });

  const http: FastifyInstance = await createHttpServer({
    logLevel: config.logLevel,
    bodyLimitBytes: config.importMaxBytes,
    publicUrl: config.publicUrl,
  });
  await http.register(authenticationPlugin, { auth });
  http.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));

  const services = { auth };

  return {
    config,
    clock,
    database,
    services,
    http,
    async close() {
      await http.close();
      if (options.database === undefined) await database.close();
    },
  };
}

export type Foyer = Awaited<ReturnType<typeof createFoyer>>;
