export { createWorkerApp } from './worker.app';
export { WORKFLOW_BUNDLE_FILE, WORKFLOW_BUNDLE_OPTIONS, defaultWorkflowSource, type WorkflowSource } from './workflow-source';
