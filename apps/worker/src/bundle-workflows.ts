import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_FILE, WORKFLOW_BUNDLE_OPTIONS } from './workflow-source';

/** Build step: bundles the workflows once so production workers start fast and run exactly what was built. */
async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ ...WORKFLOW_BUNDLE_OPTIONS });
  await mkdir(dirname(WORKFLOW_BUNDLE_FILE), { recursive: true });
  await writeFile(WORKFLOW_BUNDLE_FILE, code);
  console.log(`workflow bundle written to ${WORKFLOW_BUNDLE_FILE} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((error: unknown) => {
  console.error('bundling the workflows failed:', error);
  process.exit(1);
});
