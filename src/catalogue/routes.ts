import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { houseRoutes } from './routes/house.ts';
import { performanceRoutes } from './routes/performances.ts';
import { placeRoutes } from './routes/places.ts';
import { priceCategoryRoutes } from './routes/price-categories.ts';
import { productionRoutes } from './routes/productions.ts';
import type { CatalogueService } from './service.ts';

/**
 * The staff catalogue API: /house, /vocabulary, /units, /venues, /halls, /productions,
 * /performances, /price-categories. Registered under /api with the catalogue service.
 */
export const catalogueRoutes: FastifyPluginAsyncZod<{ catalogue: CatalogueService }> = async (app, { catalogue }) => {
  // Only the service is passed on: the outer options also carry the /api prefix.
  await app.register(houseRoutes, { catalogue });
  await app.register(placeRoutes, { catalogue });
  await app.register(productionRoutes, { catalogue });
  await app.register(performanceRoutes, { catalogue });
  await app.register(priceCategoryRoutes, { catalogue });
};
