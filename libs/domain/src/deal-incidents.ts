import type { DealJournal } from './deal-journal';
import { requireText } from './deal-journal';
import {
  assertDealOpen,
  assertVisibleTo,
  type AcknowledgeIncidentCommand,
  type IncidentEscalation,
  type IncidentTimerInput,
  type ReportIncidentCommand,
  type ResolveIncidentCommand,
} from './deal-state';
import { incidentDeadlines } from './escalation';
import { conflict, notFound } from './errors';
import { incidentId, incidentSequenceOf, isUnresolved, validateIncidentReport, type Incident } from './incidents';
import { SYSTEM_ACTOR, type Actor, type Side, type UserId } from './people';
import { incidentLadderOf, type EscalationLevel, type ServiceLevel } from './policy';
import { peopleOfSide, type DealPeople } from './deal';

/**
 * Incidents of the relationship: reported, acknowledged and resolved by people, their clocks run
 * in a workflow of their own that reports back when one runs out.
 */
export class IncidentDesk {
  constructor(private readonly journal: DealJournal) {}

  private get state() {
    return this.journal.state;
  }

  incident(id: string): Incident {
    const incident = this.state.incidents.find((candidate) => candidate.id === id);
    if (incident) return incident;
    // Resolved and closed incidents live on in the durable record only.
    const sequence = incidentSequenceOf(id);
    if (sequence !== null && sequence <= this.journal.data.incidentSequence) throw conflict(`incident ${id} is already over (resolved or closed)`);
    throw notFound(`incident ${id} does not exist on deal ${this.state.dealId}`);
  }

  /** The incidents still being worked on. */
  open(): Incident[] {
    return this.state.incidents.filter(isUnresolved);
  }

  checkReport(command: ReportIncidentCommand): Incident['severity'] {
    assertVisibleTo(this.state, command.actor);
    assertDealOpen(this.state);
    if (this.state.stage === 'strategic-contact') throw conflict('incidents can be reported from exploration on');
    return validateIncidentReport(command.incident).severity;
  }

  /** Records an incident, tells the tactical leads and hands its clocks to a workflow of its own. */
  report(command: ReportIncidentCommand, now: string): Incident {
    this.checkReport(command);
    const report = validateIncidentReport(command.incident);
    this.journal.data.incidentSequence += 1;
    const serviceLevel = this.serviceLevelFor(report.severity);
    const deadlines = incidentDeadlines(now, serviceLevel, this.state.calendar);
    const incident: Incident = {
      ...report,
      id: incidentId(this.journal.data.incidentSequence),
      status: 'reported',
      level: 'operational',
      reportedAt: now,
      reportedBy: command.actor.userId,
      respondBy: deadlines.respondBy,
      resolveBy: deadlines.resolveBy,
    };
    this.state.incidents.push(incident);
    this.journal.record('IncidentReported', now, command.actor.userId, {
      incidentId: incident.id,
      severity: incident.severity,
      title: incident.title,
      respondBy: incident.respondBy,
      resolveBy: incident.resolveBy,
    });
    this.journal.notify([...this.state.tacticalLeads], now, {
      type: 'incident-reported',
      incidentId: incident.id,
      severity: incident.severity,
      title: incident.title,
      reportedBy: incident.reportedBy,
      respondBy: incident.respondBy,
      resolveBy: incident.resolveBy,
    });
    this.journal.effects.push({
      type: 'start-incident-timers',
      input: {
        dealId: this.state.dealId,
        dealTitle: this.state.title,
        incident: { id: incident.id, severity: incident.severity, title: incident.title, reportedAt: now },
        serviceLevel,
        ...(this.state.calendar ? { calendar: this.state.calendar } : {}),
        ...this.ladderTimerInput(),
      },
    });
    return incident;
  }

  /** Who each step tells, decided now; deals started before the declarative ladder hand over the people per level. */
  private ladderTimerInput(): Pick<IncidentTimerInput, 'ladder' | 'tactical' | 'strategic'> {
    const ladder = incidentLadderOf(this.state.policy).map((step) => ({ level: step.level, after: step.after, notified: peopleToldAt(this.state, step.sides, step.level) }));
    if (this.state.policy.ladders) return { ladder };
    const toldAt = (level: EscalationLevel) => ladder.find((step) => step.level === level)?.notified ?? [];
    return { tactical: toldAt('tactical'), strategic: toldAt('strategic') };
  }

  checkAcknowledge(command: AcknowledgeIncidentCommand): Incident {
    const incident = this.openIncident(command.actor, command.incidentId);
    if (incident.status !== 'reported') throw conflict(`incident ${incident.id} is already ${incident.status}`);
    return incident;
  }

  acknowledge(command: AcknowledgeIncidentCommand, now: string): Incident {
    const incident = this.checkAcknowledge(command);
    Object.assign(incident, { status: 'acknowledged', acknowledgedAt: now, acknowledgedBy: command.actor.userId });
    this.journal.record('IncidentAcknowledged', now, command.actor.userId, { incidentId: incident.id });
    this.journal.effects.push({ type: 'tell-incident', incidentId: incident.id, change: 'acknowledged' });
    return incident;
  }

  checkResolve(command: ResolveIncidentCommand): Incident {
    const incident = this.openIncident(command.actor, command.incidentId);
    requireText(command.resolution, 'resolution');
    return incident;
  }

  resolve(command: ResolveIncidentCommand, now: string): Incident {
    const incident = this.checkResolve(command);
    Object.assign(incident, { status: 'resolved', resolvedAt: now, resolvedBy: command.actor.userId, resolution: command.resolution });
    this.journal.record('IncidentResolved', now, command.actor.userId, { incidentId: incident.id, resolution: command.resolution });
    this.journal.effects.push({ type: 'tell-incident', incidentId: incident.id, change: 'resolved' });
    return incident;
  }

  /** An incident's clock ran out in its own workflow: it climbs a level here too, and that level is told. */
  recordEscalation(escalation: IncidentEscalation, now: string): void {
    const incident = this.state.incidents.find((candidate) => candidate.id === escalation.incidentId);
    if (!incident || incident.status === 'resolved' || incident.status === 'closed') return;
    incident.level = escalation.level;
    this.journal.record('IncidentEscalated', now, SYSTEM_ACTOR, {
      incidentId: incident.id,
      level: escalation.level,
      reason: escalation.reason,
      notified: escalation.notified,
    });
    this.journal.notify(escalation.notified, now, {
      type: 'escalation',
      subject: 'incident',
      level: escalation.level,
      reason: escalation.reason,
      incidentId: incident.id,
      severity: incident.severity,
      title: incident.title,
    });
  }

  /** The deal ended: its open incidents close with it, and their clocks stop. */
  closeAll(): void {
    for (const incident of this.open()) {
      incident.status = 'closed';
      this.journal.touchIncident(incident.id);
      this.journal.effects.push({ type: 'tell-incident', incidentId: incident.id, change: 'closed' });
    }
  }

  private serviceLevelFor(severity: Incident['severity']): ServiceLevel {
    // The contract's service levels apply once the directors ratified it; before that, the deal's policy.
    const contract = this.state.stage === 'live' ? this.state.contract : null;
    return contract ? contract.terms.serviceLevels[severity] : this.state.policy.incidentServiceLevels[severity];
  }

  private openIncident(actor: Actor, id: string): Incident {
    assertVisibleTo(this.state, actor);
    const incident = this.incident(id);
    if (incident.status === 'resolved' || incident.status === 'closed') throw conflict(`incident ${id} is already ${incident.status}`);
    return incident;
  }
}

/** Who an incident ladder step tells: that level's people on each side it names, the supplier's first. */
export function peopleToldAt(people: DealPeople, sides: readonly Side[], level: EscalationLevel): UserId[] {
  return [...new Set(sides.flatMap((side) => peopleOfSide(people, side, level)))];
}
