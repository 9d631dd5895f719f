import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '@app/config';
import { TestApp } from './test-app';

/** Debian's chromium (`apt-get install -y chromium`); CHROMIUM_PATH overrides. Never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds the web app as `npm run build:web` does, into a scratch folder the test's API serves. */
export async function buildWebApp(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'groundwork-web-'));
  await promisify(execFile)(join(repoRoot(), 'node_modules/.bin/vite'), ['build', '--config', 'apps/web/vite.config.mts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: repoRoot(),
    timeout: 120_000,
  });
  return outDir;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no browser at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  // --no-sandbox: CI runs the suite as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'], timeout: 30_000 });
}

/** The serious and critical accessibility violations axe finds on the page, as "rule: target" lines. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} (${violation.help})`));
}

/** Where the browser specs keep a screenshot of each page they visit: CI artefacts, ignored by git. */
export const SCREENSHOT_DIR = join(repoRoot(), 'test/artifacts/web');

/** Saves what the page shows now as `test/artifacts/web/<name>.png`, the whole page scrolled. */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** The label of a demo user on the sign-in picker: their name in the demo users' file. */
export function pickerLabel(userId: string): string {
  const { users } = JSON.parse(readFileSync(join(repoRoot(), 'config/demo-users.json'), 'utf8')) as { users: { id: string; name: string }[] };
  const user = users.find((candidate) => candidate.id === userId);
  if (!user) throw new Error(`${userId} is not a demo user`);
  return user.name;
}

/**
 * People at their own browsers against one served web app: each page has a context of its own (its
 * own session storage), so several users can be signed in at once. `close` ends every context.
 */
export class BrowserUsers {
  private readonly contexts: BrowserContext[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly base: string,
  ) {}

  async newPage(width = 1280): Promise<Page> {
    const context = await this.browser.newContext({ viewport: { width, height: 900 } });
    this.contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    return page;
  }

  /** Opens `path` and signs in on the picker as a demo user, by label, as a person would. */
  async signedIn(userId: string, path = '/tasks', width?: number): Promise<Page> {
    const page = await this.newPage(width);
    await page.goto(`${this.base}${path}`);
    await page.getByLabel(pickerLabel(userId), { exact: false }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return page;
  }

  async close(): Promise<void> {
    for (const context of this.contexts.splice(0)) await context.close().catch(() => undefined);
  }
}

/** The web app built and served by a TestApp's API on a loopback port, and a browser for its users. */
export class WebWorld {
  private constructor(
    readonly app: TestApp,
    /** The web app's origin, e.g. http://127.0.0.1:41234. */
    readonly base: string,
    readonly users: BrowserUsers,
    private readonly browser: Browser,
    private readonly webDir: string,
  ) {}

  static async start(): Promise<WebWorld> {
    const webDir = await buildWebApp();
    // A browser sends many requests a second; the rate limits are not what these specs look at.
    const app = await TestApp.start({ GROUNDWORK_WEB_DIR: webDir, RATE_LIMIT_USER_PER_MINUTE: '100000', RATE_LIMIT_IP_PER_MINUTE: '100000' });
    const base = (await app.listen()).replace(/\/api$/, '');
    const browser = await launchBrowser().catch(async (error: unknown) => {
      await app.close();
      throw error;
    });
    return new WebWorld(app, base, new BrowserUsers(browser, base), browser, webDir);
  }

  async close(): Promise<void> {
    await this.users.close();
    await this.browser.close();
    await this.app.close();
    await rm(this.webDir, { recursive: true, force: true });
  }
}
