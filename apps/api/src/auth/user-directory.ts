import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { AuthConfig } from '@app/config';
import { ROLES, type Role, type UserId } from '@app/domain';

export interface DirectoryUser {
  id: UserId;
  name: string;
  roles: Role[];
  /** The organisation the user works for: the supplier, a customer, or an advisory firm. */
  organisation: string;
}

/**
 * The users Groundwork knows by itself. In dev mode these are the demo users from the config file;
 * with verified tokens the identity provider owns the users, so the directory is empty and unknown
 * IDs are accepted as they are.
 */
@Injectable()
export class UserDirectory {
  private readonly users: ReadonlyMap<UserId, DirectoryUser>;

  constructor(@Inject(AuthConfig) config: AuthConfig) {
    this.users = config.mode === 'dev' ? loadDemoUsers(config.devUsersFile) : new Map();
  }

  get isAuthoritative(): boolean {
    return this.users.size > 0;
  }

  find(id: UserId): DirectoryUser | undefined {
    return this.users.get(id);
  }

  /** Every user the directory knows, in the order of the file (the web app's sign-in picker). */
  all(): DirectoryUser[] {
    return [...this.users.values()];
  }
}

function loadDemoUsers(file: string): Map<UserId, DirectoryUser> {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { users?: DirectoryUser[] };
  const users = parsed.users ?? [];
  for (const user of users) {
    const unknownRole = user.roles.find((role) => !(ROLES as readonly string[]).includes(role));
    if (unknownRole) throw new Error(`${file}: user ${user.id} has unknown role ${unknownRole}`);
    if (typeof user.organisation !== 'string' || user.organisation.trim() === '') throw new Error(`${file}: user ${user.id} names no organisation`);
  }
  return new Map(users.map((user) => [user.id, user]));
}
