import './register-paths';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { ensureTemporalCli, findFreePort, startDevServer, type RunningDevServer } from '@app/temporal-cli';
import { workflowBundleOptions } from '@app/worker';
import { DEAL_SEARCH_ATTRIBUTES } from '@app/workflows';
import { TEST_ENV } from './test-env';

declare global {
  var groundworkTestServer: RunningDevServer | undefined;
}

/** One real Temporal dev server, one store (a SQLite file) and one workflow bundle for the whole end-to-end run. */
export default async function globalSetup(): Promise<void> {
  const cliPath = await ensureTemporalCli({ log: (line) => console.log(line) });
  const server = await startDevServer({
    cliPath,
    port: await findFreePort(),
    namespace: 'default',
    searchAttributes: DEAL_SEARCH_ATTRIBUTES,
  });
  globalThis.groundworkTestServer = server;
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(false), logger: new DefaultLogger('WARN') });
  const bundlePath = join(tmpdir(), `groundwork-workflows-${process.pid}.js`);
  await writeFile(bundlePath, code);
  process.env[TEST_ENV.temporalAddress] = server.address;
  process.env[TEST_ENV.workflowBundle] = bundlePath;
  process.env[TEST_ENV.cliPath] = cliPath;
  process.env[TEST_ENV.dataDir] = await mkdtemp(join(tmpdir(), 'groundwork-e2e-'));
}
