import { randomUUID } from 'node:crypto';
import { DEFAULT_POLICY, type Actor, type DealEventType, type StartDealCommand } from '@app/domain';
import {
  acknowledgeIncidentUpdate,
  completeTaskUpdate,
  dealRecordedUpdate,
  dealWorkflow,
  dealWorkflowId,
  reportIncidentUpdate,
  resolveIncidentUpdate,
} from '@app/workflows';
import { sampleStartCommand } from '@app/domain/testing';
import { ENTERPRISE_TIER_TERMS, FEASIBLE } from './support/deal-driver';
import { eventually } from './support/test-app';
import { startTimeSkippingWorld, type TimeSkippingWorld } from './support/time-skipping';

const TASK_QUEUE = 'groundwork-time-skipping';
const actor = (userId: string, ...roles: Actor['roles']): Actor => ({ userId, roles });

/**
 * The escalation ladders at their real durations (days and hours), proven in seconds on Temporal's
 * time-skipping test server, with the durable record in a SQLite file of its own. The deal workflow is
 * driven directly: this server has no visibility for the API.
 */
describe('timers at their real durations, with time skipping', () => {
  let world: TimeSkippingWorld;
  let env: TimeSkippingWorld['env'];
  let deals: TimeSkippingWorld['deals'];
  let users: TimeSkippingWorld['users'];

  beforeAll(async () => {
    world = await startTimeSkippingWorld({ taskQueue: TASK_QUEUE });
    ({ env, deals, users } = world);
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  });

  const startCommand = (overrides: Partial<StartDealCommand> = {}) =>
    sampleStartCommand({ dealId: `ts-${randomUUID()}`, title: 'Time-skipped deal', ...overrides });

  async function startDeal(overrides: Partial<StartDealCommand> = {}, continueAsNewAfterEvents?: number) {
    const command = startCommand(overrides);
    const handle = await env.client.workflow.start(dealWorkflow, {
      workflowId: dealWorkflowId(command.dealId),
      taskQueue: TASK_QUEUE,
      args: [{ start: command, ...(continueAsNewAfterEvents ? { runLimits: { eventsPerRun: continueAsNewAfterEvents } } : {}) }],
    });
    // As the API does: the deal is readable once its first record is written.
    await handle.executeUpdate(dealRecordedUpdate);
    return handle;
  }

  /** The deal as the durable record has it; timers fire while activities may still be writing, so reads wait for a version. */
  const stateOf = async (dealId: string) => (await deals.find(dealId))!;
  const eventsOf = async (dealId: string, type: DealEventType) => (await deals.timeline(dealId, { limit: 1_000 })).filter((event) => event.type === type);
  const dealIdOf = (handle: { workflowId: string }) => handle.workflowId.replace(/^deal:/, '');

  it('reminds after 24 days, escalates to the owner after 30 and to the directors after 60', async () => {
    const handle = await startDeal();
    const dealId = dealIdOf(handle);
    const ofType = (type: DealEventType) => eventsOf(dealId, type);

    await env.sleep('23d');
    expect(await ofType('TaskReminded')).toHaveLength(0);
    await env.sleep('25h');
    await eventually(async () => expect(await ofType('TaskReminded')).toHaveLength(4));

    await env.sleep('142h');
    expect(await ofType('TaskEscalated')).toHaveLength(0);
    await env.sleep('2h');
    await eventually(async () =>
      expect((await ofType('TaskEscalated')).map((event) => event.data)).toEqual(
        expect.arrayContaining([expect.objectContaining({ level: 'tactical', notified: ['mm.mark'] })]),
      ),
    );

    await env.sleep('30d');
    await eventually(async () => expect((await stateOf(dealId)).tasks.map((task) => task.level)).toEqual(['strategic', 'strategic', 'strategic', 'strategic']));
    const received = (await users.signals('dir.dana', { limit: 1_000 })).filter((signal) => signal.dealId === dealId && signal.type === 'escalation');
    expect(received).toHaveLength(4);
  });

  it('counts working time with a business calendar: a due time lands inside working hours on a working day', async () => {
    const calendar = { timeZone: 'Europe/Amsterdam', workingDays: [1, 2, 3, 4, 5], workingHours: { start: '09:00', end: '17:00' }, holidays: [] };
    const handle = await startDeal({ calendar, policy: { ...DEFAULT_POLICY, taskDue: { ...DEFAULT_POLICY.taskDue, exploration: 'P3D' } } });
    const state = await stateOf(dealIdOf(handle));
    const due = new Date(state.explorationDeadline);
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(due);
    expect(local).toMatch(/^(Mon|Tue|Wed|Thu|Fri) (09|1[0-7]):\d\d$/);
    // Three working days of 8 hours take at least two nights in between: 2 × 24 h + 8 h.
    expect(due.getTime() - Date.parse(state.startedAt)).toBeGreaterThanOrEqual(56 * 3_600_000);
  });

  it('escalates an unhandled critical incident after its service levels, and leaves a handled one alone', async () => {
    const handle = await startDeal();
    const otto = actor('op.otto', 'operational');
    const ignored = await handle.executeUpdate(reportIncidentUpdate, {
      args: [{ actor: otto, incident: { severity: 'critical', title: 'Scanner link down', description: 'Dock 3' } }],
    });
    const handled = await handle.executeUpdate(reportIncidentUpdate, {
      args: [{ actor: otto, incident: { severity: 'critical', title: 'Printer jam', description: 'Dock 1' } }],
    });
    await env.sleep('30m');
    await handle.executeUpdate(acknowledgeIncidentUpdate, { args: [{ actor: otto, incidentId: handled.incidentId }] });

    await env.sleep('31m');
    const dealId = dealIdOf(handle);
    const level = async (id: string) => (await stateOf(dealId)).incidents.find((incident) => incident.id === id)?.level;
    await eventually(async () => expect(await level(ignored.incidentId)).toBe('tactical'));
    expect(await level(handled.incidentId)).toBe('operational');

    await handle.executeUpdate(resolveIncidentUpdate, { args: [{ actor: otto, incidentId: handled.incidentId, resolution: 'New roller fitted.' }] });
    await env.sleep('15h');
    await eventually(async () => expect(await level(ignored.incidentId)).toBe('strategic'));
    expect(await level(handled.incidentId)).toBe('operational');
    const escalations = await eventsOf(dealId, 'IncidentEscalated');
    expect(escalations.map((event) => event.data)).toEqual([
      expect.objectContaining({ incidentId: ignored.incidentId, level: 'tactical', reason: 'not-acknowledged' }),
      expect.objectContaining({ incidentId: ignored.incidentId, level: 'strategic', reason: 'not-resolved' }),
    ]);
  });

  it('opens a quarterly review in a live relationship and keeps its open work across continue-as-new', async () => {
    // About 120 events reach live; the limit makes the deal continue as new while it idles in live.
    const handle = await startDeal({ directors: ['dir.dana'] }, 140);
    // As the API does: an Update refused by a run about to continue as new goes again, to the next run.
    const complete = (taskId: string, userId: string, result: object) =>
      eventually(() => handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, actor: actor(userId), result }] }), { intervalMs: 50 });
    const dealId = dealIdOf(handle);
    for (const task of (await stateOf(dealId)).tasks) await complete(task.id, task.assignee, FEASIBLE);
    await complete('go-no-go-5', 'mm.mark', { decision: 'go', substantiation: 'All four elements were explored on the floor.' });
    await complete('contract-6', 'mm.mark', ENTERPRISE_TIER_TERMS);
    await complete('ratification-7', 'dir.dana', { decision: 'ratify' });
    expect((await stateOf(dealId)).stage).toBe('live');

    const incident = await handle.executeUpdate(reportIncidentUpdate, {
      args: [{ actor: actor('op.otto'), incident: { severity: 'minor', title: 'Late pallet', description: 'Once' } }],
    });
    await env.sleep('92d');
    const state = await eventually(async () => {
      const read = await stateOf(dealId);
      expect(read.incidents.find((candidate) => candidate.id === incident.incidentId)?.level).toBe('strategic');
      return read;
    });
    expect(state.tasks.filter((task) => task.kind === 'review' && task.status === 'open').map((task) => task.assignee)).toEqual(['mm.mark']);

    // The history filled up: the relationship runs on in a new run; the record keeps the whole timeline.
    const description = await handle.describe();
    expect(description.runId).not.toBe(handle.firstExecutionRunId);
    const resumed = env.client.workflow.getHandle(handle.workflowId);
    const timeline = await deals.timeline(dealId, { limit: 1_000 });
    expect(timeline[0]?.type).toBe('DealStarted');
    expect(timeline.map((event) => event.sequence)).toEqual(timeline.map((_event, index) => index + 1));
    expect(timeline.map((event) => event.type)).toEqual(expect.arrayContaining(['RelationshipStarted', 'IncidentReported', 'ReviewScheduled']));
    await resumed.executeUpdate(resolveIncidentUpdate, { args: [{ actor: actor('op.otto'), incidentId: incident.incidentId, resolution: 'Carrier replaced.' }] });
    const [review] = (await stateOf(dealId)).tasks.filter((task) => task.kind === 'review' && task.status === 'open');
    await resumed.executeUpdate(completeTaskUpdate, { args: [{ taskId: review!.id, actor: actor('mm.mark'), result: { summary: 'Stable quarter; one late pallet.' } }] });
    const after = await stateOf(dealId);
    expect(after.incidents.find((candidate) => candidate.id === incident.incidentId)?.status).toBe('resolved');
    expect(after.stage).toBe('live');
    expect(after.nextReviewAt).not.toBeNull();
  });
});
