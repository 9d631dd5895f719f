import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, startDevServer } from '@app/temporal-cli';
import { DEAL_SEARCH_ATTRIBUTES } from '@app/workflows';
import { testEnv } from './test-env';

/** A Temporal dev server and a store of a spec's own, as the variables a TestApp takes. */
export interface OwnWorld {
  env: { TEMPORAL_ADDRESS: string; GROUNDWORK_DATA_DIR: string };
  stop(): Promise<void>;
}

/**
 * For a spec whose deals, users' settings or deployment state the other specs must not see (a
 * fuzzer, a matrix that ends deals, a current worker version, stopped workers): its own dev server
 * on a free loopback port and its own store directory, both gone after `stop`.
 */
export async function ownWorld(name: string): Promise<OwnWorld> {
  const server = await startDevServer({ cliPath: testEnv('cliPath'), port: await findFreePort(), namespace: 'default', searchAttributes: DEAL_SEARCH_ATTRIBUTES });
  const dataDir = await mkdtemp(join(tmpdir(), `groundwork-${name}-`));
  return {
    env: { TEMPORAL_ADDRESS: server.address, GROUNDWORK_DATA_DIR: dataDir },
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
