import { ForbiddenException, Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@app/domain';
import { PUBLIC_ROUTE, REQUIRED_ROLES, type AuthenticatedRequest } from './auth.decorators';
import { InvalidTokenError, TokenService } from './token.service';

/** Global guard: every route needs a valid bearer token unless marked @Public(); @RequireRoles adds a role check. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenService) private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer (.+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('a bearer token is required (Authorization: Bearer <token>)');
    try {
      request.actor = await this.tokens.verify(match[1]!);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException(`invalid token: ${error.message}`);
      throw error;
    }

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !required.some((role) => request.actor!.roles.includes(role))) {
      throw new ForbiddenException(`this action needs the role ${required.join(' or ')}`);
    }
    return true;
  }
}
