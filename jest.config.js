// Two projects: fast unit specs beside the code, and end-to-end specs in test/ that run
// against a real Temporal dev server started once by the global setup.
const moduleNameMapper = {
  '^@app/domain/testing$': '<rootDir>/libs/domain/src/deal.fixtures.ts',
  '^@app/(domain|temporal|temporal-cli|activities|config|notifications|store|health|tracing)$': '<rootDir>/libs/$1/src/index.ts',
  '^@app/workflows$': '<rootDir>/workflows/src/index.ts',
  '^@app/(api|worker)$': '<rootDir>/apps/$1/src/index.ts',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
};
const common = { rootDir: __dirname, testEnvironment: 'node', moduleNameMapper, transform, setupFiles: ['reflect-metadata'] };

/** @type {import('jest').Config} */
module.exports = {
  // Timeouts bound the e2e specs, which drive a real Temporal server; unit specs finish far sooner.
  testTimeout: 60_000,
  // The e2e suites share one dev server and one task queue, like the product's single deployment:
  // per-user inbox workflows live on that queue, so a worker of another queue must not own them.
  maxWorkers: 1,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,apps,workflows,test}/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/web/'],
    },
    {
      // The web app's component and hook logic, rendered in jsdom with Testing Library.
      ...common,
      displayName: 'web',
      testEnvironment: 'jsdom',
      setupFiles: [],
      testMatch: ['<rootDir>/apps/web/src/**/*.spec.{ts,tsx}'],
      transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/apps/web/tsconfig.spec.json' }] },
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
