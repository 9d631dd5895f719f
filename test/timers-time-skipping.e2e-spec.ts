import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DelegationService, ExternalDeliveryService, SignalDeliveryService } from '@app/activities';
import { loadConfig } from '@app/config';
import {
  DEFAULT_POLICY,
  type Actor,
  type DealEvent,
  type DealState,
  type DeliveredSignal,
  type StartDealCommand,
} from '@app/domain';
import { indexedValueTypes } from '@app/temporal';
import { ensureTemporalTestServer } from '@app/temporal-cli';
import {
  DEAL_SEARCH_ATTRIBUTES,
  acknowledgeIncidentUpdate,
  completeTaskUpdate,
  dealStateQuery,
  dealTimelineQuery,
  dealWorkflow,
  dealWorkflowId,
  inboxSignalsQuery,
  inboxWorkflowId,
  reportIncidentUpdate,
  resolveIncidentUpdate,
} from '@app/workflows';
import { sampleStartCommand } from '@app/domain/testing';
import { ENTERPRISE_TIER_TERMS, FEASIBLE } from './support/deal-driver';
import { testEnv } from './support/test-env';

const TASK_QUEUE = 'groundwork-time-skipping';
const actor = (userId: string, ...roles: Actor['roles']): Actor => ({ userId, roles });

/**
 * The escalation ladders at their real durations (days and hours), proven in seconds on Temporal's
 * time-skipping test server. The deal workflow is driven directly: this server has no visibility for the API.
 */
describe('timers at their real durations, with time skipping', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: await ensureTemporalTestServer() } },
    });
    // The test server can add search attributes but not list them.
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: indexedValueTypes(DEAL_SEARCH_ATTRIBUTES),
    });
    const config = loadConfig({ TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: TASK_QUEUE, AUTH_MODE: 'dev', LOG_LEVEL: 'warn' });
    const signals = new SignalDeliveryService(env.client, config.temporal, new ExternalDeliveryService(env.client, config.notifications));
    const delegation = new DelegationService(env.client);
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle: { codePath: testEnv('workflowBundle') },
      activities: {
        deliverSignal: (input: Parameters<SignalDeliveryService['deliverSignal']>[0]) => signals.deliverSignal(input),
        awayUsers: (input: Parameters<DelegationService['awayUsers']>[0]) => delegation.awayUsers(input),
      },
    });
    running = worker.run();
  }, 120_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const startCommand = (overrides: Partial<StartDealCommand> = {}) =>
    sampleStartCommand({ dealId: `ts-${randomUUID()}`, title: 'Time-skipped deal', ...overrides });

  async function startDeal(overrides: Partial<StartDealCommand> = {}, continueAsNewAfterEvents?: number) {
    const command = startCommand(overrides);
    return env.client.workflow.start(dealWorkflow, {
      workflowId: dealWorkflowId(command.dealId),
      taskQueue: TASK_QUEUE,
      args: [{ start: command, ...(continueAsNewAfterEvents ? { runLimits: { eventsPerRun: continueAsNewAfterEvents } } : {}) }],
    });
  }

  const inbox = async (userId: string): Promise<DeliveredSignal[]> =>
    env.client.workflow.getHandle(inboxWorkflowId(userId)).query(inboxSignalsQuery).catch(() => []);

  it('reminds after 24 days, escalates to the owner after 30 and to the directors after 60', async () => {
    const handle = await startDeal();
    const ofType = async (type: DealEvent['type']) => (await handle.query(dealTimelineQuery)).filter((event) => event.type === type);

    await env.sleep('23d');
    expect(await ofType('TaskReminded')).toHaveLength(0);
    await env.sleep('25h');
    expect(await ofType('TaskReminded')).toHaveLength(4);

    await env.sleep('142h');
    expect(await ofType('TaskEscalated')).toHaveLength(0);
    await env.sleep('2h');
    expect((await ofType('TaskEscalated')).map((event) => event.data)).toEqual(
      expect.arrayContaining([expect.objectContaining({ level: 'tactical', notified: ['mm.mark'] })]),
    );

    await env.sleep('30d');
    const state: DealState = await handle.query(dealStateQuery);
    expect(state.tasks.map((task) => task.level)).toEqual(['strategic', 'strategic', 'strategic', 'strategic']);
    const received = (await inbox('dir.dana')).filter((signal) => signal.dealId === state.dealId);
    expect(received.map((signal) => signal.type)).toEqual(['escalation', 'escalation', 'escalation', 'escalation']);
  });

  it('counts working time with a business calendar: a due time lands inside working hours on a working day', async () => {
    const calendar = { timeZone: 'Europe/Amsterdam', workingDays: [1, 2, 3, 4, 5], workingHours: { start: '09:00', end: '17:00' }, holidays: [] };
    const handle = await startDeal({ calendar, policy: { ...DEFAULT_POLICY, taskDue: { ...DEFAULT_POLICY.taskDue, exploration: 'P3D' } } });
    const state = await handle.query(dealStateQuery);
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
    await handle.executeUpdate(acknowledgeIncidentUpdate, { args: [{ actor: otto, incidentId: handled.id }] });

    await env.sleep('31m');
    const level = async (id: string) => (await handle.query(dealStateQuery)).incidents.find((incident) => incident.id === id)?.level;
    expect(await level(ignored.id)).toBe('tactical');
    expect(await level(handled.id)).toBe('operational');

    await handle.executeUpdate(resolveIncidentUpdate, { args: [{ actor: otto, incidentId: handled.id, resolution: 'New roller fitted.' }] });
    await env.sleep('15h');
    expect(await level(ignored.id)).toBe('strategic');
    expect(await level(handled.id)).toBe('operational');
    const escalations = (await handle.query(dealTimelineQuery)).filter((event) => event.type === 'IncidentEscalated');
    expect(escalations.map((event) => event.data)).toEqual([
      expect.objectContaining({ incidentId: ignored.id, level: 'tactical', reason: 'not-acknowledged' }),
      expect.objectContaining({ incidentId: ignored.id, level: 'strategic', reason: 'not-resolved' }),
    ]);
  });

  it('opens a quarterly review in a live relationship and keeps its open work across continue-as-new', async () => {
    // About 120 events reach live; the limit makes the deal continue as new while it idles in live.
    const handle = await startDeal({ directors: ['dir.dana'] }, 140);
    const complete = async (taskId: string, userId: string, result: object) =>
      handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, actor: actor(userId), result }] });
    for (const task of (await handle.query(dealStateQuery)).tasks) await complete(task.id, task.assignee, FEASIBLE);
    await complete('go-no-go-5', 'mm.mark', { decision: 'go', substantiation: 'All four elements were explored on the floor.' });
    await complete('contract-6', 'mm.mark', ENTERPRISE_TIER_TERMS);
    await complete('ratification-7', 'dir.dana', { decision: 'ratify' });
    expect((await handle.query(dealStateQuery)).stage).toBe('live');

    const incident = await handle.executeUpdate(reportIncidentUpdate, {
      args: [{ actor: actor('op.otto'), incident: { severity: 'minor', title: 'Late pallet', description: 'Once' } }],
    });
    await env.sleep('92d');
    const state = await handle.query(dealStateQuery);
    expect(state.tasks.filter((task) => task.kind === 'review' && task.status === 'open').map((task) => task.assignee)).toEqual(['mm.mark']);
    expect(state.incidents.find((candidate) => candidate.id === incident.id)?.level).toBe('strategic');

    // The history filled up: the relationship runs on in a new run, with its timeline, tasks and incidents.
    const description = await handle.describe();
    expect(description.runId).not.toBe(handle.firstExecutionRunId);
    const resumed = env.client.workflow.getHandle(handle.workflowId);
    const timeline = await resumed.query(dealTimelineQuery);
    expect(timeline[0]?.type).toBe('DealStarted');
    expect(timeline.map((event) => event.type)).toEqual(expect.arrayContaining(['RelationshipStarted', 'IncidentReported', 'ReviewScheduled']));
    await resumed.executeUpdate(resolveIncidentUpdate, { args: [{ actor: actor('op.otto'), incidentId: incident.id, resolution: 'Carrier replaced.' }] });
    const [review] = (await resumed.query(dealStateQuery)).tasks.filter((task) => task.kind === 'review' && task.status === 'open');
    await resumed.executeUpdate(completeTaskUpdate, { args: [{ taskId: review!.id, actor: actor('mm.mark'), result: { summary: 'Stable quarter; one late pallet.' } }] });
    const after = await resumed.query(dealStateQuery);
    expect(after.incidents.find((candidate) => candidate.id === incident.id)?.status).toBe('resolved');
    expect(after.stage).toBe('live');
    expect(after.nextReviewAt).not.toBeNull();
  });
});
