import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dealWorkflowId, incidentWorkflowId } from '@app/workflows';
import { DealDriver, ENTERPRISE_TIER_TERMS, expectStatus } from '../support/deal-driver';
import { TestApp, eventually } from '../support/test-app';
import { testEnv } from '../support/test-env';

/**
 * Records one history per path through the workflows into a folder named after the current workflow
 * version; folders of earlier versions stay, so deals started on old code keep replaying. 1.0 is the
 * baseline: the durable record replaced the 0.x workflows, of which no deployment had to be kept.
 * 1.1 reads who is away with the record of the tasks' opening (awayReadWithRecord in workflows/src/patches.ts);
 * 1.2 counts a run as full only once recorded code saw it so (runFullLatched);
 * 1.3 runs effects once their own changes are recorded (effectsAfterTheirRecord);
 * 1.4 lets both floors explore, the customer co-signing each finding (bothFloorsExplore);
 * 1.5 follows the ladders a deal declares (versioned by the recorded policy: a deal started before
 * carries no `ladders`, and its incident workflows the people per level instead of steps);
 * 1.6 forgets a live relationship's past reviews once recorded (pastReviewsForgotten);
 * 1.7 tells a new task's assignee with the record of its opening (assignmentsNoticedAtOpening), upserts
 * only the search attributes that changed (searchAttributesOnChange), and records one release marker.
 */
const VERSION_FOLDER = join(__dirname, 'v1.7-one-record-per-opening');

describe('record workflow histories', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.close();
  });

  /** Exports the history in the CLI's JSON format, which `historyFromJSON` reads back. */
  async function save(name: string, workflowId: string, runId?: string): Promise<void> {
    const { stdout } = await promisify(execFile)(
      testEnv('cliPath'),
      ['workflow', 'show', '--workflow-id', workflowId, ...(runId ? ['--run-id', runId] : []), '--address', testEnv('temporalAddress'), '--output', 'json'],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    await mkdir(VERSION_FOLDER, { recursive: true });
    await writeFile(join(VERSION_FOLDER, `${name}.json`), stdout);
  }

  /** Waits until an incident and a task of the deal have both climbed to the strategic level. */
  async function bothClimbedToStrategic(dealId: string): Promise<void> {
    await eventually(async () => {
      const events = (await (await app.as('pm.paula')).get(`/api/deals/${dealId}/timeline`).expect(200)).body as { type: string; data: { level?: string } }[];
      const strategic = events.filter((event) => event.data.level === 'strategic').map((event) => event.type);
      if (!strategic.includes('IncidentEscalated') || !strategic.includes('TaskEscalated')) throw new Error('not yet strategic');
    }, { timeoutMs: 30_000 });
  }

  it('records a deal that goes live after a rejection, is reassigned, delegated, discussed and terminated', async () => {
    const olga = await app.token('op.olga');
    const away = { from: new Date(Date.now() - 60_000).toISOString(), until: new Date(Date.now() + 3_600_000).toISOString(), delegate: 'op.otto' };
    await app.http.put('/api/me/out-of-office').set('Authorization', `Bearer ${olga}`).send(away).expect(200);
    const deal = await DealDriver.start(app, { dealId: 'recorded-go-live' });
    await eventually(async () => {
      if (!(await deal.state()).tasks.some((task) => task.delegatedFrom === 'op.olga')) throw new Error('not delegated yet');
    });
    await app.http.delete('/api/me/out-of-office').set('Authorization', `Bearer ${olga}`).expect(200);
    expectStatus(await (await app.as('mm.mark')).post(`/api/deals/${deal.dealId}/tasks/processes-1/comments`, { text: 'Start with the night shift.' }), 201);
    const [first] = await deal.openTasks('processes');
    const mark = await app.as('mm.mark');
    expectStatus(await mark.post(`/api/deals/${deal.dealId}/tasks/${first!.id}/reassign`, { assignee: 'op.olga', reason: 'Otto is on leave' }), 200);
    await deal.explore({
      systems: {
        assessment: 'conditional',
        substantiation: 'The order system needs an interface to the warehouse floor scanners.',
        conditions: ['EDI link before go-live'],
      },
    });
    await deal.decide('go');
    await deal.draftContract();
    const [dana, diego] = await deal.openTasks('ratification');
    expectStatus(await deal.complete(dana!, { decision: 'ratify' }), 200);
    expectStatus(await deal.complete(diego!, { decision: 'reject', reason: 'Year-one discount too high.' }), 200);
    await deal.draftContract({ ...ENTERPRISE_TIER_TERMS, discountPct: 2 });
    await deal.ratifyAll();
    const director = await app.as('dir.dana');
    expectStatus(await director.post(`/api/deals/${deal.dealId}/terminate`, { reason: 'The customer was acquired.' }), 200);
    await save('deal-go-live-terminated', dealWorkflowId(deal.dealId));
  });

  it('records a two-sided deal: a contested finding, advice, co-signatures, live, terminated', async () => {
    const deal = await DealDriver.start(app, {
      dealId: 'recorded-both-floors',
      directors: ['dir.dana'],
      customerSide: { directors: ['dir.diego'], tacticalLeads: ['mm.carla'], operationalStaff: ['op.cas'] },
      advisors: ['adv.ada'],
    });
    await deal.explore();
    const [contested, ...others] = await deal.openTasks('countersign');
    expectStatus(await deal.complete(contested!, { decision: 'contest', substantiation: 'Our floor runs this process differently at night.' }), 200);
    for (const task of others) expectStatus(await deal.complete(task, { decision: 'co-sign', substantiation: 'Checked with the people who do the work.' }), 200);
    expectStatus(await (await app.as('adv.ada')).post(`/api/deals/${deal.dealId}/advice`, { text: 'Pilot the night shift first.', element: 'processes' }), 200);
    await deal.explore();
    await deal.coSignAll();
    await deal.decide('go');
    await deal.draftContract();
    await deal.ratifyAll();
    expectStatus(await (await app.as('dir.dana')).post(`/api/deals/${deal.dealId}/terminate`, { reason: 'The pilot ended.' }), 200);
    await save('deal-both-floors', dealWorkflowId(deal.dealId));
  });

  it('records a no-go deal', async () => {
    const deal = await DealDriver.start(app, { dealId: 'recorded-no-go' });
    await deal.explore({ people: { assessment: 'not-feasible', substantiation: 'No night shift to match the customer.' } });
    await deal.decide('no-go');
    await eventually(async () => {
      const events = (await (await app.as('pm.paula')).get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as { type: string }[];
      if (!events.some((event) => event.type === 'DirectorsSignalled')) throw new Error('directors not signalled yet');
    });
    await save('deal-no-go', dealWorkflowId(deal.dealId));
  });

  it('records a deal cancelled by the programme manager after a rejection', async () => {
    const deal = await DealDriver.start(app, { dealId: 'recorded-rejected' });
    await deal.explore();
    await deal.decide('go');
    await deal.draftContract();
    const [dana] = await deal.openTasks('ratification');
    expectStatus(await deal.complete(dana!, { decision: 'reject', reason: 'The service levels are too loose.' }), 200);
    expectStatus(await (await app.as('pm.paula')).post(`/api/deals/${deal.dealId}/cancel`, { reason: 'We give up.' }), 200);
    await save('deal-rejected', dealWorkflowId(deal.dealId));
  });

  it('records a deal whose task and incident timers climbed the levels, with its incident workflow', async () => {
    const deal = await DealDriver.start(app, {
      dealId: 'recorded-timers',
      policy: {
        taskDue: { exploration: 'PT3S' },
        reminderAt: 0.5,
        incidentServiceLevels: { critical: { respondWithin: 'PT1S', resolveWithin: 'PT2S' } },
      },
    });
    const otto = await app.as('op.otto');
    await otto.post(`/api/deals/${deal.dealId}/incidents`, { severity: 'critical', title: 'Scanner down', description: 'Dock 3' }).expect(201);
    await otto.post(`/api/deals/${deal.dealId}/incidents`, { severity: 'minor', title: 'Printer jam', description: 'Dock 1' }).expect(201);
    expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents/incident-2/acknowledge`), 200);
    expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents/incident-2/resolve`, { resolution: 'Cleared.' }), 200);
    const [systems] = await deal.openTasks('systems');
    const mark = await app.as('mm.mark');
    const dueAt = new Date(Date.now() + 86_400_000).toISOString();
    expectStatus(await mark.post(`/api/deals/${deal.dealId}/tasks/${systems!.id}/due-date`, { dueAt, reason: 'Supplier visit moved.' }), 200);
    await bothClimbedToStrategic(deal.dealId);
    await deal.explore();
    await save('deal-timers-incidents', dealWorkflowId(deal.dealId));
    await save('incident-escalated', incidentWorkflowId(deal.dealId, 'incident-1'));
    await save('incident-resolved', incidentWorkflowId(deal.dealId, 'incident-2'));
  });

  it('records a two-sided deal that follows declared ladders, with its incident workflow', async () => {
    const deal = await DealDriver.start(app, {
      dealId: 'recorded-declared-ladders',
      directors: ['dir.dana'],
      customerSide: { directors: ['dir.diego'], tacticalLeads: ['mm.carla'], operationalStaff: ['op.cas'] },
      policy: {
        taskDue: { exploration: 'PT3S' },
        incidentServiceLevels: { critical: { respondWithin: 'PT1S', resolveWithin: 'PT2S' } },
        ladders: {
          tasks: [{ level: 'tactical', sides: ['supplier', 'customer'], after: 1 }, { level: 'strategic', after: 1.5 }],
          incidents: [
            { level: 'tactical', sides: ['customer'], after: { clock: 'respondWithin', times: 1 } },
            { level: 'strategic', sides: ['supplier', 'customer'], after: { clock: 'resolveWithin', times: 1.5 } },
          ],
        },
      },
    });
    expectStatus(await (await app.as('op.cas')).post(`/api/deals/${deal.dealId}/incidents`, { severity: 'critical', title: 'Cold store alarm', description: 'Dock 2' }), 201);
    await bothClimbedToStrategic(deal.dealId);
    await deal.explore();
    await save('deal-declared-ladders', dealWorkflowId(deal.dealId));
    await save('incident-declared-ladder', incidentWorkflowId(deal.dealId, 'incident-1'));
  });

  it('records a live relationship that forgets its past reviews', async () => {
    const deal = await DealDriver.start(app, { dealId: 'recorded-reviews', policy: { reviewEvery: 'PT2S' } });
    await deal.explore();
    await deal.decide('go');
    await deal.draftContract();
    await deal.ratifyAll();
    const reviewIds: string[] = [];
    for (let quarter = 1; quarter <= 3; quarter += 1) {
      const review = await eventually(async () => {
        const [open] = await deal.openTasks('review');
        if (!open) throw new Error('no review open yet');
        return open;
      });
      expectStatus(await deal.complete(review, { summary: `Quarter ${quarter} ran as agreed.` }), 200);
      reviewIds.push(review.id);
    }
    const mark = await app.as('mm.mark');
    expectStatus(await mark.post(`/api/deals/${deal.dealId}/tasks/${reviewIds[2]}/comments`, { text: 'Keep the night shift in the next one.' }), 201);
    expectStatus(await mark.post(`/api/deals/${deal.dealId}/tasks/${reviewIds[0]}/comments`, { text: 'Too late for this one.' }), 409);
    expectStatus(await (await app.as('dir.dana')).post(`/api/deals/${deal.dealId}/terminate`, { reason: 'Pilot over.' }), 200);
    await save('deal-reviews-forgotten', dealWorkflowId(deal.dealId));
  });

  it('records a busy live deal that continues as new with effects pending and Update IDs applied', async () => {
    const busy = await TestApp.start({ GROUNDWORK_DEAL_UPDATES_PER_RUN: '10' });
    try {
      const deal = await DealDriver.start(busy, { dealId: 'recorded-continued', operationalStaff: ['op.otto'] });
      await deal.explore();
      await deal.decide('go');
      await deal.draftContract();
      await deal.ratifyAll();
      const otto = await busy.as('op.otto');
      const base = `/api/deals/${deal.dealId}/incidents`;
      await Promise.all(
        [1, 2, 3, 4, 5, 6].map(async (lane) => {
          const reported = expectStatus(
            await otto.post(base, { severity: 'minor', title: `Printer ${lane}`, description: 'Dock 1' }).set('Idempotency-Key', `printer-${lane}`),
            201,
          ).body as { id: string };
          expectStatus(await otto.post(`${base}/${reported.id}/acknowledge`), 200);
          expectStatus(await otto.post(`${base}/${reported.id}/resolve`, { resolution: 'Cleared.' }), 200);
        }),
      );
      expectStatus(await otto.post(base, { severity: 'minor', title: 'Printer 1', description: 'Dock 1' }).set('Idempotency-Key', 'printer-1'), 201);
      expectStatus(await (await busy.as('dir.dana')).post(`/api/deals/${deal.dealId}/terminate`, { reason: 'Pilot over.' }), 200);
      const runs: { runId: string; startTime: Date }[] = [];
      await eventually(async () => {
        runs.length = 0;
        for await (const run of busy.temporal.workflow.list({ query: `WorkflowId = '${dealWorkflowId(deal.dealId)}'` })) runs.push(run);
        if (runs.length < 3) throw new Error('fewer than three runs listed yet');
      });
      runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
      await save('deal-continued-first-run', dealWorkflowId(deal.dealId), runs[0]!.runId);
      await save('deal-continued-last-run', dealWorkflowId(deal.dealId), runs.at(-1)!.runId);
    } finally {
      await busy.close();
    }
  });
});
