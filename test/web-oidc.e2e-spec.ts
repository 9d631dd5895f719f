import { rm } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findFreePort } from '@app/temporal-cli';
import { buildWebApp, launchBrowser } from './support/browser';
import { OIDC_AUDIENCE, OIDC_WEB_CLIENT, issuerUrl, startOidcIssuer, type RunningIssuer } from './support/oidc-issuer';
import { TestApp } from './support/test-app';

/**
 * The web app's sign-in in oidc mode against a real OpenID Provider (panva's oidc-provider) on
 * loopback: authorization code with PKCE, the API verifying the issuer's JWT access tokens with its
 * JWKS, sign-out at the issuer, and an expired access token.
 */
describe('the web app signs in at an OIDC issuer', () => {
  let app: TestApp;
  let issuer: RunningIssuer;
  let webDir: string;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    webDir = await buildWebApp();
    const issuerPort = await findFreePort();
    app = await TestApp.start({
      GROUNDWORK_WEB_DIR: webDir,
      AUTH_MODE: 'oidc',
      AUTH_ISSUER: issuerUrl(issuerPort),
      AUTH_AUDIENCE: OIDC_AUDIENCE,
      AUTH_JWKS_URL: `${issuerUrl(issuerPort)}/jwks`,
      AUTH_OIDC_CLIENT_ID: OIDC_WEB_CLIENT,
      AUTH_OIDC_SCOPE: 'openid profile api',
    });
    base = (await app.listen()).replace(/\/api$/, '');
    issuer = await startOidcIssuer(base, issuerPort);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await issuer?.stop();
    await app?.close();
    await rm(webDir, { recursive: true, force: true });
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    return page;
  }

  /** From the sign-in page through the issuer's login and consent, back to the page asked for. */
  async function signInAtIssuer(page: Page, login: string): Promise<string> {
    const authorization = page.waitForRequest((request) => request.url().startsWith(`${issuer.issuer}/auth?`));
    await page.getByRole('button', { name: 'Sign in with your organisation' }).click();
    const authorizationUrl = (await authorization).url();
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return authorizationUrl;
  }

  it('signs in with the authorization code and PKCE, shows what the roles in the token allow, and signs out at the issuer', async () => {
    const page = await newPage();
    await page.goto(`${base}/deals?stage=live`);
    const authorizationUrl = new URL(await signInAtIssuer(page, 'pm.paula'));
    expect(authorizationUrl.searchParams.get('response_type')).toBe('code');
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    // Back on the page asked for, with what a programme manager may do.
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/deals?stage=live');
    await page.getByRole('form', { name: 'Start a deal' }).waitFor();
    const token = await page.evaluate('sessionStorage.getItem("groundwork.token")');
    const me = await app.http.get('/api/me').set('Authorization', `Bearer ${String(token)}`).expect(200);
    expect(me.body).toMatchObject({ id: 'pm.paula', roles: ['programme-manager'] });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByRole('button', { name: 'Sign in with your organisation' }).waitFor();
    expect(new URL(page.url()).origin).toBe(base);
    // The session at the issuer ended too: signing in again asks for the login.
    await page.getByRole('button', { name: 'Sign in with your organisation' }).click();
    await page.locator('input[name="login"]').waitFor();
  });

  it('ends a session whose access token expired with a clear message', async () => {
    issuer.setAccessTokenTtl(2);
    try {
      const page = await newPage();
      await page.goto(`${base}/tasks`);
      await signInAtIssuer(page, 'op.otto');
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await page.reload();
      await page.getByText('Your session has expired. Sign in again.').waitFor();
      await page.getByRole('button', { name: 'Sign in with your organisation' }).waitFor();
    } finally {
      issuer.setAccessTokenTtl(600);
    }
  });
});
