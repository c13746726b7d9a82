import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { DomainError } from '../errors.ts';
import type { Actor, Permission } from './model.ts';
import type { AuthService } from './service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/**
 * Resolves who is calling, once per request, before any route runs. Routes then ask
 * for the permission they need with requirePermission().
 */
async function authentication(app: FastifyInstance, { auth }: { auth: AuthService }) {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header !== undefined && header.startsWith('Bearer ')) {
      const actor = await auth.actorFromApiKey(header.slice('Bearer '.length).trim());
      if (actor === null) throw new DomainError('unauthenticated', 'the API key is unknown or revoked');
      request.actor = actor;
    }
  });
}

export const authenticationPlugin = fastifyPlugin(authentication, { name: 'foyer-authentication' });

export function requirePermission(request: FastifyRequest, permission: Permission): Actor {
  const actor = request.actor;
  if (actor === null) throw new DomainError('unauthenticated', 'log in or send an API key');
  if (!actor.permissions.has(permission)) {
    throw new DomainError('forbidden', `this account may not ${permission.replace(':', ' ')}`);
  }
  return actor;
}
