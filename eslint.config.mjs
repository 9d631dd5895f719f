// @ts-check
import eslint from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** What workflow code must never import: anything non-deterministic or Node-bound breaks replay. */
const WORKFLOW_FORBIDDEN = {
  patterns: [
    { group: ['node:*'], message: 'Workflow code is deterministic: no Node built-ins.' },
    { group: ['@nestjs/*', 'class-validator', 'class-transformer', 'reflect-metadata'], message: 'Workflow code stays free of decorators and Nest.' },
    { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'], message: 'Workflows import @temporalio/workflow only; activities are typed with `import type`.' },
  ],
  paths: ['fs', 'path', 'crypto', 'http', 'https', 'os', 'child_process', 'net', 'process'].map((name) => ({ name, message: 'Workflow code is deterministic: no Node built-ins.' })),
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'tools/', 'data/', 'coverage/', '*.config.js', 'jest.record.config.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', WORKFLOW_FORBIDDEN] },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-member-access': 'off', '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  { files: ['eslint.config.mjs'], ...tseslint.configs.disableTypeChecked },
);
