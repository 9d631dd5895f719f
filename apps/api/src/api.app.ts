import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { nestLogLevels, type GroundworkConfig } from '@app/config';
import { ApiModule } from './api.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { createValidationPipe } from './common/validation';

export const API_PREFIX = 'api';

/** Builds the HTTP API (not yet listening), so the launcher, `main` and the tests start it alike. */
export async function createApiApp(config: GroundworkConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), new FastifyAdapter(), {
    logger: nestLogLevels(config.server.logLevel),
  });
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
