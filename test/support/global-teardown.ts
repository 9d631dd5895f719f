import { rm } from 'node:fs/promises';
import { TEST_ENV } from './test-env';

export default async function globalTeardown(): Promise<void> {
  await globalThis.groundworkTestServer?.stop();
  const bundle = process.env[TEST_ENV.workflowBundle];
  if (bundle) await rm(bundle, { force: true });
  const dataDir = process.env[TEST_ENV.dataDir];
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
