import type { DealPolicyOverride } from '@app/domain';

/** How a policy's escalation ladders read, said once for every body and view that carries a policy. */
export const LADDERS_DOC =
  'ladders: { tasks: [{ level: tactical | strategic, sides?: [supplier, customer], after: multiple of the time the task was given (1 = when due) }], ' +
  'incidents: [{ level, sides, after: { clock: respondWithin | resolveWithin, times } }] } — each step names the level, the sides told and after how long; ' +
  'a ladder given replaces the default. A task step tells its owner (tactical) or its own side’s directors (strategic), and the other side’s people of that level when named; ' +
  'an incident step tells that level’s people on each side named, once its clock (respond: until acknowledged; resolve: until resolved) has run `times` over, and only if above the level reached. ' +
  'incidentEscalation: { tactical?: sides, strategic?: sides } is shorthand for the sides of the incident steps to that level.';

export const LADDERS_EXAMPLE: Pick<DealPolicyOverride, 'ladders'> = {
  ladders: {
    tasks: [
      { level: 'tactical', sides: ['supplier', 'customer'], after: 1 },
      { level: 'strategic', sides: ['supplier', 'customer'], after: 2 },
    ],
    incidents: [
      { level: 'tactical', sides: ['supplier', 'customer'], after: { clock: 'respondWithin', times: 1 } },
      { level: 'strategic', sides: ['supplier', 'customer'], after: { clock: 'resolveWithin', times: 2 } },
    ],
  },
};
