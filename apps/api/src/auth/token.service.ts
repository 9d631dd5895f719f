import { Inject, Injectable } from '@nestjs/common';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { AuthConfig } from '@app/config';
import { ROLES, type Actor, type Role } from '@app/domain';
import type { DirectoryUser } from './user-directory';

const ISSUER = 'groundwork';
const AUDIENCE = 'groundwork-api';

export class InvalidTokenError extends Error {}

/** Issues and verifies HS256 bearer tokens; roles travel in the `roles` claim. */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;

  constructor(@Inject(AuthConfig) private readonly config: AuthConfig) {
    this.key = new TextEncoder().encode(config.jwtSecret);
  }

  issue(user: DirectoryUser): Promise<string> {
    return new SignJWT({ roles: user.roles, name: user.name })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(this.config.tokenTtl)
      .sign(this.key);
  }

  async verify(token: string): Promise<Actor> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((role): role is Role => (ROLES as readonly unknown[]).includes(role)) : [];
      if (!payload.sub) throw new InvalidTokenError('token has no subject');
      return { userId: payload.sub, roles };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError || error instanceof InvalidTokenError) throw new InvalidTokenError(error.message);
      throw error;
    }
  }
}
