/*
 * The one way the staff app talks to the server: same-origin fetch with the session
 * cookie, the CSRF token on every write, and the error body {error:{code,message,details}}
 * turned into an ApiError whose field messages a form can place next to its inputs.
 */

export interface ErrorDetail {
  field?: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];

  constructor(status: number, code: string, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /**
   * Field messages keyed by form path ('title.de', 'performers.0.name'). The server names
   * fields either from the route schema ('body.title.de') or from the service ('title.de').
   */
  fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const detail of this.details) {
      if (detail.field === undefined || detail.field === '') continue;
      const field = detail.field.replace(/^(body|querystring|params|headers)(\.|$)/, '');
      if (field === '' || field === 'input') continue;
      errors[field] = errors[field] === undefined ? detail.message : `${errors[field]}; ${detail.message}`;
    }
    return errors;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfFallback: string | null = null;

/** Remembers the token from login or setup, for browsers that hide the cookie from scripts. */
export function rememberCsrfToken(token: string | null): void {
  csrfFallback = token;
}

function csrfCookie(): string | null {
  const match = document.cookie.split('; ').find((part) => part.startsWith('foyer_csrf='));
  return match === undefined ? null : decodeURIComponent(match.slice('foyer_csrf='.length));
}

function csrfToken(): string | null {
  return csrfCookie() ?? csrfFallback;
}

/**
 * Whether this browser may hold a session: the server sets the readable CSRF cookie
 * together with the session cookie and with the same expiry. Without it there is no
 * point in asking /api/auth/me (and a 401 in the console on every first visit).
 */
export function mayHaveSession(): boolean {
  return csrfCookie() !== null;
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called when any request answers 401: the session ended (logout elsewhere, expiry). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export type QueryValue = string | number | boolean | null | undefined;

export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not broadcast a 401 (the session probe itself). */
  quiet401?: boolean;
  /** More headers: the Idempotency-Key of a write that may be retried. */
  headers?: Record<string, string>;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (UNSAFE.has(method)) {
    const token = csrfToken();
    if (token !== null) headers['x-csrf-token'] = token;
  }

  let response: Response;
  try {
    response = await fetch(`${path}${queryString(options.query)}`, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = undefined;
  if (text !== '') {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const error = errorFrom(response.status, data);
    if (response.status === 401 && options.quiet401 !== true) {
      for (const listener of unauthenticatedListeners) listener();
    }
    throw error;
  }
  return data as T;
}

function errorFrom(status: number, data: unknown): ApiError {
  if (typeof data === 'object' && data !== null && 'error' in data) {
    const error = (data as { error: unknown }).error;
    if (typeof error === 'object' && error !== null) {
      const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
      return new ApiError(
        status,
        typeof code === 'string' ? code : 'internal',
        typeof message === 'string' ? message : `HTTP ${status}`,
        Array.isArray(details) ? (details as ErrorDetail[]) : [],
      );
    }
  }
  return new ApiError(status, status >= 500 ? 'internal' : 'bad_request', `HTTP ${status}`);
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Record<string, QueryValue>) => request<T>('POST', path, { body, query }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};
