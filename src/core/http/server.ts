import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import { handleBadUrl, handleError, handleNotFound } from './errors.ts';

export type HttpServer = FastifyInstance;

export interface HttpOptions {
  logLevel: Config['logLevel'];
  bodyLimitBytes: number;
  publicUrl: string;
  /**
   * config.trustProxy: whose X-Forwarded-For sets request.ip. Default: nobody's, so a
   * client cannot pick the address the login throttle counts it under.
   */
  trustProxy?: Config['trustProxy'];
}

export async function createHttpServer(options: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel },
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy ?? false,
    // A path the router cannot decode (/x%zz) gets the API's error shape, not Fastify's own.
    frameworkErrors: handleBadUrl,
    logController: new LogController({
      disableRequestLogging: options.logLevel !== 'debug' && options.logLevel !== 'trace',
    }),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Foyer API',
        description:
          'Marketing automation for cultural houses. Staff routes under /api take a session cookie ' +
          '(with the x-csrf-token header on writes) or an API key as "Authorization: Bearer …". ' +
          'Public routes under /public need no credentials.',
        version: '0.1.0',
      },
      servers: [{ url: options.publicUrl }],
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'foyer_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  return app;
}
