import type { Level, UserId } from './people';
import type { Severity } from './policy';
import type { Advice, Recommendation } from './recommendation';
import type { Assessment, Element, GoNoGo, TaskKind } from './tasks';

interface SignalBase {
  dealId: string;
  dealTitle: string;
  at: string;
}

/** What the directors receive when a go/no-go is decided: the report, not a pointer to it. */
export interface GoNoGoSignal extends SignalBase {
  type: 'go-no-go';
  decision: GoNoGo;
  decidedBy: UserId;
  substantiation: string;
  recommendation: Recommendation;
  findings: { element: Element; assessment: Assessment; substantiation: string; conditions: string[]; coSignedBy?: UserId }[];
  openIncidents: { id: string; severity: Severity; title: string; status: string; level: Level }[];
  /** The outside advisors' advice (reports sent before advisors existed have none). */
  advice?: Advice[];
}

/** Tells an assignee that a task is due soon. */
export interface TaskReminderSignal extends SignalBase {
  type: 'reminder';
  taskId: string;
  kind: TaskKind;
  assignee: UserId;
  dueAt: string;
}

/** Tells a person that a task is theirs now (for a director's ratification task: a ratification request). */
export interface TaskAssignedSignal extends SignalBase {
  type: 'task-assigned';
  taskId: string;
  kind: TaskKind;
  assignee: UserId;
  owner: UserId;
  dueAt: string;
}

/** Tells the tactical leads that an incident was reported and its clocks are running. */
export interface IncidentReportedSignal extends SignalBase {
  type: 'incident-reported';
  incidentId: string;
  severity: Severity;
  title: string;
  reportedBy: UserId;
  respondBy: string;
  resolveBy: string;
}

/** Work that was not handled in time climbs a level; the people of that level receive this. */
export type EscalationSignal = SignalBase & { type: 'escalation'; level: Level } & (
    | { subject: 'task'; taskId: string; kind: TaskKind; assignee: UserId; dueAt: string }
    | {
        subject: 'incident';
        incidentId: string;
        severity: Severity;
        title: string;
        reason: 'not-acknowledged' | 'not-resolved';
      }
  );

export type InboxSignal = GoNoGoSignal | TaskAssignedSignal | TaskReminderSignal | EscalationSignal | IncidentReportedSignal;
export type InboxSignalType = InboxSignal['type'];

/** A signal as it sits in a user's inbox: the delivery adds a unique ID so retries deliver it once. */
export type DeliveredSignal = InboxSignal & { id: string; recipient: UserId };
