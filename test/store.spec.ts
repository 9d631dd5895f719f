import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DealProcess, type Actor, type DealChanges } from '@app/domain';
import { sampleStartCommand } from '@app/domain/testing';
import { DealRecords, Store, UserRecords, type StoreLocation } from '@app/store';
import { startPostgres, type RunningPostgres } from './support/postgres-server';

const OTTO: Actor = { userId: 'op.otto', roles: ['operational'] };
const START = '2027-03-01T09:00:00.000Z';

/** A deal's changes as its workflow hands them to the store: the process's own output, not a fixture. */
function dealWithIncidents(dealId: string, incidents: number): { process: DealProcess; batches: DealChanges[] } {
  const process = DealProcess.start(sampleStartCommand({ dealId, title: `Cold chain ${dealId}` }), START);
  const batches = [process.takeChanges()!];
  for (let n = 1; n <= incidents; n += 1) {
    const at = `2027-03-0${1 + (n % 8)}T10:00:00.000Z`;
    const { id } = process.reportIncident({ actor: OTTO, incident: { severity: 'minor', title: `Pallet ${n}`, description: 'Late' } }, at);
    batches.push(process.takeChanges()!);
    process.resolveIncident({ actor: OTTO, incidentId: id, resolution: 'Carrier replaced.' }, at);
    batches.push(process.takeChanges()!);
  }
  return { process, batches };
}

describe.each(['sqlite', 'postgres'] as const)('the durable record on %s', (dialect) => {
  let postgres: RunningPostgres | undefined;
  let dir: string;
  let store: Store;
  let deals: DealRecords;
  let users: UserRecords;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'groundwork-store-'));
    postgres = dialect === 'postgres' ? await startPostgres() : undefined;
    const location: StoreLocation = { databaseUrl: postgres?.url, sqliteFile: join(dir, 'groundwork.db') };
    store = await Store.open(location);
    deals = new DealRecords(store);
    users = new UserRecords(store);
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await postgres?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('migrates once: opening the store again finds the schema in place', async () => {
    const again = await Store.open({ databaseUrl: postgres?.url, sqliteFile: join(dir, 'groundwork.db') });
    await again.close();
  });

  it('keeps the timeline append-only, numbered from 1 per deal, and the deal as users read it', async () => {
    const { process, batches } = dealWithIncidents('store-timeline', 3);
    for (const batch of batches) await deals.record(batch);
    const timeline = await deals.timeline('store-timeline', { limit: 1_000 });
    expect(timeline.map((event) => event.sequence)).toEqual(timeline.map((_event, index) => index + 1));
    expect(timeline[0]).toMatchObject({ sequence: 1, type: 'DealStarted', actor: 'pm.paula' });
    expect(timeline.at(-1)!.sequence).toBe(process.version);
    const stored = await deals.find('store-timeline');
    expect(stored).toMatchObject({ dealId: 'store-timeline', stage: 'exploration', title: 'Cold chain store-timeline' });
    expect(stored!.tasks.map((task) => task.id)).toEqual(['processes-1', 'organisation-2', 'systems-3', 'people-4']);
    expect(stored!.incidents.map((incident) => [incident.id, incident.status])).toEqual([
      ['incident-1', 'resolved'],
      ['incident-2', 'resolved'],
      ['incident-3', 'resolved'],
    ]);
    // The workflow forgets what is over; the record keeps it.
    expect(process.state.incidents).toEqual([]);
    expect(await deals.incident('store-timeline', 'incident-2')).toEqual(stored!.incidents[1]);
    expect(await deals.task('store-timeline', 'systems-3')).toEqual(stored!.tasks[2]);
    expect(await deals.task('store-timeline', 'systems-9')).toBeNull();
    expect(await deals.incident('store-never', 'incident-1')).toBeNull();
    expect(await deals.participants('store-timeline')).toEqual(['pm.paula', 'dir.dana', 'mm.mark', 'op.otto']);
    expect((await deals.timeline('store-timeline', { after: 5, limit: 2 })).map((event) => event.sequence)).toEqual([6, 7]);
  });

  it('changes nothing when the same changes are written again, or an older version arrives late', async () => {
    const { batches } = dealWithIncidents('store-idempotent', 2);
    for (const batch of batches) await deals.record(batch);
    const before = { deal: await deals.find('store-idempotent'), timeline: await deals.timeline('store-idempotent', { limit: 1_000 }) };
    // A retried activity, and a replayed old batch: the events exist and the rows are newer.
    await deals.record(batches.at(-1)!);
    await deals.record(batches[1]!);
    expect(await deals.find('store-idempotent')).toEqual(before.deal);
    expect(await deals.timeline('store-idempotent', { limit: 1_000 })).toEqual(before.timeline);
  });

  it('remembers every deal ID with the start that made it', async () => {
    const { batches } = dealWithIncidents('store-keyed', 0);
    await deals.record(batches[0]!, 'pm.paula:start-1');
    expect(await deals.startOf('store-keyed')).toEqual({ startKey: 'pm.paula:start-1' });
    expect(await deals.startOf('store-never')).toBeNull();
  });

  it('lists deals by filter, readable by participants only, in pages with a stable cursor', async () => {
    for (const n of [1, 2, 3, 4, 5]) {
      const process = DealProcess.start(sampleStartCommand({ dealId: `list-${n}`, title: `Freight ${n}`, customer: { name: n % 2 ? 'Odd Foods' : 'Even Metals', segment: 'mid-market' } }), `2027-04-0${n}T09:00:00.000Z`);
      await deals.record(process.takeChanges()!);
    }
    const odd = await deals.list({ readableBy: null, customer: 'Odd Foods' }, { sort: 'opened', limit: 100 });
    expect(odd.items.map((deal) => deal.dealId)).toEqual(['list-5', 'list-3', 'list-1']);
    expect(odd.total).toBe(3);

    const text = await deals.list({ readableBy: null, text: 'EVEN met', segment: 'mid-market' }, { sort: 'opened', limit: 100 });
    expect(text.items.map((deal) => deal.dealId)).toEqual(['list-4', 'list-2']);
    const wildcard = await deals.list({ readableBy: null, text: '100%_' }, { sort: 'opened', limit: 100 });
    expect(wildcard.total).toBe(0);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await deals.list({ readableBy: null, text: 'freight' }, { sort: 'opened', limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((deal) => deal.dealId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['list-5', 'list-4', 'list-3', 'list-2', 'list-1']);

    expect((await deals.list({ readableBy: 'op.otto', text: 'freight' }, { sort: 'opened', limit: 100 })).total).toBe(5);
    expect((await deals.list({ readableBy: 'op.outsider', text: 'freight' }, { sort: 'opened', limit: 100 })).total).toBe(0);
  });

  it("lists a user's open tasks across deals, soonest due first, with a count", async () => {
    const page = await deals.openTasks({ assignee: 'op.otto', dealId: 'list-2' }, { offset: 0, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.items.map((task) => task.id)).toEqual(['processes-1', 'organisation-2']);
    expect(page.items[0]).toMatchObject({ dealId: 'list-2', dealTitle: 'Freight 2', assignee: 'op.otto' });
    const next = await deals.openTasks({ assignee: 'op.otto', dealId: 'list-2' }, { offset: 0, limit: 2, cursor: page.nextCursor! });
    expect(next.items.map((task) => task.id)).toEqual(['systems-3', 'people-4']);
    expect(next.nextCursor).toBeNull();
    await expect(deals.openTasks({ assignee: 'op.otto' }, { offset: 0, limit: 2, cursor: 'bogus' })).rejects.toThrow('cursor');
  });

  it("keeps each user's signals once per delivery, in arrival order", async () => {
    const process = DealProcess.start(sampleStartCommand({ dealId: 'store-signals' }), START);
    process.delegateTasks(['processes-1'], {}, START);
    const changes = process.takeChanges()!;
    expect(changes.signals).toHaveLength(1);
    await deals.record(changes);
    await deals.record(changes);
    const signals = await users.signals('op.otto', { limit: 100 });
    expect(signals.filter((signal) => signal.dealId === 'store-signals').map((signal) => signal.type)).toEqual(['task-assigned']);
    expect(await users.signals('op.otto', { after: signals.at(-1)!.position, limit: 100 })).toEqual([]);
  });

  it('holds settings and who is away, and each (notification, channel) sent once', async () => {
    await users.setPreferences('mm.mark', { email: 'mark@example.com', webhook: { url: 'https://hooks.example.com/x', flavour: 'slack' } }, START);
    expect(await users.preferences('mm.mark')).toEqual({ email: 'mark@example.com', webhook: { url: 'https://hooks.example.com/x', flavour: 'slack' } });
    await users.setOutOfOffice('op.olga', { from: '2027-07-01T00:00:00.000Z', until: '2027-07-22T00:00:00.000Z', delegate: 'op.otto' });
    expect(Object.keys(await users.awayAmong(['op.olga', 'op.otto'], '2027-07-05T00:00:00.000Z'))).toEqual(['op.olga']);
    expect(await users.awayAmong(['op.olga'], '2027-08-01T00:00:00.000Z')).toEqual({});
    await users.setOutOfOffice('op.olga', null);
    expect(await users.outOfOffice('op.olga')).toBeNull();

    expect(await users.wasSent('n-1:mm.mark', 'email')).toBe(false);
    await users.recordSent({ notificationId: 'n-1:mm.mark', channel: 'email', recipient: 'mm.mark', outcome: 'sent', at: START });
    await users.recordSent({ notificationId: 'n-1:mm.mark', channel: 'email', recipient: 'mm.mark', outcome: 'sent', at: START });
    expect(await users.wasSent('n-1:mm.mark', 'email')).toBe(true);
    expect(await users.sentTo('mm.mark')).toEqual([{ notificationId: 'n-1:mm.mark', channel: 'email', outcome: 'sent' }]);
  });
});
