export {
  TEMPORAL_CLI_VERSION,
  TEMPORAL_TEST_SERVER_VERSION,
  ensureTemporalCli,
  ensureTemporalTestServer,
  findRepoRoot,
  type EnsureToolOptions,
} from './temporal-cli';
export {
  DURABLE_SQLITE_PRAGMAS,
  findFreePort,
  startDevServer,
  type DevServerOptions,
  type RunningDevServer,
} from './dev-server';
