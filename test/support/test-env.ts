/** Variables the global setup hands to the test files. */
export const TEST_ENV = {
  temporalAddress: 'GROUNDWORK_TEST_TEMPORAL_ADDRESS',
  workflowBundle: 'GROUNDWORK_TEST_WORKFLOW_BUNDLE',
  cliPath: 'GROUNDWORK_TEST_TEMPORAL_CLI',
  dataDir: 'GROUNDWORK_TEST_DATA_DIR',
} as const;

export function testEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value) throw new Error(`${TEST_ENV[name]} is not set: run the end-to-end tests through jest's e2e project`);
  return value;
}
