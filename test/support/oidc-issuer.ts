import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { repoRoot } from '@app/config';

/** The demo users' roles, which this issuer puts in its access tokens as a `roles` claim. */
const ROLES_OF = new Map(
  (JSON.parse(readFileSync(join(repoRoot(), 'config/demo-users.json'), 'utf8')) as { users: { id: string; roles: string[] }[] }).users.map((user) => [user.id, user.roles]),
);

/** The API's audience (a resource indicator, hence a URI) and the web app's client, as the API is configured for them. */
export const OIDC_AUDIENCE = 'https://groundwork.test/api';
export const OIDC_WEB_CLIENT = 'groundwork-web';

export interface RunningIssuer {
  issuer: string;
  /** Access tokens issued from now on live this long. */
  setAccessTokenTtl(seconds: number): void;
  stop(): Promise<void>;
}

/**
 * A real OpenID Provider (panva's oidc-provider) on loopback: one public client for the web app
 * (authorization code with PKCE), JWT access tokens for the API's audience, its development login
 * and consent pages (any login name, any password).
 */
export async function startOidcIssuer(webOrigin: string, issuerPort: number): Promise<RunningIssuer> {
  const { default: Provider } = await import('oidc-provider');
  const issuer = issuerUrl(issuerPort);
  const audience = OIDC_AUDIENCE;
  const clientId = OIDC_WEB_CLIENT;
  let accessTokenTtl = 600;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [`${webOrigin}/auth/callback`],
        post_logout_redirect_uris: [`${webOrigin}/`],
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }] },
    pkce: { required: () => true },
    ttl: { AccessToken: () => accessTokenTtl, IdToken: 600, Interaction: 600, Session: 3_600, Grant: 3_600 },
    clientBasedCORS: (_ctx, origin) => origin === webOrigin,
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, name: sub }) }),
    features: {
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'api', audience, accessTokenFormat: 'jwt', accessTokenTTL: accessTokenTtl, jwt: { sign: { alg: 'RS256' } } }),
      },
    },
    extraTokenClaims: (_ctx, token) => ('accountId' in token && token.kind === 'AccessToken' ? { roles: ROLES_OF.get(token.accountId) ?? [] } : undefined),
  });
  const server: Server = await new Promise((resolve) => {
    const listening = provider.listen(issuerPort, '127.0.0.1', () => resolve(listening));
  });
  return {
    issuer,
    setAccessTokenTtl: (seconds) => {
      accessTokenTtl = seconds;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const issuerUrl = (port: number): string => `http://127.0.0.1:${port}`;
