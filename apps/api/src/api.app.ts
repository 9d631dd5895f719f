import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from '@fastify/helmet';
import { LogController, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { isLoopback, logFormat, type GroundworkConfig } from '@app/config';
import { ApiModule } from './api.module';
import { ErrorView } from './common/error.view';
import { HttpExceptionFilter, errorBody } from './common/http-exception.filter';
import { registerJsonBodyParser } from './common/json-body';
import { answerUnsupportedMethods } from './common/method-not-allowed';
import { describeContract } from './common/openapi';
import { ApiMetrics } from './metrics/api-metrics';
import { logRequests } from './common/request-log';
import { createValidationPipe } from './common/validation';
import { serveWebApp } from './web/web-app';

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
    // A malformed or over-long URL is answered before routing, without echoing the URL back.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      const statusCode = error.statusCode ?? 400;
      const message = statusCode === 414 ? 'a path parameter is longer than the API allows' : 'the URL is malformed';
      void reply.status(statusCode).send(errorBody(statusCode, message));
    },
    logger: { ...logFormat(server.logLevel), ...(options.logStream ? { stream: options.logStream } : {}) },
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, {
    // Held until nestjs-pino takes over below, so even the first lines come in the one format.
    bufferLogs: true,
    // JSON bodies go through registerJsonBodyParser (empty bodies, depth limit) instead of Nest's parser.
    bodyParser: false,
  });
  app.useLogger(app.get(PinoNestLogger));
  const fastify = app.getHttpAdapter().getInstance();
  registerJsonBodyParser(fastify);
  const addMethodNotAllowedRoutes = answerUnsupportedMethods(fastify);
  logRequests(fastify, app.get(ApiMetrics));
  await app.register(helmet, {
    // The OpenAPI page (Swagger UI) needs inline styles; its scripts are served from here. No upgrade
    // to https: the embedded default serves plain http on localhost, where TLS is a proxy's job.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // The web app talks to the OIDC issuer (discovery, token endpoint) when it signs in there.
        connectSrc: ["'self'", ...(config.auth.webSignIn ? [new URL(config.auth.issuer).origin] : [])],
        upgradeInsecureRequests: null,
      },
    },
  });
  // Browsers may call the API cross-origin only from origins named in CORS_ORIGINS; none by default.
  if (server.corsOrigins.length > 0) app.enableCors({ origin: server.corsOrigins });
  // Prometheus scrapes /metrics, its conventional path, outside the API's own prefix.
  app.setGlobalPrefix(API_PREFIX, { exclude: ['metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());

  const document = describeContract(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Groundwork')
        .setDescription('Bottom-up customer/supplier deals: exploration, go/no-go, contract, ratification, live relationship.')
        .setVersion('1')
        .addBearerAuth()
        .build(),
      { extraModels: [ErrorView] },
    ),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs-json` });
  await app.init();
  addMethodNotAllowedRoutes();
  // After the 405 routes: outside the API, a path the web app does not know is a plain 404.
  await serveWebApp(app, server.webDir, API_PREFIX);
  await fastify.ready();
  return app;
}

/** Listens where the configuration says (loopback by default); says loudly when dev login is exposed. */
export async function listenApi(app: NestFastifyApplication, config: GroundworkConfig): Promise<string> {
  const { host, port, devAuthOnNetwork } = config.server;
  if (config.auth.mode === 'dev' && devAuthOnNetwork && !isLoopback(host)) {
    new Logger('Security').warn(
      `AUTH_DEV_ALLOW_NETWORK=true: dev-login on ${host}:${port} hands anyone who reaches this address a token ` +
        'for any demo user, directors included, without a password. Never do this on a shared network.',
    );
  }
  await app.listen({ port, host });
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}
