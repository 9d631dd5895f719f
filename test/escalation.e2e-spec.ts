import type { DealEvent, DeliveredSignal, EscalationSignal, Incident, TaskReminderSignal } from '@app/domain';
import { DealDriver, FEASIBLE, expectStatus } from './support/deal-driver';
import { signalArrives, signalsOf } from './support/signals';
import { TestApp, eventually } from './support/test-app';

type Delivered<T> = T & { id: string; recipient: string };

const isReminder = (taskId: string) => (signal: DeliveredSignal): signal is Delivered<TaskReminderSignal> =>
  signal.type === 'reminder' && signal.taskId === taskId;
const isTaskEscalation = (taskId: string, level: string) => (signal: DeliveredSignal): signal is Delivered<EscalationSignal> =>
  signal.type === 'escalation' && signal.subject === 'task' && signal.taskId === taskId && signal.level === level;
const isIncidentEscalation = (incidentId: string, level: string) => (signal: DeliveredSignal): signal is Delivered<EscalationSignal> =>
  signal.type === 'escalation' && signal.subject === 'incident' && signal.incidentId === incidentId && signal.level === level;

/** Seconds instead of days: the same ladder, proven at the pace of a test. */
const FAST_TASKS = { taskDue: { exploration: 'PT4S' }, reminderAt: 0.5 };
const FAST_INCIDENTS = { incidentServiceLevels: { critical: { respondWithin: 'PT2S', resolveWithin: 'PT4S' } } };

describe('durable timers climb the levels', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.close();
  });

  async function timeline(dealId: string): Promise<DealEvent[]> {
    const pm = await app.as('pm.paula');
    return (await pm.get(`/api/deals/${dealId}/timeline`).expect(200)).body as DealEvent[];
  }

  it('reminds the assignee, then escalates an overdue task to its owner and then to the directors', async () => {
    const deal = await DealDriver.start(app, { policy: FAST_TASKS, directors: ['dir.dana'] });
    const [processes, organisation] = await deal.openTasks();
    // Done before its reminder: its timers are cancelled with it.
    expectStatus(await deal.complete(organisation!, FEASIBLE), 200);

    const reminder = await signalArrives(app, 'op.otto', deal.dealId, isReminder(processes!.id));
    expect(reminder).toMatchObject({ kind: 'processes', assignee: 'op.otto', dueAt: processes!.dueAt });
    await signalArrives(app, 'mm.mark', deal.dealId, isTaskEscalation(processes!.id, 'tactical'));
    await signalArrives(app, 'dir.dana', deal.dealId, isTaskEscalation(processes!.id, 'strategic'));

    const state = await deal.state();
    expect(state.tasks.find((task) => task.id === processes!.id)?.level).toBe('strategic');
    const events = await timeline(deal.dealId);
    const about = (taskId: string) => events.filter((event) => 'taskId' in event.data && event.data.taskId === taskId).map((event) => event.type);
    expect(about(processes!.id)).toEqual(['TaskOpened', 'TaskReminded', 'TaskEscalated', 'TaskEscalated']);
    expect(about(organisation!.id)).toEqual(['TaskOpened', 'TaskCompleted', 'FindingRecorded']);
    expect((await signalsOf(app, 'op.olga', deal.dealId)).filter((signal) => signal.type === 'reminder' && signal.taskId === organisation!.id)).toEqual([]);
  });

  it('lets the owner move a due date with a reason; the ladder follows the new date', async () => {
    const deal = await DealDriver.start(app, { policy: FAST_TASKS });
    const [processes] = await deal.openTasks('processes');
    const dueAt = new Date(Date.now() + 3_600_000).toISOString();
    const olga = await app.as('op.olga');
    expectStatus(await olga.post(`/api/deals/${deal.dealId}/tasks/${processes!.id}/due-date`, { dueAt, reason: 'mine' }), 403);
    const mark = await app.as('mm.mark');
    const moved = expectStatus(await mark.post(`/api/deals/${deal.dealId}/tasks/${processes!.id}/due-date`, { dueAt, reason: 'The warehouse visit moved a week.' }), 200);
    expect(moved.body).toMatchObject({ id: processes!.id, dueAt });

    // The other tasks escalate on the old schedule; the moved one does not.
    const [systems] = await deal.openTasks('systems');
    await signalArrives(app, 'mm.mark', deal.dealId, isTaskEscalation(systems!.id, 'tactical'));
    const events = await timeline(deal.dealId);
    expect(events.find((event) => event.type === 'TaskDueDateMoved')).toMatchObject({ actor: 'mm.mark', data: { taskId: processes!.id, to: dueAt, reason: 'The warehouse visit moved a week.' } });
    expect(events.filter((event) => event.type === 'TaskEscalated' && event.data.taskId === processes!.id)).toEqual([]);
  });

  it('escalates an unacknowledged incident to tactical, and unresolved further to strategic; the deal shows its level', async () => {
    const deal = await DealDriver.start(app, { policy: FAST_INCIDENTS });
    const otto = await app.as('op.otto');
    const reported = expectStatus(
      await otto.post(`/api/deals/${deal.dealId}/incidents`, { severity: 'critical', title: 'Scanner link down', description: 'Pilot orders cannot be scanned at dock 3.' }),
      201,
    ).body as Incident & { incidentId: string };
    expect(reported).toMatchObject({ incidentId: 'incident-1', status: 'reported', level: 'operational' });

    const tactical = await signalArrives(app, 'mm.mark', deal.dealId, isIncidentEscalation('incident-1', 'tactical'));
    expect(tactical).toMatchObject({ reason: 'not-acknowledged', severity: 'critical', title: 'Scanner link down' });
    await signalArrives(app, 'mm.mia', deal.dealId, isIncidentEscalation('incident-1', 'tactical'));
    await signalArrives(app, 'dir.diego', deal.dealId, isIncidentEscalation('incident-1', 'strategic'));

    await eventually(async () => expect((await deal.state()).incidents[0]).toMatchObject({ id: 'incident-1', status: 'reported', level: 'strategic' }));
    const types = (await timeline(deal.dealId)).map((event) => event.type).filter((type) => type.startsWith('Incident'));
    expect(types).toEqual(['IncidentReported', 'IncidentEscalated', 'IncidentEscalated']);
  });

  it('acknowledges and resolves an incident once, and refuses handling it twice', async () => {
    const deal = await DealDriver.start(app, { policy: { incidentServiceLevels: { minor: { respondWithin: 'PT3S', resolveWithin: 'PT6S' } } } });
    const otto = await app.as('op.otto');
    await otto.post(`/api/deals/${deal.dealId}/incidents`, { severity: 'minor', title: 'Label printer jams', description: 'Twice this morning.' }).expect(201);
    expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents/incident-1/acknowledge`), 200);
    expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents/incident-1/acknowledge`), 409);
    expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents/incident-1/resolve`, { resolution: 'Replaced the roller.' }), 200);
    expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents/incident-1/resolve`, { resolution: 'again' }), 409);
    expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents/incident-9/acknowledge`), 404);
    const outsider = await app.as('op.olga');
    expectStatus(await outsider.post(`/api/deals/${deal.dealId}/incidents`, { severity: 'major', title: 'x', description: 'y', extra: 1 }), 400);

    const incident = (await deal.state()).incidents[0];
    expect(incident).toMatchObject({ status: 'resolved', level: 'operational', resolution: 'Replaced the roller.', resolvedBy: 'op.otto' });
    expect((await timeline(deal.dealId)).map((event) => event.type).filter((type) => type.startsWith('Incident'))).toEqual([
      'IncidentReported',
      'IncidentAcknowledged',
      'IncidentResolved',
    ]);
  });

  it('fires a timer that fell due while the worker was down, once a worker is back', async () => {
    const deal = await DealDriver.start(app, { policy: FAST_INCIDENTS });
    const otto = await app.as('op.otto');
    const { respondBy } = (await otto.post(`/api/deals/${deal.dealId}/incidents`, { severity: 'critical', title: 'Dock door stuck', description: 'Trucks wait outside.' }).expect(201)).body as Incident;
    await app.stopWorker();
    // The scenario itself: the clock runs out while no worker is there to see it.
    await new Promise((resolve) => setTimeout(resolve, Date.parse(respondBy) - Date.now() + 1_000));
    await app.startWorker();
    await signalArrives(app, 'mm.mark', deal.dealId, isIncidentEscalation('incident-1', 'tactical'));
  });
});
