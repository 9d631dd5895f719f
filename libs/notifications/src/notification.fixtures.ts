import type { EscalationSignal, GoNoGoSignal, TaskReminderSignal } from '@app/domain';
import type { Notification } from './notification.types';

// Sample notifications for the specs of this library (not exported from index.ts).

export const goNoGoSignal: GoNoGoSignal = {
  type: 'go-no-go',
  dealId: 'acme-logistics',
  dealTitle: 'Warehouse logistics for Acme',
  at: '2026-11-22T09:30:00.000Z',
  decision: 'go',
  decidedBy: 'mm.mark',
  substantiation: 'All four elements work on the floor; the EDI link is planned.',
  recommendation: { decision: 'go', conditions: ['EDI link to the warehouse system before go-live'], because: ['systems'] },
  findings: [
    { element: 'processes', assessment: 'feasible', substantiation: 'Walked through a full week of orders with both floor teams.', conditions: [] },
    { element: 'organisation', assessment: 'feasible', substantiation: 'Both shift leads own the hand-over.', conditions: [] },
    {
      element: 'systems',
      assessment: 'conditional',
      substantiation: 'The order feed works; the warehouse system needs an EDI link.',
      conditions: ['EDI link to the warehouse system before go-live'],
    },
    { element: 'people', assessment: 'feasible', substantiation: 'Enough trained pickers on both sites.', conditions: [] },
  ],
  openIncidents: [{ id: 'inc-1', severity: 'major', title: 'Pilot scanner drops orders', status: 'acknowledged', level: 'tactical' }],
};

export const reminderSignal: TaskReminderSignal = {
  type: 'reminder',
  dealId: 'acme-logistics',
  dealTitle: 'Warehouse logistics for Acme',
  at: '2026-11-20T08:00:00.000Z',
  taskId: 'systems-3',
  kind: 'systems',
  assignee: 'op.otto',
  dueAt: '2026-11-22T17:00:00.000Z',
};

export const taskEscalationSignal: EscalationSignal = {
  type: 'escalation',
  subject: 'task',
  level: 'tactical',
  dealId: 'acme-logistics',
  dealTitle: 'Warehouse logistics for Acme',
  at: '2026-11-22T17:00:00.000Z',
  taskId: 'systems-3',
  kind: 'systems',
  assignee: 'op.otto',
  dueAt: '2026-11-22T17:00:00.000Z',
};

export const incidentEscalationSignal: EscalationSignal = {
  type: 'escalation',
  subject: 'incident',
  level: 'strategic',
  dealId: 'acme-logistics',
  dealTitle: 'Warehouse logistics for Acme',
  at: '2026-11-23T10:00:00.000Z',
  incidentId: 'inc-7',
  severity: 'critical',
  title: 'Orders stuck in the EDI queue',
  reason: 'not-resolved',
};

export function notificationOf(signal: Notification['signal'], overrides: Partial<Notification> = {}): Notification {
  return {
    id: `delivery-1:${overrides.recipient?.userId ?? 'dir.dana'}`,
    recipient: { userId: 'dir.dana', name: 'Dana Director' },
    signal,
    links: { deal: 'https://groundwork.example.com/deals/acme-logistics' },
    ...overrides,
  };
}
