export { createWorkerApp } from './worker.app';
export { defaultWorkflowSource, workflowBundleFile, workflowBundleOptions, type WorkflowSource } from './workflow-source';
