/**
 * One error type for the whole domain. Services throw it with a code; the HTTP error
 * handler (core/http/errors.ts) is the only place that turns a code into a status.
 */
export type ErrorCode =
  | 'validation' // input is well-formed JSON but names a wrong field or value
  | 'unreadable_input' // a file or document that cannot be parsed at all
  | 'not_found'
  | 'conflict' // unique key taken, stale write, duplicate idempotency key in flight
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf'
  | 'busy' // a lock could not be taken in time: try again
  | 'setup_required'
  | 'setup_done'
  | 'rate_limited'
  | 'no_consent' // personal data asked for a purpose the person has not (or no longer) agreed to
  | 'gone' // a link that expired or was used up: a double opt-in token, a withdrawn preference link
  | 'upstream' // a feed URL or other outside source failed
  | 'sold_out' // not enough seats left for what was asked
  | 'hold_expired' // the reservation ran out and its seats went to someone else
  | 'price_changed' // the total differs from what the buyer was shown
  | 'seats_available' // the waiting list refuses: the seats asked for can be booked right now
  | 'payment_failed' // the payment provider refused
  | 'idempotency_mismatch' // an Idempotency-Key sent again with a different request
  | 'assistant_disabled' // the house switched its visitor assistant off
  | 'conversation_closed'; // an assistant conversation that was closed takes no more messages

export interface ErrorDetail {
  field?: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  /** For rate_limited and busy: when trying again makes sense (the HTTP Retry-After header). */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], options: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function notFound(entity: string, id: string): DomainError {
  return new DomainError('not_found', `${entity} ${id} does not exist`);
}

export function invalid(field: string, message: string): DomainError {
  return new DomainError('validation', `${field}: ${message}`, [{ field, message }]);
}

export function isDomainError(error: unknown, code?: ErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
