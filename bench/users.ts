import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Actor, Role, UserId } from '@app/domain';

/** The people of one deal: its programme manager, two directors, a lead and two operational staff. */
export interface Team {
  programmeManager: UserId;
  directors: [UserId, UserId];
  tacticalLead: UserId;
  operationalStaff: [UserId, UserId];
}

export interface BenchUsers {
  teams: Team[];
  /**
   * Teams of their own for workers that stop during the run: a person's inbox workflow lives on the task
   * queue of the worker that first signalled them, so people shared with a stopped worker's deals would
   * have an inbox no worker serves any more.
   */
  isolatedTeams: Team[][];
  /** The operational person whose inbox the inbox figure reads, on every seeded deal. */
  inboxUser: UserId;
  inboxPartner: UserId;
  actor(userId: UserId): Actor;
  file: string;
}

/**
 * A population of demo users for dev mode: many teams rather than the seven demo people, so that
 * concurrent simulated users do not all share one inbox workflow, as in a real organisation.
 */
export async function writeBenchUsers(directory: string, teamCount: number, isolated = { groups: 4, teams: 4 }): Promise<BenchUsers> {
  const roles = new Map<UserId, Role>();
  const makeTeams = (prefix: string, count: number): Team[] =>
    Array.from({ length: count }, (_, index) => {
      const team: Team = {
        programmeManager: `pm.${prefix}${index}`,
        directors: [`dir.${prefix}${index}a`, `dir.${prefix}${index}b`],
        tacticalLead: `mm.${prefix}${index}`,
        operationalStaff: [`op.${prefix}${index}a`, `op.${prefix}${index}b`],
      };
      roles.set(team.programmeManager, 'programme-manager');
      team.directors.forEach((id) => roles.set(id, 'director'));
      roles.set(team.tacticalLead, 'middle-manager');
      team.operationalStaff.forEach((id) => roles.set(id, 'operational'));
      return team;
    });
  const teams = makeTeams('b', teamCount);
  const isolatedTeams = Array.from({ length: isolated.groups }, (_, group) => makeTeams(`i${group}x`, isolated.teams));
  const inboxUser = 'op.inbox';
  const inboxPartner = 'op.inbox-partner';
  roles.set(inboxUser, 'operational');
  roles.set(inboxPartner, 'operational');
  const file = join(directory, 'bench-users.json');
  const users = [...roles].map(([id, role]) => ({ id, name: id, roles: [role], organisation: 'Groundwork Services' }));
  await writeFile(file, JSON.stringify({ users }, null, 2));
  return {
    teams,
    isolatedTeams,
    inboxUser,
    inboxPartner,
    file,
    actor: (userId) => {
      const role = roles.get(userId);
      if (!role) throw new Error(`${userId} is not a bench user`);
      return { userId, roles: [role] };
    },
  };
}
