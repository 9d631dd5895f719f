import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleFile, workflowBundleOptions } from './workflow-source';

/** Build step: bundles the workflows (untraced and traced) so production workers start fast and run exactly what was built. */
async function main(): Promise<void> {
  for (const traced of [false, true]) {
    const file = workflowBundleFile(traced);
    const { code } = await bundleWorkflowCode(workflowBundleOptions(traced));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, code);
    console.log(`workflow bundle written to ${file} (${Math.round(code.length / 1024)} KiB)`);
  }
}

main().catch((error: unknown) => {
  console.error('bundling the workflows failed:', error);
  process.exit(1);
});
