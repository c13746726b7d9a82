import { createHash } from 'node:crypto';
import type { Clock } from './clock.ts';
import type { Database, Executor } from './db/database.ts';
import { constraintViolation } from './db/constraints.ts';
import { fromJson, toJson } from './db/json.ts';
import { DomainError } from './errors.ts';
import { statusByCode } from './http/errors.ts';

/*
 * Idempotency keys for writes a client may retry (an order, a cancellation, a payment).
 * The first request with a key claims it; its response is stored in the same transaction
 * as the write, so a retry after a lost answer gets the very same response and never a
 * second order. A retry while the first is still running gets 409, and the same key
 * with a different request 422. Refusals (sold out, bad input) are stored too: the
 * request had its answer. A 'busy' answer and crashes are not: the claim is dropped so
 * that a retry really tries again. A claim left by a crashed process expires after
 * CLAIM_SECONDS and may then be taken over.
 */

const CLAIM_SECONDS = 60;

export interface IdempotencyRequest {
  houseId: string;
  /** The operation, so one key may not answer two kinds of write: 'order.place'. */
  scope: string;
  key: string;
  /** Anything that identifies the request: its body and path parameters. */
  request: unknown;
}

export interface Replayable<T> {
  status: number;
  body: T;
  replayed: boolean;
}

export interface ErrorResponseBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export function checkIdempotencyKey(key: string | undefined): string {
  if (key === undefined || key === '') {
    throw new DomainError('validation', 'Idempotency-Key: this write needs an Idempotency-Key header (a unique string per intended write, e.g. a UUID)', [
      { field: 'Idempotency-Key', message: 'required' },
    ]);
  }
  if (!KEY_PATTERN.test(key)) {
    throw new DomainError('validation', 'Idempotency-Key: 1 to 200 visible ASCII characters', [{ field: 'Idempotency-Key', message: 'invalid' }]);
  }
  return key;
}

/** What identifies a request under its key: the same key with another hash is refused. */
export function requestHashOf(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request) ?? '').digest('hex');
}

export function mismatch(): DomainError {
  return new DomainError('idempotency_mismatch', 'Idempotency-Key: this key was already used for a different request; use a new key for a new write', [
    { field: 'Idempotency-Key', message: 'used for a different request' },
  ]);
}

export function inProgress(): DomainError {
  return new DomainError('conflict', 'Idempotency-Key: a request with this key is still being processed; retry when it has finished', [
    { field: 'Idempotency-Key', message: 'in progress' },
  ]);
}

export function errorResponseOf(error: DomainError): { status: number; body: ErrorResponseBody } {
  return { status: statusByCode[error.code], body: { error: { code: error.code, message: error.message, details: error.details } } };
}

export interface StoredKey {
  key: string;
  request_hash: string;
  state: string;
  response_status: number | null;
  response_body: string | null;
  locked_until: string;
}

/** For writers that keep keys inside their own transaction (ticketing's booking desk): the keys already known. */
export async function findKeys(executor: Executor, houseId: string, scope: string, keys: readonly string[]): Promise<StoredKey[]> {
  if (keys.length === 0) return [];
  return executor
    .selectFrom('idempotency_key')
    .select(['key', 'request_hash', 'state', 'response_status', 'response_body', 'locked_until'])
    .where('house_id', '=', houseId)
    .where('scope', '=', scope)
    .where('key', 'in', keys)
    .execute();
}

/** Answered keys, written in the transaction of the writes they answer; a stale claim of a crashed process is replaced. */
export async function storeAnswers(
  executor: Executor,
  rows: readonly { houseId: string; scope: string; key: string; requestHash: string; status: number; body: unknown }[],
  at: string,
): Promise<void> {
  if (rows.length === 0) return;
  await executor
    .insertInto('idempotency_key')
    .values(
      rows.map((row) => ({
        house_id: row.houseId,
        scope: row.scope,
        key: row.key,
        request_hash: row.requestHash,
        state: 'done',
        response_status: row.status,
        response_body: toJson(row.body),
        locked_until: at,
        created_at: at,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['house_id', 'scope', 'key'])
        .doUpdateSet((eb) => ({ state: 'done', response_status: eb.ref('excluded.response_status'), response_body: eb.ref('excluded.response_body'), locked_until: at }))
        // Only a claim left running by a crashed process is taken over, never an answer.
        .where('idempotency_key.state', '=', 'running'),
    )
    .execute();
}

export function createIdempotency({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;

  type Claim = { kind: 'claimed' } | { kind: 'replay'; status: number; body: unknown };

  async function claim(request: IdempotencyRequest, requestHash: string): Promise<Claim> {
    const now = clock.now();
    const lockedUntil = new Date(now.getTime() + CLAIM_SECONDS * 1000).toISOString();
    try {
      await db
        .insertInto('idempotency_key')
        .values({
          house_id: request.houseId,
          scope: request.scope,
          key: request.key,
          request_hash: requestHash,
          state: 'running',
          response_status: null,
          response_body: null,
          locked_until: lockedUntil,
          created_at: now.toISOString(),
        })
        .execute();
      return { kind: 'claimed' };
    } catch (error) {
      if (constraintViolation(error) !== 'unique') throw error;
    }
    const row = await db
      .selectFrom('idempotency_key')
      .select(['request_hash', 'state', 'response_status', 'response_body', 'locked_until'])
      .where('house_id', '=', request.houseId)
      .where('scope', '=', request.scope)
      .where('key', '=', request.key)
      .executeTakeFirst();
    if (row === undefined) return claim(request, requestHash); // dropped in between: claim afresh
    if (row.request_hash !== requestHash) throw mismatch();
    if (row.state === 'done') return { kind: 'replay', status: row.response_status ?? 200, body: fromJson<unknown>(row.response_body, null) };
    if (row.locked_until > now.toISOString()) throw inProgress();
    // Left running by a process that died: take it over, unless another retry just did.
    const taken = await db
      .updateTable('idempotency_key')
      .set({ locked_until: lockedUntil })
      .where('house_id', '=', request.houseId)
      .where('scope', '=', request.scope)
      .where('key', '=', request.key)
      .where('state', '=', 'running')
      .where('locked_until', '=', row.locked_until)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 1) return { kind: 'claimed' };
    return claim(request, requestHash);
  }

  async function store(executor: Executor, request: IdempotencyRequest, status: number, body: unknown): Promise<void> {
    await executor
      .updateTable('idempotency_key')
      .set({ state: 'done', response_status: status, response_body: toJson(body) })
      .where('house_id', '=', request.houseId)
      .where('scope', '=', request.scope)
      .where('key', '=', request.key)
      .execute();
  }

  async function drop(request: IdempotencyRequest): Promise<void> {
    await db.deleteFrom('idempotency_key').where('house_id', '=', request.houseId).where('scope', '=', request.scope).where('key', '=', request.key).execute();
  }

  /**
   * Runs `work` once per key. `work` gets `remember`, which it calls inside its own
   * transaction with the response body, so that the write and its stored answer commit
   * together. Without a request (a caller that needs no key) `work` simply runs.
   */
  async function perform<T>(
    request: IdempotencyRequest | undefined,
    status: number,
    work: (remember: (executor: Executor, body: T) => Promise<void>) => Promise<T>,
  ): Promise<Replayable<T | ErrorResponseBody>> {
    if (request === undefined) return { status, body: await work(async () => undefined), replayed: false };
    const requestHash = requestHashOf(request.request);
    const claimed = await claim(request, requestHash);
    if (claimed.kind === 'replay') return { status: claimed.status, body: claimed.body as T | ErrorResponseBody, replayed: true };
    try {
      const body = await work((executor, result) => store(executor, request, status, result));
      return { status, body, replayed: false };
    } catch (error) {
      if (error instanceof DomainError && error.code !== 'busy') {
        const answer = errorResponseOf(error);
        await store(db, request, answer.status, answer.body);
      } else {
        await drop(request).catch(() => undefined);
      }
      throw error;
    }
  }

  /** Keys older than `days` are forgotten: a client retries within minutes, not weeks. */
  async function forgetOlderThan(days: number): Promise<number> {
    const before = new Date(clock.now().getTime() - days * 86_400_000).toISOString();
    const result = await db.deleteFrom('idempotency_key').where('created_at', '<', before).where('state', '=', 'done').executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  return { perform, forgetOlderThan };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
