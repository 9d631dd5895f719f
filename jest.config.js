// Two projects: fast unit specs beside the code, and end-to-end specs in test/ that run
// against a real Temporal dev server started once by the global setup.
const moduleNameMapper = {
  '^@app/(domain|temporal|temporal-cli|activities|config)$': '<rootDir>/libs/$1/src/index.ts',
  '^@app/workflows$': '<rootDir>/workflows/src/index.ts',
  '^@app/(api|worker)$': '<rootDir>/apps/$1/src/index.ts',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
};
const common = { rootDir: __dirname, testEnvironment: 'node', moduleNameMapper, transform, setupFiles: ['reflect-metadata'] };

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,apps,workflows,test}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      testTimeout: 120000,
    },
  ],
};
