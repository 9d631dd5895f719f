// `npm run histories:record`: drives deals through the API on a real dev server and saves their
// histories under test/histories/, for the replay spec that guards running deals against workflow changes.
const base = require('./jest.config.js');
const e2e = base.projects.find((project) => project.displayName === 'e2e');

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: base.testTimeout,
  maxWorkers: 1,
  projects: [{ ...e2e, displayName: 'record', testMatch: ['<rootDir>/test/histories/*.recording.ts'] }],
};
