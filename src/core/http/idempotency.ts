import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkIdempotencyKey, type Replayable } from '../idempotency.ts';
import { errorResponse } from './schemas.ts';

/** The Idempotency-Key header of a write that must carry one; a clear 400 when it is missing. */
export function idempotencyKeyOf(request: FastifyRequest): string {
  const value = request.headers['idempotency-key'];
  return checkIdempotencyKey(Array.isArray(value) ? value[0] : value);
}

/** Sends what the idempotent write answered, the first time or again; a replay says so in a header. */
export function sendReplayable<T>(reply: FastifyReply, result: Replayable<T>): T {
  void reply.status(result.status);
  if (result.replayed) void reply.header('idempotent-replayed', 'true');
  return result.body;
}

/** The answers an idempotent write can replay besides its success: every refusal it may have stored. */
export const replayableErrors = {
  400: errorResponse,
  401: errorResponse,
  402: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  422: errorResponse,
  503: errorResponse,
};

export const idempotencyHeader = {
  description: 'A unique string per intended write (e.g. a UUID). A retry with the same key returns the original answer; the same key while the first is still running gets 409.',
};
