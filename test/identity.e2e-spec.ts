import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { dealBody, expectStatus } from './support/deal-driver';
import { TestApp } from './support/test-app';

const ISSUER = 'https://id.example.test/realms/groundwork';
const AUDIENCE = 'groundwork';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/** Identity outside dev mode: tokens of an OIDC issuer, verified with the keys it publishes. */
describe('OIDC bearer tokens', () => {
  let published: JWK[] = [];
  let jwksServer: Server;
  let app: TestApp;
  let current: SigningKey;

  const token = (key: SigningKey, claims: Record<string, unknown> = {}, edit: (jwt: SignJWT) => SignJWT = (jwt) => jwt) =>
    edit(
      new SignJWT({ realm_access: { roles: ['programme-manager'] }, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid })
        .setSubject('pm.paula')
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('5m'),
    ).sign(key.privateKey);
  const get = (bearer: string) => app.http.get('/api/deals').set('Authorization', `Bearer ${bearer}`);

  beforeAll(async () => {
    current = await signingKey('key-1');
    published = [current.jwk];
    jwksServer = createServer((request, response) => {
      response.writeHead(request.url === '/jwks.json' ? 200 : 404, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    app = await TestApp.start({
      AUTH_MODE: 'oidc',
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_JWKS_URL: `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`,
      AUTH_ROLES_CLAIM: 'realm_access.roles',
      AUTH_JWKS_COOLDOWN_MS: '0',
    });
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  it('accepts a valid token and takes the roles from the configured claim', async () => {
    await get(await token(current)).expect(200);
    const started = await app.http.post('/api/deals').set('Authorization', `Bearer ${await token(current)}`).send(dealBody());
    expectStatus(started, 201);
    const noRoles = await token(current, { realm_access: { roles: ['viewer'] } });
    expectStatus(await app.http.post('/api/deals').set('Authorization', `Bearer ${noRoles}`).send(dealBody()), 403);
  });

  it.each([
    ['expired', (jwt: SignJWT) => jwt.setExpirationTime(Math.floor(Date.now() / 1000) - 60)],
    ['from another issuer', (jwt: SignJWT) => jwt.setIssuer('https://evil.example.test')],
    ['for another audience', (jwt: SignJWT) => jwt.setAudience('someone-else')],
  ])('refuses a token %s with 401', async (_, edit) => {
    const response = expectStatus(await get(await token(current, {}, edit)), 401);
    expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it('refuses a tampered token, an unknown key and a shared-secret token', async () => {
    const [header, , signature] = (await token(current)).split('.');
    const payload = Buffer.from(JSON.stringify({ sub: 'dir.dana', iss: ISSUER, aud: AUDIENCE, exp: 9_999_999_999, realm_access: { roles: ['director'] } })).toString('base64url');
    expectStatus(await get(`${header}.${payload}.${signature}`), 401);
    expectStatus(await get(await token(await signingKey('never-published'))), 401);
    const hs256 = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('pm.paula').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(new TextEncoder().encode('x'.repeat(32)));
    expectStatus(await get(hs256), 401);
  });

  it('follows a key rotation: a token signed with the new key is accepted once the issuer publishes it', async () => {
    const next = await signingKey('key-2');
    published = [current.jwk, next.jwk];
    await get(await token(next)).expect(200);
    published = [next.jwk];
    current = next;
    await get(await token(next)).expect(200);
  });

  it('has no dev-login outside dev mode', async () => {
    await app.http.post('/api/auth/dev-login').send({ userId: 'pm.paula' }).expect(404);
  });
});
