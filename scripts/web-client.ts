import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { COMMENT_HEADER, astToString, type OpenAPI3 } from 'openapi-typescript';
import { createApiApp } from '@app/api';
import { loadConfig, repoRoot } from '@app/config';

/** The web app's API types, generated from the OpenAPI document; CI checks the file matches the API. */
export const WEB_CLIENT_FILE = join(repoRoot(), 'apps/web/src/api/schema.ts');

/** The API's OpenAPI document as `/api/docs-json` serves it, from an API started on a scratch store (Temporal is not needed). */
export async function openApiDocument(): Promise<OpenAPI3> {
  const dataDir = await mkdtemp(join(tmpdir(), 'groundwork-openapi-'));
  const app = await createApiApp(loadConfig({ GROUNDWORK_DATA_DIR: dataDir, LOG_LEVEL: 'error', AUTH_MODE: 'dev' }));
  try {
    const response = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/api/docs-json' });
    return response.json<OpenAPI3>();
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The source of WEB_CLIENT_FILE for today's API. */
export async function webClientSource(): Promise<string> {
  const ast = await openapiTS(await openApiDocument(), { alphabetize: true });
  return `${COMMENT_HEADER.replace('Do not make direct changes to the file.', 'Do not edit: `npm run web:client` writes it from the API.')}${astToString(ast)}`;
}
