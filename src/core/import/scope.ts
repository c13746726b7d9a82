import type { Scope } from '../auth/model.ts';
import { DomainError } from '../errors.ts';

/**
 * The unit an import writes into. Unit staff import into their unit and no other
 * (`refusal` says so in the import's words); others may name any unit of the house,
 * which `findUnit` looks up by id or slug.
 */
export async function targetUnit(
  scope: Scope,
  requested: string | null | undefined,
  findUnit: (houseId: string, idOrSlug: string) => Promise<{ id: string } | undefined>,
  refusal: string,
): Promise<string | null> {
  if (scope.unitId !== null) {
    if (requested !== null && requested !== undefined && requested !== scope.unitId) {
      throw new DomainError('forbidden', refusal, [{ field: 'unitId', message: 'not your unit' }]);
    }
    return scope.unitId;
  }
  if (requested === null || requested === undefined) return null;
  const unit = await findUnit(scope.houseId, requested);
  if (unit === undefined) throw new DomainError('validation', `unitId: unit ${requested} does not exist in this house`, [{ field: 'unitId', message: 'unknown unit' }]);
  return unit.id;
}
