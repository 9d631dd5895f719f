export {
  TEMPORAL_CLI_VERSION,
  TEMPORAL_TEST_SERVER_VERSION,
  ensureTemporalCli,
  ensureTemporalTestServer,
  findRepoRoot,
  type EnsureToolOptions,
} from './temporal-cli';
export {
  findFreePort,
  startDevServer,
  type DevServerOptions,
  type RunningDevServer,
} from './dev-server';
