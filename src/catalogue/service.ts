import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { createHouseService } from './service/houses.ts';
import { createPerformanceService } from './service/performances.ts';
import { createUnitService } from './service/units.ts';
import { createVenueService } from './service/venues.ts';
import { createPriceCategoryService } from './service/price-categories.ts';
import { createProductionService } from './service/productions.ts';
import { vocabulary } from './vocabulary.ts';

/**
 * The catalogue's use cases, one factory per entity group, merged into one service:
 * houses; units, venues and halls; productions; performances; price categories.
 * Every method below the house level takes the caller's Scope first, so the house and
 * (for unit staff) the unit come from who is asking, never from the request body.
 */
export function createCatalogueService(deps: { database: Database; clock: Clock }) {
  return {
    ...createHouseService(deps),
    ...createUnitService(deps),
    ...createVenueService(deps),
    ...createProductionService(deps),
    ...createPerformanceService(deps),
    ...createPriceCategoryService(deps),
    vocabulary: () => vocabulary,
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
