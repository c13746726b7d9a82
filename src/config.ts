import { z } from 'zod';
import { DomainError } from './core/errors.ts';

/**
 * Every setting Foyer reads, from FOYER_* environment variables, validated at start.
 * The defaults run out of the box: one SQLite file under ./foyer-data.
 */
const environmentSchema = z.object({
  FOYER_DATABASE_URL: z.string().min(1).optional(),
  FOYER_DATA_DIR: z.string().min(1).default('./foyer-data'),
  FOYER_HOST: z.string().min(1).default('127.0.0.1'),
  FOYER_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  FOYER_PUBLIC_URL: z.url().optional(),
  FOYER_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FOYER_SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 14),
  FOYER_IMPORT_MAX_MB: z.coerce.number().positive().max(1024).default(50),
  FOYER_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  FOYER_JOBS_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
});

export type DatabaseEngine = 'sqlite' | 'postgres';

export interface Config {
  database: { engine: DatabaseEngine; url: string };
  dataDir: string;
  host: string;
  port: number;
  publicUrl: string;
  logLevel: z.infer<typeof environmentSchema>['FOYER_LOG_LEVEL'];
  sessionHours: number;
  importMaxBytes: number;
  fetchTimeoutMs: number;
  jobsPollMs: number;
}

export function databaseFromUrl(url: string): Config['database'] {
  if (/^postgres(ql)?:\/\//.test(url)) return { engine: 'postgres', url };
  if (url.startsWith('sqlite:')) return { engine: 'sqlite', url: url.slice('sqlite:'.length) };
  if (url === ':memory:' || url.endsWith('.db') || url.endsWith('.sqlite')) return { engine: 'sqlite', url };
  throw new DomainError(
    'validation',
    `FOYER_DATABASE_URL must be postgres://… or sqlite:PATH (or a path ending in .db), got "${url}"`,
    [{ field: 'FOYER_DATABASE_URL', message: 'unknown database URL' }],
  );
}

export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      field: issue.path.join('.'),
      message: issue.message,
    }));
    throw new DomainError(
      'validation',
      `invalid configuration: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`,
      details,
    );
  }
  const env = parsed.data;
  const dataDir = env.FOYER_DATA_DIR;
  const database = databaseFromUrl(env.FOYER_DATABASE_URL ?? `sqlite:${dataDir}/foyer.db`);
  const shownHost = env.FOYER_HOST === '0.0.0.0' || env.FOYER_HOST === '::' ? 'localhost' : env.FOYER_HOST;
  return {
    database,
    dataDir,
    host: env.FOYER_HOST,
    port: env.FOYER_PORT,
    publicUrl: (env.FOYER_PUBLIC_URL ?? `http://${shownHost}:${env.FOYER_PORT}`).replace(/\/$/, ''),
    logLevel: env.FOYER_LOG_LEVEL,
    sessionHours: env.FOYER_SESSION_HOURS,
    importMaxBytes: Math.round(env.FOYER_IMPORT_MAX_MB * 1024 * 1024),
    fetchTimeoutMs: env.FOYER_FETCH_TIMEOUT_MS,
    jobsPollMs: env.FOYER_JOBS_POLL_MS,
  };
}
