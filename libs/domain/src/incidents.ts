import { invalidInput } from './errors';
import { LIMITS } from './limits';
import type { Level, UserId } from './people';
import { SEVERITIES, type Severity } from './policy';

export const INCIDENT_STATUSES = ['reported', 'acknowledged', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
/** Still someone's to handle: its clocks run until it is resolved (or its deal closes it). */
export const UNRESOLVED_INCIDENT_STATUSES = ['reported', 'acknowledged'] as const satisfies readonly IncidentStatus[];

export const isUnresolved = (incident: Pick<Incident, 'status'>): boolean => (UNRESOLVED_INCIDENT_STATUSES as readonly IncidentStatus[]).includes(incident.status);

export interface IncidentReport {
  severity: Severity;
  title: string;
  description: string;
}

export interface Incident extends IncidentReport {
  id: string;
  status: IncidentStatus;
  level: Level;
  reportedAt: string;
  reportedBy: UserId;
  respondBy: string;
  resolveBy: string;
  acknowledgedAt?: string;
  acknowledgedBy?: UserId;
  resolvedAt?: string;
  resolvedBy?: UserId;
  resolution?: string;
}

/** Checks an incident report from any client; throws an invalid-input DomainError naming the field. */
export function validateIncidentReport(value: unknown): IncidentReport {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidInput('incident must be an object');
  const fields = value as Record<string, unknown>;
  const unknownKey = Object.keys(fields).find((key) => !['severity', 'title', 'description'].includes(key));
  if (unknownKey !== undefined) throw invalidInput(`${unknownKey} is not an allowed field`);
  const { severity, title, description } = fields;
  if (typeof severity !== 'string' || !(SEVERITIES as readonly string[]).includes(severity)) {
    throw invalidInput(`severity must be one of: ${SEVERITIES.join(', ')}`);
  }
  if (typeof title !== 'string' || title.trim() === '') throw invalidInput('title is required');
  if (title.length > LIMITS.title) throw invalidInput(`title must be at most ${LIMITS.title} characters`);
  if (typeof description !== 'string' || description.trim() === '') throw invalidInput('description is required');
  if (description.length > LIMITS.text) throw invalidInput(`description must be at most ${LIMITS.text} characters`);
  return { severity: severity as Severity, title, description };
}

export function incidentId(sequence: number): string {
  return `incident-${sequence}`;
}

/** The number in an incident ID, or null when the ID is not one this process hands out. */
export function incidentSequenceOf(id: string): number | null {
  const match = /^incident-([1-9][0-9]*)$/.exec(id);
  return match ? Number(match[1]) : null;
}
