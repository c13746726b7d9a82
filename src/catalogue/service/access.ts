import type { Scope } from '../../core/auth/model.ts';
import { constraintViolation } from '../../core/db/constraints.ts';
import { DomainError, invalid } from '../../core/errors.ts';
import type { Page } from '../store/places.ts';

/* Small rules every catalogue service shares: who may write house-wide things, paging, references. */

/** Units, venues and halls belong to the whole house: unit staff read them but do not change them. */
export function requireHouseWide(scope: Scope, what: string): void {
  if (scope.unitId !== null) throw new DomainError('forbidden', `${what} are managed by house-wide staff, not from within a unit`);
}

export interface PageInput {
  limit?: number | undefined;
  offset?: number | undefined;
}

export function pageOf(input: PageInput = {}): Page {
  const limit = Math.min(Math.max(Math.trunc(input.limit ?? 50), 1), 500);
  const offset = Math.max(Math.trunc(input.offset ?? 0), 0);
  return { limit, offset };
}

export interface ListResult<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** A body names a hall, unit, venue or production that this house (or unit) does not have. */
export function unknownReference(field: string, entity: string): DomainError {
  return invalid(field, `no ${entity} with this id in this house`);
}

/**
 * Two requests can both find a slug free and both write it; the unique constraint stops
 * the second. For a transaction's catch: it gets the same 409 the look-up gives (taken),
 * not a 500. slug is read when the error comes, as a generated one is chosen inside.
 */
export function slugRace(slug: () => string | undefined, taken: (slug: string) => DomainError) {
  return (error: unknown): never => {
    const wanted = slug();
    if (wanted !== undefined && constraintViolation(error) === 'unique') throw taken(wanted);
    throw error;
  };
}

export function now(clock: { now(): Date }): string {
  return clock.now().toISOString();
}
