import { Inject, Injectable } from '@nestjs/common';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DealRecords } from '@app/store';

/**
 * The API's Prometheus registry: the process's own metrics, request latency by route, and the
 * business figures, read from the durable record at each scrape (so every instance reports the same
 * figures; a dashboard takes their max).
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();

  private readonly requestDuration = new Histogram({
    name: 'groundwork_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status, and how long they took',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(@Inject(DealRecords) deals: DealRecords) {
    collectDefaultMetrics({ register: this.registry, prefix: 'groundwork_api_' });
    const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], collect?: () => Promise<void>) =>
      new Gauge<L>({ name, help, labelNames, registers: [this.registry], ...(collect ? { collect } : {}) });
    // One store round trip per scrape sets them all; the first gauge's collect does it for the rest.
    const openTasks = gauge('groundwork_open_tasks', 'Open tasks across all deals, per level of the person they are with', ['level'], () => refresh());
    const overdueTasks = gauge('groundwork_overdue_tasks', 'Open tasks past their due time, per level', ['level']);
    const openIncidents = gauge('groundwork_open_incidents', 'Incidents reported or acknowledged and not yet resolved, per severity and the level they reached', ['severity', 'level']);
    const oldestIncident = gauge('groundwork_open_incident_oldest_age_seconds', 'How long the oldest unresolved incident has been open, per severity and level', ['severity', 'level']);
    const escalations = gauge('groundwork_escalations_recorded', 'Escalations the deals\' timelines recorded, per kind (task, incident) and the level climbed to', ['kind', 'level']);
    const refresh = async () => {
      const now = new Date();
      const figures = await deals.operationalFigures(now.toISOString());
      for (const metric of [openTasks, overdueTasks, openIncidents, oldestIncident, escalations]) metric.reset();
      for (const { level, open, overdue } of figures.tasks) {
        openTasks.set({ level }, open);
        overdueTasks.set({ level }, overdue);
      }
      for (const { severity, level, open, oldestReportedAt } of figures.incidents) {
        openIncidents.set({ severity, level }, open);
        oldestIncident.set({ severity, level }, Math.max(0, (now.getTime() - Date.parse(oldestReportedAt)) / 1_000));
      }
      for (const { kind, level, count } of figures.escalations) escalations.set({ kind, level }, count);
    };
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requestDuration.observe({ method, route, status: String(status) }, seconds);
  }
}
