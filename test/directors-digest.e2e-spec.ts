import type { ParsedMail } from 'mailparser';
import type { Actor, StartDealCommand } from '@app/domain';
import { sampleStartCommand } from '@app/domain/testing';
import { EmailSender, SmtpConfig } from '@app/notifications';
import {
  completeTaskUpdate,
  dealRecordedUpdate,
  dealWorkflow,
  dealWorkflowId,
  directorsDigestWorkflow,
  reportIncidentUpdate,
} from '@app/workflows';
import { ENTERPRISE_TIER_TERMS, FEASIBLE } from './support/deal-driver';
import { SmtpReceiver } from './support/smtp-receiver';
import { startTimeSkippingWorld, type TimeSkippingWorld } from './support/time-skipping';
import { eventually } from './support/test-app';

const TASK_QUEUE = 'groundwork-digest-time-skipping';
const actor = (userId: string, ...roles: Actor['roles']): Actor => ({ userId, roles });
/** dana gets her other notices by e-mail too; the digest is the mail with this subject. */
const isDigest = (mail: ParsedMail) => mail.subject?.startsWith('[Groundwork] Your weekly digest') === true;

/**
 * The directors' weekly digest on Temporal's time-skipping server, with the real activities, a
 * SQLite store of its own and a real SMTP server on loopback that refuses the first digest mail for now
 * (451), so the activity is retried: the digest is kept once and arrives once.
 */
describe('directors’ digest, with time skipping', () => {
  let smtp: SmtpReceiver;
  let email: EmailSender;
  let world: TimeSkippingWorld;
  let env: TimeSkippingWorld['env'];
  let deals: TimeSkippingWorld['deals'];
  let users: TimeSkippingWorld['users'];

  beforeAll(async () => {
    smtp = await SmtpReceiver.start({ refuseOnce: isDigest });
    email = new EmailSender(new SmtpConfig({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'Groundwork <groundwork@example.com>' }));
    world = await startTimeSkippingWorld({ taskQueue: TASK_QUEUE, vars: { PUBLIC_URL: 'https://groundwork.example.com' }, email });
    ({ env, deals, users } = world);
  }, 120_000);

  afterAll(async () => {
    await world?.close();
    email?.onModuleDestroy();
    await smtp?.close();
  });

  /** A deal driven through exploration and go/no-go (and, when `live`, contract and ratification). */
  async function dealUpTo(stage: 'ratification' | 'live', overrides: Partial<StartDealCommand>) {
    const command = sampleStartCommand({ directors: ['dir.dana'], ...overrides });
    const handle = await env.client.workflow.start(dealWorkflow, { workflowId: dealWorkflowId(command.dealId), taskQueue: TASK_QUEUE, args: [{ start: command }] });
    await handle.executeUpdate(dealRecordedUpdate);
    const complete = (taskId: string, userId: string, result: object) => handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, actor: actor(userId), result }] });
    for (const task of (await deals.find(command.dealId))!.tasks) await complete(task.id, task.assignee, FEASIBLE);
    await complete('go-no-go-5', 'mm.mark', { decision: 'go', substantiation: 'All four elements were explored on the floor.' });
    await complete('contract-6', 'mm.mark', ENTERPRISE_TIER_TERMS);
    if (stage === 'live') await complete('ratification-7', 'dir.dana', { decision: 'ratify' });
    return handle;
  }

  it('sends each director one digest a week: what waits for them, go/no-go reports, strategic escalations and health that fell', async () => {
    await users.setPreferences('dir.dana', { email: 'dana@example.com', webhook: null }, new Date().toISOString());
    await dealUpTo('ratification', { dealId: 'digest-acme', title: 'Acme warehouse' });
    const live = await dealUpTo('live', { dealId: 'digest-beta', title: 'Beta care logistics' });
    await live.executeUpdate(reportIncidentUpdate, { args: [{ actor: actor('op.otto', 'operational'), incident: { severity: 'critical', title: 'Order intake down', description: 'No orders arrive.' } }] });
    // Critical: not acknowledged within its hour it climbs to tactical, not resolved in time to strategic.
    await env.sleep('20h');
    await eventually(async () => expect((await deals.find('digest-beta'))!.incidents[0]?.level).toBe('strategic'));

    const first = await env.client.workflow.execute(directorsDigestWorkflow, { workflowId: 'directors-digest-test-1', taskQueue: TASK_QUEUE, args: [{}] });
    // The same week's digest made again (a Schedule's retried or doubled run) keeps the first and mails nothing.
    const again = await env.client.workflow.execute(directorsDigestWorkflow, { workflowId: 'directors-digest-test-2', taskQueue: TASK_QUEUE, args: [{ until: first.until }] });

    // dana (both deals) and nobody else is a director here; the mail went out once, on the retry after the 451.
    expect(first).toEqual({ until: first.until, digests: 1, mailed: 1 });
    expect(again).toEqual({ until: first.until, digests: 1, mailed: 0 });
    expect(smtp.refusals).toBe(1);
    const digests = await users.digests('dir.dana', 10);
    expect(digests).toHaveLength(1);
    const [digest] = digests;
    expect(Date.parse(digest!.until) - Date.parse(digest!.from)).toBe(7 * 24 * 3_600_000);
    expect(digest!.waiting.items).toEqual([expect.objectContaining({ taskId: 'ratification-7', kind: 'ratification', dealId: 'digest-acme', overdue: false })]);
    expect(digest!.goNoGoReports.items.map((report) => [report.dealId, report.decision])).toEqual([
      ['digest-beta', 'go'],
      ['digest-acme', 'go'],
    ]);
    expect(digest!.strategicEscalations.items).toEqual([expect.objectContaining({ dealId: 'digest-beta', subject: 'incident', title: 'Order intake down' })]);
    expect(digest!.healthFell.items).toEqual([
      expect.objectContaining({
        dealId: 'digest-beta',
        current: expect.objectContaining({ opened: 1, reachedStrategic: 1, stillOpen: 1 }),
        reasons: expect.arrayContaining(['1 incident(s) reached the strategic level, against 0 the period before']),
      }),
    ]);

    const digestMails = smtp.mails.filter(isDigest);
    expect(digestMails).toHaveLength(1);
    const [mail] = digestMails;
    expect(mail!.to).toMatchObject({ value: [{ address: 'dana@example.com' }] });
    expect(mail!.subject).toBe('[Groundwork] Your weekly digest: 1 waiting, 1 strategic escalation(s)');
    expect(mail!.text).toContain('Ratification: Acme warehouse');
    expect(mail!.text).toContain('Incident “Order intake down” on Beta care logistics');
    expect(mail!.text).toContain('Open your desk in Groundwork: https://groundwork.example.com/desk');
    expect((await users.sentTo('dir.dana')).filter((sent) => sent.notificationId.startsWith('digest:'))).toEqual([
      { notificationId: `digest:${first.until}:dir.dana`, channel: 'email', outcome: 'sent' },
    ]);

    // A week on: the ratification (due in 7 days) still waits and is overdue now; last week's decisions
    // and last week's climb are no news, and a week without a new climb is no fall.
    await env.sleep('7d');
    const nextWeek = await env.client.workflow.execute(directorsDigestWorkflow, { workflowId: 'directors-digest-test-3', taskQueue: TASK_QUEUE, args: [{}] });
    const [latest] = await users.digests('dir.dana', 1);
    expect(latest!.until).toBe(nextWeek.until);
    expect(latest!.waiting.items.map((task) => [task.taskId, task.overdue])).toEqual([['ratification-7', true]]);
    expect(latest!.goNoGoReports.total).toBe(0);
    expect(latest!.healthFell.total).toBe(0);
  });
});
