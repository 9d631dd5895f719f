export { createWorkerApp } from './worker.app';
export { WORKFLOWS_ENTRY, WORKFLOW_BUNDLE_FILE, defaultWorkflowSource, workflowBundlerOptions, type WorkflowSource } from './workflow-source';
