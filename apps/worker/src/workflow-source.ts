import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleOptions, WorkerOptions } from '@temporalio/worker';
import { TsconfigPathsPlugin } from 'tsconfig-paths-webpack-plugin';
import { repoRoot } from '@app/config';
import { WORKFLOW_TRACING_MODULES } from '@app/tracing';

/** Where the worker takes its workflow code from: a prebuilt bundle in production, the sources otherwise. */
export type WorkflowSource = Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'>;

export const WORKFLOWS_ENTRY = join(repoRoot(), 'workflows/src/workflows.ts');
export const WORKFLOW_BUNDLE_FILE = join(repoRoot(), 'dist/workflow-bundle.js');

/** The bundler resolves `@app/*` through the same tsconfig paths as the compiler. */
export const workflowBundlerOptions: BundleOptions['webpackConfigHook'] = (config) => {
  config.resolve ??= {};
  config.resolve.plugins = [
    ...(config.resolve.plugins ?? []),
    new TsconfigPathsPlugin({ configFile: join(repoRoot(), 'tsconfig.json'), extensions: ['.ts', '.js'] }),
  ];
  return config;
};

/** How every workflow bundle is made (build, tests, benchmarks): the workflows, their path aliases and the tracing interceptors. */
export const WORKFLOW_BUNDLE_OPTIONS = {
  workflowsPath: WORKFLOWS_ENTRY,
  webpackConfigHook: workflowBundlerOptions,
  workflowInterceptorModules: WORKFLOW_TRACING_MODULES,
} satisfies Partial<BundleOptions>;

export function defaultWorkflowSource(): WorkflowSource {
  const compiled = __filename.endsWith('.js');
  if (compiled && existsSync(WORKFLOW_BUNDLE_FILE)) return { workflowBundle: { codePath: WORKFLOW_BUNDLE_FILE } };
  return { workflowsPath: WORKFLOWS_ENTRY, bundlerOptions: { webpackConfigHook: workflowBundlerOptions } };
}
