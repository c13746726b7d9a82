import { readBodyLimited } from '../../core/http/body.ts';
import { DomainError } from '../../core/errors.ts';
import { megabytes } from '../../core/import/files.ts';

/*
 * Fetching a feed or a programme page by URL. Every way it can fail becomes an
 * 'upstream' error that says what happened in words a person at the house can act on
 * ("answered 404 Not Found", "did not answer within 30 s"), never a stack trace.
 */

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
}

export interface FetchedSource {
  /** The URL finally read, after redirects. */
  url: string;
  bytes: Uint8Array;
  contentType: string | undefined;
}

/** Only http and https: file:, data: and the like would read the server's own disk or memory. */
export function parseFeedUrl(value: string, field = 'url'): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DomainError('validation', `${field}: "${value}" is not a URL`, [{ field, message: 'not a URL' }]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DomainError('validation', `${field}: only http and https URLs can be imported, not ${url.protocol}`, [
      { field, message: 'only http and https' },
    ]);
  }
  return url;
}

/** Turns what fetch() throws into a sentence about the host. */
export function describeFetchError(error: unknown, url: URL, timeoutMs: number): DomainError {
  const host = url.host;
  if (error instanceof DomainError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new DomainError('upstream', `${host} did not answer within ${Math.round(timeoutMs / 100) / 10} s`);
  }
  const cause = error instanceof Error && typeof error.cause === 'object' && error.cause !== null ? (error.cause as { code?: unknown; message?: unknown }) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new DomainError('upstream', `the host name ${url.hostname} could not be resolved (DNS): check the address`);
    case 'ECONNREFUSED':
      return new DomainError('upstream', `${host} refused the connection`);
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return new DomainError('upstream', `${host} closed the connection before the answer was complete`);
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new DomainError('upstream', `${host} did not answer within ${Math.round(timeoutMs / 100) / 10} s`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new DomainError('upstream', `${host} cannot be reached from this server`);
    default:
      break;
  }
  if (typeof code === 'string' && (code.startsWith('ERR_TLS') || code.includes('CERT'))) {
    return new DomainError('upstream', `the TLS certificate of ${host} was not accepted (${code})`);
  }
  const detail = typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  return new DomainError('upstream', `${host} could not be read: ${detail}`);
}

/**
 * GETs a URL with a deadline for the whole exchange (headers and body) and a size
 * limit that is enforced while the body streams in, so a huge or endless answer is cut
 * off instead of filling the memory.
 */
export async function fetchSource(value: string, options: FetchOptions): Promise<FetchedSource> {
  const url = parseFeedUrl(value);
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await fetch(url, {
      signal,
      redirect: 'follow',
      headers: {
        'user-agent': 'Foyer/0.1 (programme import)',
        accept: 'text/calendar, application/ld+json, application/json;q=0.9, text/html;q=0.8, text/csv;q=0.8, */*;q=0.5',
      },
    });
    if (!response.ok) {
      await response.body?.cancel();
      const text = response.statusText === '' ? '' : ` ${response.statusText}`;
      throw new DomainError('upstream', `${url.host} answered ${response.status}${text} for ${url.pathname}`);
    }
    const tooLarge = () =>
      new DomainError('upstream', `${url.host} sent more than the import limit of ${megabytes(options.maxBytes)} (FOYER_IMPORT_MAX_MB)`);
    const bytes = await readBodyLimited(response, options.maxBytes, tooLarge);
    const contentType = response.headers.get('content-type') ?? undefined;
    const finalUrl = response.url === '' ? url.href : response.url;
    return { url: finalUrl, bytes, contentType };
  } catch (error) {
    throw describeFetchError(error, url, options.timeoutMs);
  }
}
