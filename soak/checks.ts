import type { Client } from '@temporalio/client';
import type { DealStage, DeliveredSignal, Incident, Task } from '@app/domain';
import { dealStageKey, dealWorkflowId } from '@app/workflows';
import { climbsDue, type DealRun } from './scenario';
import { until } from './until';
import type { Answer, Users } from './users';

/** What the checks found: each list names the deal and what is wrong; all empty is a pass. */
export interface SoakFindings {
  lostCommands: string[];
  appliedTwice: string[];
  duplicatedNotifications: { inApp: string[]; webhook: string[]; email: string[] };
  missedEscalations: string[];
  earlyEscalations: string[];
  storeTemporalDisagreements: string[];
  /** Same delivery ID received again after a kill -9 between the send and its record: receivers drop these by X-Groundwork-Delivery. */
  redeliveries: { webhook: number; email: number };
  figures: { commandsChecked: number; notificationsChecked: number; escalationsChecked: number; dealsCompared: number };
}

interface RecordedEvent {
  sequence: number;
  type: string;
  at: string;
  data: { taskId?: string; incidentId?: string; level?: string; reason?: string };
}

interface DealRecordView {
  stage: DealStage;
  tasks: Task[];
  incidents: Incident[];
}

/** A delivery one of the receivers took: its X-Groundwork-Delivery header. */
export interface ReceivedDelivery {
  deliveryId: string;
}

/** The people on every soak deal, whose feeds and channels are checked. */
export const SOAK_PEOPLE = ['pm.paula', 'dir.dana', 'dir.diego', 'mm.mark', 'op.otto', 'op.olga'];

/**
 * Holds every deal to the users' own log of 2xx answers and to what the receivers took: nothing
 * acknowledged lost, nothing applied twice, one notification per event and channel, every clock run
 * out on time and not before, and the store and Temporal agreeing on each deal.
 */
export async function checkSoak(options: {
  runs: DealRun[];
  users: Users;
  temporal: Client;
  deliveries: { webhook: ReceivedDelivery[]; email: ReceivedDelivery[] };
}): Promise<SoakFindings> {
  const { runs, users, temporal, deliveries } = options;
  const findings: SoakFindings = {
    lostCommands: [],
    appliedTwice: [],
    duplicatedNotifications: { inApp: [], webhook: [], email: [] },
    missedEscalations: [],
    earlyEscalations: [],
    storeTemporalDisagreements: [],
    redeliveries: { webhook: 0, email: 0 },
    figures: { commandsChecked: 0, notificationsChecked: 0, escalationsChecked: 0, dealsCompared: 0 },
  };
  const read = async <T>(path: string): Promise<T> => (await users.send('', 'check', 'GET', path, 'pm.paula', { expect: [200] })).body as T;
  const log = users.log.filter((answer) => answer.status >= 200 && answer.status < 300 && answer.method === 'POST');
  const started = runs.filter((run) => run.dealId !== '');

  for (const run of started) {
    const deal = await read<DealRecordView>(`/api/deals/${run.dealId}`);
    const timeline: RecordedEvent[] = [];
    for (let after = 0; ; ) {
      const page = await read<RecordedEvent[]>(`/api/deals/${run.dealId}/timeline?after=${after}&limit=1000`);
      timeline.push(...page);
      if (page.length < 1000) break;
      after = page.at(-1)!.sequence;
    }
    const answers = log.filter((answer) => answer.dealId === run.dealId || (answer.command === 'start' && (answer.body as { dealId?: string }).dealId === run.dealId));
    checkCommands(run, deal, answers, findings);
    checkOnce(run, deal, timeline, answers, findings);
    checkEscalations(run, deal, timeline, findings);
    if (run.expectedStage !== null && run.finished && deal.stage !== run.expectedStage) {
      findings.lostCommands.push(`${run.dealId}: the users left it ${run.expectedStage}, the store has ${deal.stage}`);
    }
    await compareWithTemporal(run, deal, temporal, findings);
  }
  await checkNotifications(new Set(started.map((run) => run.dealId)), read, deliveries, findings);
  return findings;
}

function checkCommands(run: DealRun, deal: DealRecordView, answers: Answer[], findings: SoakFindings): void {
  for (const answer of answers) {
    findings.figures.commandsChecked += 1;
    const [verb, subject] = answer.command.split(' ');
    const lost = (what: string) => findings.lostCommands.push(`${run.dealId}: ${answer.command} was answered ${answer.status} but ${what}`);
    if (verb === 'complete') {
      const task = deal.tasks.find((candidate) => candidate.id === subject);
      if (!task || task.status === 'open') lost(`task ${subject} is ${task?.status ?? 'missing'}`);
      else if (task.status === 'done' && task.completedBy !== answer.as) lost(`task ${subject} was completed by ${task.completedBy}`);
    } else if (answer.command.startsWith('report incident')) {
      const incidentId = (answer.body as Incident).id;
      if (!deal.incidents.some((incident) => incident.id === incidentId)) lost(`incident ${incidentId} is not in the record`);
    } else if (verb === 'acknowledge') {
      const incident = deal.incidents.find((candidate) => candidate.id === subject);
      if (!incident?.acknowledgedAt) lost(`incident ${subject} is not acknowledged`);
    } else if (verb === 'resolve') {
      if (deal.incidents.find((candidate) => candidate.id === subject)?.status !== 'resolved') lost(`incident ${subject} is not resolved`);
    } else if (verb === 'cancel' && deal.stage !== 'abandoned') lost(`the deal is ${deal.stage}`);
    else if (verb === 'terminate' && deal.stage !== 'terminated') lost(`the deal is ${deal.stage}`);
  }
}

function checkOnce(run: DealRun, deal: DealRecordView, timeline: RecordedEvent[], answers: Answer[], findings: SoakFindings): void {
  const twice = (what: string) => findings.appliedTwice.push(`${run.dealId}: ${what}`);
  // The same command sent again with its key answers as the first did.
  const byKey = new Map<string, Answer>();
  for (const answer of answers) {
    if (answer.idempotencyKey === undefined) continue;
    const first = byKey.get(answer.idempotencyKey);
    if (!first) byKey.set(answer.idempotencyKey, answer);
    else if (identity(first) !== identity(answer)) twice(`key ${answer.idempotencyKey} answered ${identity(first)} and then ${identity(answer)}`);
  }
  const counted = (type: string, key: (event: RecordedEvent) => string | undefined) => {
    const counts = new Map<string, number>();
    for (const event of timeline.filter((candidate) => candidate.type === type)) {
      const id = key(event) ?? '?';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const [id, count] of counts) if (count > 1) twice(`${type} ${id} is in the timeline ${count} times`);
    return counts;
  };
  counted('TaskCompleted', (event) => event.data.taskId);
  counted('IncidentAcknowledged', (event) => event.data.incidentId);
  counted('IncidentResolved', (event) => event.data.incidentId);
  counted('IncidentEscalated', (event) => `${event.data.incidentId} to ${event.data.level}`);
  const reported = counted('IncidentReported', (event) => event.data.incidentId);
  if (reported.size !== run.incidents.length) twice(`${reported.size} incidents reported in the timeline, the users reported ${run.incidents.length}`);
  if (deal.incidents.length !== run.incidents.length) twice(`${deal.incidents.length} incidents in the record, the users reported ${run.incidents.length}`);
  if (timeline.filter((event) => event.type === 'DealStarted').length !== 1) twice('DealStarted is not in the timeline exactly once');
}

/** What an answer says was done: the deal, task or incident it names. */
function identity(answer: Answer): string {
  const body = answer.body as { dealId?: string; id?: string; taskId?: string } | undefined;
  return `${answer.status} ${body?.id ?? body?.taskId ?? body?.dealId ?? ''}`;
}

function checkEscalations(run: DealRun, deal: DealRecordView, timeline: RecordedEvent[], findings: SoakFindings): void {
  for (const reported of run.incidents) {
    findings.figures.escalationsChecked += 1;
    const incident = deal.incidents.find((candidate) => candidate.id === reported.incidentId);
    if (!incident) continue; // counted as lost already
    const reportedAt = Date.parse(incident.reportedAt);
    const climbs = timeline.filter((event) => event.type === 'IncidentEscalated' && event.data.incidentId === incident.id);
    const climb = (level: string) => climbs.find((event) => event.data.level === level);
    const due = climbsDue(reportedAt);
    for (const event of climbs) {
      const level = event.data.level as 'tactical' | 'strategic';
      if (Date.parse(event.at) < due[level]) findings.earlyEscalations.push(`${run.dealId}: ${incident.id} climbed to ${level} at ${event.at}, due ${new Date(due[level]).toISOString()}`);
    }
    if (reported.handled === 'left-alone') {
      // Its clocks ran out while the deal was live (a terminated deal ended after the strategic climb).
      for (const level of ['tactical', 'strategic'] as const) {
        if (!climb(level)) findings.missedEscalations.push(`${run.dealId}: ${incident.id} was left alone and never climbed to ${level}`);
      }
    } else {
      const acknowledged = incident.acknowledgedAt ? Date.parse(incident.acknowledgedAt) : Infinity;
      const resolved = incident.resolvedAt ? Date.parse(incident.resolvedAt) : Infinity;
      if (climb('tactical') && acknowledged < due.tactical) findings.earlyEscalations.push(`${run.dealId}: ${incident.id} climbed to tactical though acknowledged in time`);
      if (climb('strategic') && resolved < due.strategic) findings.earlyEscalations.push(`${run.dealId}: ${incident.id} climbed to strategic though resolved in time`);
    }
  }
}

/**
 * A closed deal's workflow ends once its last effects are done; a send cut by a kill -9 is retried
 * only after its start-to-close timeout (2 minutes), so the workflow may close that much later.
 */
const TEMPORAL_CATCH_UP_MS = 180_000;

async function compareWithTemporal(run: DealRun, deal: DealRecordView, temporal: Client, findings: SoakFindings): Promise<void> {
  findings.figures.dealsCompared += 1;
  const closed = ['abandoned', 'rejected', 'terminated'].includes(deal.stage);
  let disagreements: string[] = [];
  const agree = async () => {
    const description = await temporal.workflow.getHandle(dealWorkflowId(run.dealId)).describe();
    const stage = description.typedSearchAttributes.get(dealStageKey);
    const status = description.status.name;
    disagreements = [
      ...(stage === deal.stage ? [] : [`the store has ${deal.stage}, Temporal's search attribute ${stage}`]),
      ...(closed === (status === 'COMPLETED') ? [] : [`the store has ${deal.stage}, the workflow is ${status}`]),
    ];
    return disagreements.length === 0;
  };
  if (!(await until(agree, { boundMs: TEMPORAL_CATCH_UP_MS, intervalMs: 1_000 }))) {
    findings.storeTemporalDisagreements.push(...disagreements.map((disagreement) => `${run.dealId}: ${disagreement} after ${TEMPORAL_CATCH_UP_MS / 1000} s`));
  }
}

/** One notification per event: who, which deal, what happened to what, at which level. */
function eventOf(signal: DeliveredSignal): string {
  const subject = 'taskId' in signal ? signal.taskId : 'incidentId' in signal ? signal.incidentId : '';
  const level = 'level' in signal ? signal.level : '';
  const decision = 'decision' in signal ? signal.decision : '';
  return [signal.recipient, signal.dealId, signal.type, subject, level, decision].join(' ');
}

async function checkNotifications(
  dealIds: Set<string>,
  read: <T>(path: string) => Promise<T>,
  deliveries: { webhook: ReceivedDelivery[]; email: ReceivedDelivery[] },
  findings: SoakFindings,
): Promise<void> {
  const byDeliveryId = new Map<string, DeliveredSignal>();
  for (const person of SOAK_PEOPLE) {
    const feed = (await read<DeliveredSignal[]>(`/api/signals?recipient=${person}&limit=1000`)).filter((signal) => dealIds.has(signal.dealId));
    const seen = new Map<string, string>();
    for (const signal of feed) {
      findings.figures.notificationsChecked += 1;
      byDeliveryId.set(`${signal.id}:${signal.recipient}`, signal);
      const event = eventOf(signal);
      const earlier = seen.get(event);
      // A task assigned again (a reopened finding, a redrafted contract) is a new event with a new task ID.
      if (earlier !== undefined) findings.duplicatedNotifications.inApp.push(`${event}: signals ${earlier} and ${signal.id}`);
      seen.set(event, signal.id);
    }
  }
  for (const channel of ['webhook', 'email'] as const) {
    const times = new Map<string, number>();
    for (const { deliveryId } of deliveries[channel]) times.set(deliveryId, (times.get(deliveryId) ?? 0) + 1);
    const events = new Map<string, string>();
    for (const [deliveryId, count] of times) {
      const signal = byDeliveryId.get(deliveryId);
      if (!signal) continue; // another run's deal, or the digest
      findings.redeliveries[channel] += count - 1;
      const event = eventOf(signal);
      const earlier = events.get(event);
      if (earlier !== undefined) findings.duplicatedNotifications[channel].push(`${event}: deliveries ${earlier} and ${deliveryId}`);
      events.set(event, deliveryId);
    }
  }
}
