import { isIP } from 'node:net';
import { z } from 'zod';
import { DomainError } from './core/errors.ts';
import { mailFromAddress, mailModeFrom, type MailSettings } from './core/mail/model.ts';

/**
 * Every setting Foyer reads, from FOYER_* environment variables, validated at start.
 * The defaults run out of the box: one SQLite file under ./foyer-data.
 */
const environmentSchema = z.object({
  FOYER_DATABASE_URL: z.string().min(1).optional(),
  FOYER_DATA_DIR: z.string().min(1).default('./foyer-data'),
  FOYER_HOST: z.string().min(1).default('127.0.0.1'),
  FOYER_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  FOYER_PUBLIC_URL: z.string().min(1).optional(),
  FOYER_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FOYER_SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 14),
  FOYER_IMPORT_MAX_MB: z.coerce.number().positive().max(1024).default(50),
  FOYER_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  FOYER_JOBS_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  FOYER_TRUST_PROXY: z.string().optional(),
  FOYER_SMTP_URL: z.string().optional(),
  FOYER_MAIL_FROM: z.string().optional(),
  // Campaign sending (src/campaigns/sending): parallel SMTP connections, and the messages per second the server takes (unset: no limit).
  FOYER_SMTP_POOL: z.coerce.number().int().min(1).max(100).default(5),
  FOYER_SMTP_RATE: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(1).max(100_000).optional()),
  // Bounce and complaint webhook (src/campaigns/email): unset switches it off; long enough not to be guessed.
  FOYER_MAIL_WEBHOOK_SECRET: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(24, 'must be at least 24 characters').optional()),
  FOYER_SIGNUP_LIMIT_PER_IP: z.coerce.number().int().min(1).max(100_000).default(10),
  FOYER_SIGNUP_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(1000).default(3),
  FOYER_PUBLIC_LIMIT_PER_IP: z.coerce.number().int().min(1).max(100_000).default(60),
  // Holds and orders from one address per minute; a box office behind one NAT or a benchmark sets more.
  FOYER_BOOKING_LIMIT_PER_IP: z.coerce.number().int().min(1).max(100_000_000).default(30),
  // Webhook and Mastodon URLs on loopback or private networks are refused (SSRF guard) unless this is "true".
  FOYER_ALLOW_PRIVATE_WEBHOOKS: z.enum(['true', 'false', '']).default('false'),
  // The visitor assistant's optional language model (src/assistant/language-model.ts): any OpenAI-compatible endpoint; unset = off.
  FOYER_LLM_URL: z.preprocess((value) => (value === '' ? undefined : value), z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:8080' }).optional()),
  FOYER_LLM_MODEL: z.string().min(1).max(200).default('default'),
  FOYER_LLM_API_KEY: z.preprocess((value) => (value === '' ? undefined : value), z.string().max(500).optional()),
  FOYER_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
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
  /**
   * Which proxies may tell the client's address in X-Forwarded-For: none (false), every
   * one (true), or those at the listed addresses and ranges. The login throttle counts
   * per client address, so a trusted header decides whom it counts.
   */
  trustProxy: TrustProxy;
  /** FOYER_SMTP_URL and FOYER_MAIL_FROM, read by core/mail/model.ts. */
  mail: MailSettings;
  /**
   * Campaign sending: FOYER_SMTP_POOL connections per sending process, and FOYER_SMTP_RATE,
   * the messages per second the SMTP server accepts from this installation (null: no
   * limit). The rate is for the server, not per process: src/campaigns/sending/transport.ts
   * says how it is kept when several workers run.
   */
  bulkMail: { pool: number; ratePerSecond: number | null };
  /** FOYER_MAIL_WEBHOOK_SECRET: the Bearer token mail providers report bounces and complaints with; null = webhook off. */
  mailWebhookSecret: string | null;
  /**
   * Public endpoints, counted per process: sign-ups per client IP in 10 minutes, sign-ups
   * per e-mail address in an hour (so nobody mail-bombs someone else's address), and
   * confirmation and preference-centre requests per client IP in a minute.
   */
  rateLimits: { signupPerIp: number; signupPerAddress: number; publicPerIp: number; bookingPerIp: number };
  /**
   * FOYER_ALLOW_PRIVATE_WEBHOOKS: whether channels (webhooks, Mastodon, post images) may
   * call loopback and private addresses. Off by default, so that whoever may add a channel
   * cannot make the server probe its own network.
   */
  allowPrivateWebhooks: boolean;
  /**
   * The visitor assistant's optional language model: FOYER_LLM_URL (an OpenAI-compatible
   * server; null = off, the default), FOYER_LLM_MODEL, FOYER_LLM_API_KEY, and
   * FOYER_LLM_TIMEOUT_MS after which the plain answer is used. It only rephrases answers.
   */
  languageModel: { url: string | null; model: string; apiKey: string | null; timeoutMs: number };
}

export type TrustProxy = boolean | string[];

function invalidSetting(field: string, message: string): DomainError {
  return new DomainError('validation', `invalid configuration: ${field} ${message}`, [{ field, message }]);
}

// The names @fastify/proxy-addr knows for the private ranges (127.0.0.1/8 and ::1, …).
const namedRanges = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (namedRanges.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  return bits >= 1 && bits <= (family === 4 ? 32 : 128);
}

/**
 * FOYER_TRUST_PROXY: unset or "false" trusts no proxy, "true" every one, otherwise a comma
 * list of proxy addresses, CIDR ranges and the names loopback, linklocal, uniquelocal.
 * A hop count is refused: Fastify (since 5.12.1) ignores it, because a count cannot tell
 * a proxy from a client that connects directly and writes the header itself.
 */
export function trustProxyFrom(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text.toLowerCase() === 'false') return false;
  if (text.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(text)) {
    throw invalidSetting('FOYER_TRUST_PROXY', `"${text}" is a hop count, which cannot tell a proxy from a client: list the proxies' addresses instead (e.g. 127.0.0.1, 10.0.0.0/8 or loopback)`);
  }
  const entries = text.split(',').map((entry) => entry.trim());
  const wrong = entries.filter((entry) => !isAddressOrRange(entry));
  if (wrong.length > 0) {
    throw invalidSetting(
      'FOYER_TRUST_PROXY',
      `must be true, false or a comma list of IP addresses, CIDR ranges, loopback, linklocal or uniquelocal; not ${wrong.map((w) => `"${w}"`).join(', ')}`,
    );
  }
  return entries;
}

/**
 * The address Foyer is reached at, normalised (lower-case scheme and host, no trailing
 * slash): cookies are Secure exactly when its scheme is https, and links are built on it.
 */
export function publicUrlFrom(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidSetting('FOYER_PUBLIC_URL', `"${value}" is not a URL; write it like https://foyer.theater.example`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidSetting('FOYER_PUBLIC_URL', `must start with https:// or http://, not ${url.protocol}//`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw invalidSetting('FOYER_PUBLIC_URL', 'must not hold a query, a fragment or credentials');
  }
  return url.href.replace(/\/$/, '');
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
  const listenHost = env.FOYER_HOST === '0.0.0.0' || env.FOYER_HOST === '::' ? 'localhost' : env.FOYER_HOST;
  const shownHost = isIP(listenHost) === 6 ? `[${listenHost}]` : listenHost;
  const publicUrl = publicUrlFrom(env.FOYER_PUBLIC_URL ?? `http://${shownHost}:${env.FOYER_PORT}`);
  return {
    database,
    dataDir,
    host: env.FOYER_HOST,
    port: env.FOYER_PORT,
    publicUrl,
    logLevel: env.FOYER_LOG_LEVEL,
    sessionHours: env.FOYER_SESSION_HOURS,
    importMaxBytes: Math.round(env.FOYER_IMPORT_MAX_MB * 1024 * 1024),
    fetchTimeoutMs: env.FOYER_FETCH_TIMEOUT_MS,
    jobsPollMs: env.FOYER_JOBS_POLL_MS,
    trustProxy: trustProxyFrom(env.FOYER_TRUST_PROXY),
    mail: { ...mailModeFrom(env.FOYER_SMTP_URL), from: mailFromAddress(env.FOYER_MAIL_FROM, publicUrl) },
    mailWebhookSecret: env.FOYER_MAIL_WEBHOOK_SECRET ?? null,
    bulkMail: { pool: env.FOYER_SMTP_POOL, ratePerSecond: env.FOYER_SMTP_RATE ?? null },
    rateLimits: {
      signupPerIp: env.FOYER_SIGNUP_LIMIT_PER_IP,
      signupPerAddress: env.FOYER_SIGNUP_LIMIT_PER_ADDRESS,
      publicPerIp: env.FOYER_PUBLIC_LIMIT_PER_IP,
      bookingPerIp: env.FOYER_BOOKING_LIMIT_PER_IP,
    },
    allowPrivateWebhooks: env.FOYER_ALLOW_PRIVATE_WEBHOOKS === 'true',
    languageModel: { url: env.FOYER_LLM_URL ?? null, model: env.FOYER_LLM_MODEL, apiKey: env.FOYER_LLM_API_KEY ?? null, timeoutMs: env.FOYER_LLM_TIMEOUT_MS },
  };
}
