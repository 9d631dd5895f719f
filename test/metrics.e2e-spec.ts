import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '@app/config';
import { DealDriver, expectStatus } from './support/deal-driver';
import { TestApp, eventually } from './support/test-app';

/** Prometheus text, summed per metric name over the series whose labels include `labels`. */
function figure(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const series = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key!, value!]));
    if (Object.entries(labels).every(([key, value]) => series[key] === value)) sum += Number(match[3]);
  }
  return sum;
}

/** The API's /metrics as Prometheus scrapes it: request latency by route, and the business figures from the store. */
describe('metrics', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.close();
  });

  const scrape = async () => {
    const response = await app.http.get('/metrics').expect(200);
    expect(response.headers['content-type']).toContain('text/plain; version=0.0.4');
    return response.text;
  };

  it('counts open and overdue tasks per level and the escalations the timelines recorded, with latency by route template', async () => {
    const before = await scrape();
    const deal = await DealDriver.start(app, { policy: { taskDue: { exploration: 'PT3S' } } });
    const tasks = await deal.openTasks();
    const level = tasks[0]!.level;
    expect(figure(await scrape(), 'groundwork_open_tasks', { level })).toBeGreaterThanOrEqual(figure(before, 'groundwork_open_tasks', { level }) + tasks.length);
    // Past their due time the four exploration tasks are overdue, and their climbs are counted.
    await eventually(async () => {
      const after = await scrape();
      expect(figure(after, 'groundwork_overdue_tasks')).toBeGreaterThanOrEqual(figure(before, 'groundwork_overdue_tasks') + tasks.length);
      expect(figure(after, 'groundwork_escalations_recorded', { kind: 'task' })).toBeGreaterThanOrEqual(figure(before, 'groundwork_escalations_recorded', { kind: 'task' }) + tasks.length);
    });
    const text = await scrape();
    // One series per route template, never one per deal.
    expect(figure(text, 'groundwork_http_request_duration_seconds_count', { method: 'GET', route: '/api/deals/:dealId', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(deal.dealId);
    expect(figure(text, 'groundwork_api_process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('counts an unresolved incident per severity and level, with the age of the oldest', async () => {
    const deal = await DealDriver.start(app);
    await deal.explore();
    await deal.coSignAll();
    await deal.decide('go');
    await deal.draftContract();
    await deal.ratifyAll();
    const before = figure(await scrape(), 'groundwork_open_incidents', { severity: 'minor', level: 'operational' });
    const otto = await app.as('op.otto');
    expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents`, { severity: 'minor', title: 'Scanner down', description: 'Dock 1' }), 201);
    await eventually(async () => {
      const text = await scrape();
      expect(figure(text, 'groundwork_open_incidents', { severity: 'minor', level: 'operational' })).toBe(before + 1);
      expect(figure(text, 'groundwork_open_incident_oldest_age_seconds', { severity: 'minor', level: 'operational' })).toBeGreaterThanOrEqual(0);
    });
  });

  it('has every metric the Grafana dashboard in ops/ queries', async () => {
    const dashboard = JSON.parse(await readFile(join(repoRoot(), 'ops', 'grafana', 'groundwork.json'), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const queried = new Set(dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => target.expr.match(/groundwork_[a-z0-9_]+/g) ?? [])));
    expect(queried.size).toBeGreaterThanOrEqual(8);
    const text = await scrape();
    const served = new Set([...text.matchAll(/^# TYPE (\S+) (\w+)$/gm)].flatMap(([, name, type]) => (type === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name!])));
    expect([...queried].filter((name) => !served.has(name))).toEqual([]);
  });
});
