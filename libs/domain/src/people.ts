/** An advisor is an expert from outside both organisations, named on a deal to guide its exploration. */
export const ROLES = ['programme-manager', 'director', 'middle-manager', 'operational', 'advisor'] as const;
export type Role = (typeof ROLES)[number];

/** The three levels of a customer/supplier relationship, lowest first. */
export const LEVELS = ['operational', 'tactical', 'strategic'] as const;
export type Level = (typeof LEVELS)[number];

export type UserId = string;

/** The two organisations of a deal. */
export const SIDES = ['supplier', 'customer'] as const;
export type Side = (typeof SIDES)[number];

/** Who performs a command: the authenticated user, as the API saw them. */
export interface Actor {
  userId: UserId;
  roles: Role[];
}

/** The actor recorded for work the process does by itself (timers, signals). */
export const SYSTEM_ACTOR = 'system';

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role);
}
