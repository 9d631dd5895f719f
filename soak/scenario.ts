import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { durationMillis, type DealStage, type Incident, type Task } from '@app/domain';
import { ENTERPRISE_TIER_TERMS, FEASIBLE, GO, RATIFY, REJECT } from '../bench/deals';
import { until } from './until';
import type { Answer, Users } from './users';

/** The ways a deal goes, one per deal in turn, so every path is walked under the faults. */
export const PATHS = ['live-terminated', 'no-go', 'cancelled', 'rejected-then-live', 'live'] as const;
export type DealPath = (typeof PATHS)[number];

/**
 * Contract service levels short enough that incident clocks run out during the soak: a critical
 * incident left alone must climb to tactical after its respond time and to strategic after its resolve time.
 */
const SOAK_CRITICAL = { respondWithin: 'PT20S', resolveWithin: 'PT40S' };
const SOAK_TERMS = { ...ENTERPRISE_TIER_TERMS, serviceLevels: { ...ENTERPRISE_TIER_TERMS.serviceLevels, critical: SOAK_CRITICAL } };

/** When a critical incident reported at `reportedAt` (epoch ms) is due to climb to each level. */
export function climbsDue(reportedAt: number): { tactical: number; strategic: number } {
  return { tactical: reportedAt + durationMillis(SOAK_CRITICAL.respondWithin), strategic: reportedAt + durationMillis(SOAK_CRITICAL.resolveWithin) };
}

/** What a deal's users did that the checks later hold the product to. */
export interface DealRun {
  dealId: string;
  path: DealPath;
  startKey: string;
  /** The stage the users left it in. */
  expectedStage: DealStage | null;
  /** Incidents reported and what was done with them. */
  incidents: { incidentId: string; handled: 'acknowledged-and-resolved' | 'left-alone'; reportedAt: number }[];
  finished: boolean;
  failure?: string;
}

interface DealView {
  stage: DealStage;
  tasks: Task[];
  incidents: Incident[];
}

/** Drives one deal along its path through the API, as the people on it would. */
export async function runDeal(users: Users, index: number, runId: string): Promise<DealRun> {
  const path = PATHS[index % PATHS.length]!;
  const startKey = `soak-${runId}-start-${index}`;
  const run: DealRun = { dealId: '', path, startKey, expectedStage: null, incidents: [], finished: false };
  try {
    const body = {
      title: `Soak deal ${index}`,
      customer: { name: `Soak customer ${index}`, segment: 'enterprise' },
      supplier: { name: 'Groundwork Services' },
      // Customer intimacy lets the contract agree service levels stricter than the tier (flagged for the directors).
      valueProposition: 'customer-intimacy',
      directors: ['dir.dana', 'dir.diego'],
      tacticalLeads: ['mm.mark'],
      operationalStaff: ['op.otto', 'op.olga'],
    };
    const started = await users.send('', 'start', 'POST', '/api/deals', 'pm.paula', { body, idempotencyKey: startKey, expect: [201] });
    run.dealId = (started.body as { dealId: string }).dealId;
    // Every fifth deal's programme manager double-clicks: the same start again must answer as the first.
    if (index % 5 === 2) await users.send(run.dealId, 'start again', 'POST', '/api/deals', 'pm.paula', { body, idempotencyKey: startKey, expect: [201] });

    const deal = () => users.send(run.dealId, 'read', 'GET', `/api/deals/${run.dealId}`, 'pm.paula', { expect: [200] }).then((answer) => answer.body as DealView);
    const complete = (task: Task, result: object): Promise<Answer> =>
      users.send(run.dealId, `complete ${task.id}`, 'POST', `/api/deals/${run.dealId}/tasks/${task.id}/complete`, task.assignee, {
        body: result,
        idempotencyKey: `soak-${runId}-${run.dealId}-${task.id}`,
        expect: [200],
      });
    /** Completes the open tasks of a kind; each completion is its own command. */
    const completeOpen = async (kind: (task: Task) => boolean, result: (task: Task) => object) => {
      const open = (await deal()).tasks.filter((task) => task.status === 'open' && kind(task));
      for (const task of open) {
        await complete(task, result(task));
        if (index % 7 === 3) await complete(task, result(task)); // sent again after its answer, with its key
      }
      return open.length;
    };
    const waitFor = async (stage: DealStage) => {
      if (!(await until(async () => (await deal()).stage === stage, { boundMs: 120_000, intervalMs: 200 }))) throw new Error(`${run.dealId} did not reach ${stage}`);
    };

    await waitFor('exploration');
    if (path === 'cancelled') {
      await users.send(run.dealId, 'cancel', 'POST', `/api/deals/${run.dealId}/cancel`, 'pm.paula', {
        body: { reason: 'The customer chose another supplier.' },
        idempotencyKey: `soak-${runId}-${run.dealId}-cancel`,
        expect: [200],
      });
      run.expectedStage = 'abandoned';
      run.finished = true;
      return run;
    }
    const elements = new Set(['processes', 'organisation', 'systems', 'people', 'countersign']);
    while ((await deal()).stage === 'exploration') {
      if ((await completeOpen((task) => elements.has(task.kind), () => FEASIBLE)) === 0) await delay(200);
    }
    await waitFor('go-no-go');
    const noGo = { decision: 'no-go', substantiation: 'The customer’s systems cannot take the standard interfaces this year.' };
    await completeOpen((task) => task.kind === 'go-no-go', () => (path === 'no-go' ? noGo : GO));
    if (path === 'no-go') {
      run.expectedStage = 'abandoned';
      run.finished = true;
      return run;
    }
    await waitFor('contract');
    await completeOpen((task) => task.kind === 'contract', () => SOAK_TERMS);
    await waitFor('ratification');
    if (path === 'rejected-then-live') {
      await completeOpen((task) => task.kind === 'ratification' && task.assignee === 'dir.diego', () => REJECT);
      await waitFor('contract');
      await completeOpen((task) => task.kind === 'contract', () => ({ ...SOAK_TERMS, discountPct: 2 }));
      await waitFor('ratification');
    }
    await completeOpen((task) => task.kind === 'ratification', () => RATIFY);
    await waitFor('live');
    run.expectedStage = 'live';

    // Live: one critical incident handled at once, one left alone for its clocks to run out.
    for (const handled of ['acknowledged-and-resolved', 'left-alone'] as const) {
      const reportKey = `soak-${runId}-${run.dealId}-incident-${handled}`;
      const report = { severity: 'critical', title: handled === 'left-alone' ? 'Scanner link down' : 'Printer jam', description: 'Dock 2' };
      const reported = await users.send(run.dealId, 'report incident', 'POST', `/api/deals/${run.dealId}/incidents`, 'op.otto', { body: report, idempotencyKey: reportKey, expect: [201] });
      const incident = reported.body as Incident;
      run.incidents.push({ incidentId: incident.id, handled, reportedAt: Date.parse(incident.reportedAt) });
      if (index % 4 === 1) await users.send(run.dealId, 'report incident again', 'POST', `/api/deals/${run.dealId}/incidents`, 'op.otto', { body: report, idempotencyKey: reportKey, expect: [201] });
      if (handled === 'acknowledged-and-resolved') {
        const base = `/api/deals/${run.dealId}/incidents/${incident.id}`;
        await users.send(run.dealId, `acknowledge ${incident.id}`, 'POST', `${base}/acknowledge`, 'op.otto', { idempotencyKey: `${reportKey}-ack`, expect: [200] });
        await users.send(run.dealId, `resolve ${incident.id}`, 'POST', `${base}/resolve`, 'op.otto', {
          body: { resolution: 'Roller replaced.' },
          idempotencyKey: `${reportKey}-resolve`,
          expect: [200],
        });
      }
    }
    if (path === 'live-terminated') {
      // The director ends the relationship once the left-alone incident has climbed to strategic.
      const climbed = run.incidents.find((incident) => incident.handled === 'left-alone')!;
      await delay(Math.max(climbsDue(climbed.reportedAt).strategic - Date.now(), 0));
      await until(async () => (await deal()).incidents.find((incident) => incident.id === climbed.incidentId)?.level === 'strategic', { boundMs: 120_000, intervalMs: 200 });
      await users.send(run.dealId, 'terminate', 'POST', `/api/deals/${run.dealId}/terminate`, 'dir.dana', {
        body: { reason: 'The pilot is over.' },
        idempotencyKey: `soak-${runId}-${run.dealId}-terminate`,
        expect: [200],
      });
      run.expectedStage = 'terminated';
    }
    run.finished = true;
  } catch (error) {
    run.failure = error instanceof Error ? error.message : String(error);
  }
  return run;
}

/** A short random suffix for a soak's IDs and keys. */
export const soakRunId = (): string => randomUUID().slice(0, 8);
