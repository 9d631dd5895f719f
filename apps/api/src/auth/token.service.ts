import { Inject, Injectable } from '@nestjs/common';
import { SignJWT, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AuthConfig } from '@app/config';
import { ROLES, type Actor, type Role } from '@app/domain';
import type { DirectoryUser } from './user-directory';

export class InvalidTokenError extends Error {}

/** Asymmetric algorithms an OIDC issuer signs with; HS256 belongs to the shared-secret modes only. */
const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Verifies bearer tokens: HS256 with the shared secret (dev and jwt modes), or an OIDC issuer's
 * signing keys from its JWKS (oidc mode; jose refetches the set when a token names an unknown key,
 * which is how key rotation reaches us). Issues tokens in dev mode only.
 */
@Injectable()
export class TokenService {
  private readonly secret: Uint8Array;
  private readonly jwks: JWTVerifyGetKey | undefined;

  constructor(@Inject(AuthConfig) private readonly config: AuthConfig) {
    this.secret = new TextEncoder().encode(config.jwtSecret);
    this.jwks =
      config.mode === 'oidc' ? createRemoteJWKSet(new URL(config.jwksUrl!), { cooldownDuration: config.jwksCooldownMs }) : undefined;
  }

  issue(user: DirectoryUser): Promise<string> {
    if (this.config.mode !== 'dev') throw new Error('tokens are issued in dev mode only');
    return new SignJWT({ roles: user.roles, name: user.name })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt()
      .setExpirationTime(this.config.tokenTtl)
      .sign(this.secret);
  }

  async verify(token: string): Promise<Actor> {
    const options = { issuer: this.config.issuer, audience: this.config.audience };
    let payload: JWTPayload;
    try {
      ({ payload } = this.jwks
        ? await jwtVerify(token, this.jwks, { ...options, algorithms: OIDC_ALGORITHMS })
        : await jwtVerify(token, this.secret, { ...options, algorithms: ['HS256'] }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) throw new InvalidTokenError(error.message);
      throw error;
    }
    if (!payload.sub) throw new InvalidTokenError('the token names no subject');
    return { userId: payload.sub, roles: rolesIn(claimAt(payload, this.config.rolesClaim)) };
  }
}

function claimAt(payload: JWTPayload, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
}

/** Roles come as a list or a space-separated string; names Groundwork does not know are ignored. */
function rolesIn(claim: unknown): Role[] {
  const names = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(' ') : [];
  return names.filter((name): name is Role => (ROLES as readonly unknown[]).includes(name));
}
