import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TestApp } from './support/test-app';

/** The shell blocks of one README section, in order, exactly as a reader would paste them. */
async function shellBlocksOf(section: string): Promise<string> {
  const readme = await readFile(join(__dirname, '..', 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${section}`);
  if (start < 0) throw new Error(`README has no section "${section}"`);
  const end = readme.indexOf('\n## ', start + 1);
  const text = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
  if (blocks.length === 0) throw new Error(`README section "${section}" has no sh block`);
  return blocks.join('\n');
}

describe('the README walkthrough, run verbatim with curl against a started product', () => {
  let app: TestApp;
  let api: string;

  beforeAll(async () => {
    app = await TestApp.start();
    api = await app.listen();
  });

  afterAll(async () => {
    await app.close();
  });

  it('takes a deal from first contact to live, and an incident from report to resolved, without an error', async () => {
    const script = await shellBlocksOf('Walkthrough: a deal from first contact to live');
    const { stdout } = await promisify(execFile)('bash', ['-c', `set -euo pipefail\n${script}`], {
      env: { ...process.env, API: api },
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const answers = stdout
      .split('\n')
      .filter((line) => line.startsWith('{') || line.startsWith('['))
      .map((line) => JSON.parse(line) as unknown);
    const errors = answers.filter((answer) => typeof answer === 'object' && answer !== null && 'statusCode' in answer);
    expect(errors).toEqual([]);
    expect(stdout).toContain('"stage":"live"');
    expect(stdout).toContain('"recommendation":{"decision":"go"');
    expect(answers).toContainEqual(expect.objectContaining({ incidentId: 'incident-1', status: 'reported' }));
    expect(answers).toContainEqual(expect.objectContaining({ id: 'incident-1', status: 'acknowledged' }));
    expect(answers).toContainEqual(expect.objectContaining({ id: 'incident-1', status: 'resolved' }));
  });
});
