import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from '@fastify/helmet';
import { LogController } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { nestLogLevels, type GroundworkConfig } from '@app/config';
import { ApiModule } from './api.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { REDACTED_PATHS, logRequests } from './common/request-log';
import { createValidationPipe } from './common/validation';

export const API_PREFIX = 'api';

/** Builds the HTTP API (not yet listening), so the launcher, `main` and the tests start it alike. */
export async function createApiApp(
  config: GroundworkConfig,
  options: { logStream?: NodeJS.WritableStream } = {},
): Promise<NestFastifyApplication> {
  const { server } = config;
  const adapter = new FastifyAdapter({
    bodyLimit: server.bodyLimitBytes,
    // logRequests writes one line per request instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    logger: {
      level: server.logLevel,
      redact: REDACTED_PATHS,
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, {
    logger: nestLogLevels(server.logLevel),
  });
  logRequests(app.getHttpAdapter().getInstance());
  await app.register(helmet, {
    // The OpenAPI page (Swagger UI) needs inline styles; its scripts are served from here. No upgrade
    // to https: the embedded default serves plain http on localhost, where TLS is a proxy's job.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        upgradeInsecureRequests: null,
      },
    },
  });
  // Browsers may call the API cross-origin only from origins named in CORS_ORIGINS; none by default.
  if (server.corsOrigins.length > 0) app.enableCors({ origin: server.corsOrigins });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Groundwork')
      .setDescription('Bottom-up customer/supplier deals: exploration, go/no-go, contract, ratification, live relationship.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs-json` });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
