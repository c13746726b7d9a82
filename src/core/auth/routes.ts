import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sessionRoutes, type AuthRouteOptions } from './routes/session.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { staffRoutes } from './routes/staff.ts';

export type { AuthRouteOptions } from './routes/session.ts';

/** Every staff-access route, registered under /api: `http.register(authRoutes, { prefix: '/api', auth, publicUrl })`. */
export const authRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, { auth, publicUrl }) => {
  // Only these two: passing all options on would hand the prefix down a second time.
  const options = { auth, publicUrl };
  await app.register(sessionRoutes, options);
  await app.register(staffRoutes, options);
  await app.register(apiKeyRoutes, options);
};
