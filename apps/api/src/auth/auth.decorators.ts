import { SetMetadata, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Actor, Role } from '@app/domain';

export const PUBLIC_ROUTE = Symbol('PUBLIC_ROUTE');
export const REQUIRED_ROLES = Symbol('REQUIRED_ROLES');

/**
 * Who may call an operation, as the OpenAPI document states it beside each one: the authorization
 * matrix spec reads these and expects exactly what they say of every role, on and off a deal. An
 * operation with none of them needs any valid identity.
 */
export const ACCESS_EXTENSIONS = {
  /** `true`: no identity needed. */
  public: 'x-groundwork-public',
  /** The roles of which the caller must hold one. */
  roles: 'x-groundwork-roles',
  /** Who among the people on the deal may do it (a `DealAccess`): others on the deal get 403, anyone not on it 404. */
  deal: 'x-groundwork-deal-access',
} as const;

/**
 * Beyond the role: `participant` is anyone on the deal, `assignee` the task's assignee, `owner-or-programme-manager`
 * the task's owner or a programme manager, `sponsoring-director` a director named on the deal,
 * `named-advisor` an advisor named on it. Programme managers are on every deal.
 */
export type DealAccess = 'participant' | 'assignee' | 'owner-or-programme-manager' | 'sponsoring-director' | 'named-advisor';

/** The route needs no identity (health, dev-login). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(ACCESS_EXTENSIONS.public, true));

/** The caller must hold at least one of these roles. */
export const RequireRoles = (...roles: Role[]) => applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiExtension(ACCESS_EXTENSIONS.roles, roles));

/** The rule the deal enforces for this operation on its people; documented here, enforced by the deal. */
export const OnDeal = (access: DealAccess) => ApiExtension(ACCESS_EXTENSIONS.deal, access);

export interface AuthenticatedRequest {
  actor?: Actor;
  headers: Record<string, string | string[] | undefined>;
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});
