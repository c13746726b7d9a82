import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type ErrorCode, type ErrorDetail } from '../errors.ts';

/** The one place where a domain error code becomes an HTTP status. */
export const statusByCode: Record<ErrorCode, number> = {
  validation: 400,
  unreadable_input: 422,
  not_found: 404,
  conflict: 409,
  unauthenticated: 401,
  forbidden: 403,
  csrf: 403,
  busy: 503,
  setup_required: 409,
  setup_done: 409,
  rate_limited: 429,
  no_consent: 403,
  gone: 410,
  upstream: 502,
  sold_out: 409,
  hold_expired: 409,
  price_changed: 409,
  seats_available: 409,
  payment_failed: 402,
  idempotency_mismatch: 422,
  assistant_disabled: 409,
  conversation_closed: 409,
};

export interface ErrorBody {
  error: { code: string; message: string; details: ErrorDetail[] };
}

export function errorBody(code: string, message: string, details: ErrorDetail[] = []): ErrorBody {
  return { error: { code, message, details } };
}

export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof DomainError) {
    const status = statusByCode[error.code];
    if (error.code === 'busy') void reply.header('retry-after', '1');
    if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
    void reply.status(status).send(errorBody(error.code, error.message, error.details));
    return;
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((issue) => {
      const where = error.validationContext ?? 'body';
      const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
      return { field: path === '' ? where : `${where}.${path}`, message: issue.message ?? 'invalid' };
    });
    void reply
      .status(400)
      .send(errorBody('validation', details.map((d) => `${d.field}: ${d.message}`).join('; '), details));
    return;
  }
  const fastifyError = error as FastifyError;
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's own 4xx: malformed JSON, body too large, unsupported media type.
    const code = status === 413 ? 'too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request';
    void reply.status(status).send(errorBody(code, fastifyError.message));
    return;
  }
  request.log.error({ err: error }, 'unhandled error');
  void reply.status(500).send(errorBody('internal', 'Something went wrong on our side. It has been logged.'));
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(404).send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
}

/** The router's own refusals (a path with broken percent-encoding) in the API's error shape. */
export function handleBadUrl(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(400).send(errorBody('bad_request', error.message));
}
