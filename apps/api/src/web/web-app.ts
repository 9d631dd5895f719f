import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorBody } from '../common/http-exception.filter';

/**
 * Serves the built web app beside the API on the same port: its files as they are (hashed assets
 * cached for a year), and its index page for every other GET outside `/api`, so a bookmarked page
 * of the single-page app opens directly. Without a build (`npm run build`) the API runs alone.
 */
export async function serveWebApp(app: NestFastifyApplication, webDir: string, apiPrefix: string): Promise<void> {
  if (!isWebAppBuilt(webDir)) return;
  await app.register(fastifyStatic, {
    root: webDir,
    wildcard: false,
    index: false,
    setHeaders: (response, path) => {
      response.header('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/*', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // Under the API, or a file the build does not have: a plain 404, never the page.
    if (path.startsWith(`/${apiPrefix}/`) || path === `/${apiPrefix}` || /\.[a-z0-9]+$/i.test(path)) {
      return reply.status(404).send(errorBody(404, `Cannot GET ${path}`));
    }
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });
  fastify.get('/', async (_request, reply) => reply.header('Cache-Control', 'no-cache').sendFile('index.html'));
}

export function isWebAppBuilt(webDir: string): boolean {
  return existsSync(join(webDir, 'index.html'));
}
