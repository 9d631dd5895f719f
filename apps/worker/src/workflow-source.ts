import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleOptions, WorkerOptions } from '@temporalio/worker';
import { TsconfigPathsPlugin } from 'tsconfig-paths-webpack-plugin';
import { repoRoot } from '@app/config';
import { WORKFLOW_TRACING_MODULES } from '@app/tracing';

/** Where the worker takes its workflow code from: a prebuilt bundle in production, the sources otherwise. */
export type WorkflowSource = Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'>;

export const WORKFLOWS_ENTRY = join(repoRoot(), 'workflows/src/workflows.ts');

/** The bundler resolves `@app/*` through the same tsconfig paths as the compiler. */
export const workflowBundlerOptions: BundleOptions['webpackConfigHook'] = (config) => {
  config.resolve ??= {};
  config.resolve.plugins = [
    ...(config.resolve.plugins ?? []),
    new TsconfigPathsPlugin({ configFile: join(repoRoot(), 'tsconfig.json'), extensions: ['.ts', '.js'] }),
  ];
  return config;
};

/**
 * How every workflow bundle is made (build, tests, benchmarks): the workflows and their path aliases,
 * plus, for a worker that exports traces, OpenTelemetry's workflow interceptors. Interceptors add no
 * command and draw no workflow randomness the workflows use, so histories replay on either bundle.
 */
export function workflowBundleOptions(traced: boolean) {
  return {
    workflowsPath: WORKFLOWS_ENTRY,
    webpackConfigHook: workflowBundlerOptions,
    ...(traced ? { workflowInterceptorModules: WORKFLOW_TRACING_MODULES } : {}),
  } satisfies Partial<BundleOptions>;
}

/** The prebuilt bundle a compiled worker runs, with or without the tracing interceptors. */
export function workflowBundleFile(traced: boolean): string {
  return join(repoRoot(), traced ? 'dist/workflow-bundle.traced.js' : 'dist/workflow-bundle.js');
}

/** A compiled worker runs the prebuilt bundle; otherwise it bundles the sources at start (with the tracing plugin's interceptors, if any). */
export function defaultWorkflowSource(traced: boolean): WorkflowSource {
  const compiled = __filename.endsWith('.js');
  const bundle = workflowBundleFile(traced);
  if (compiled && existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  return { workflowsPath: WORKFLOWS_ENTRY, bundlerOptions: { webpackConfigHook: workflowBundlerOptions } };
}
