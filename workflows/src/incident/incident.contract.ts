import { defineSignal } from '@temporalio/workflow';

/** Each incident's clocks run in a child workflow of its deal; the deal owns its state and timeline. */
export const INCIDENT_WORKFLOW_TYPE = 'incidentWorkflow';

export function incidentWorkflowId(dealId: string, incidentId: string): string {
  return `incident:${dealId}:${incidentId}`;
}

/** The deal tells the incident's workflow what people did; resolved and closed stop its clocks. */
export const incidentChangedSignal = defineSignal<['acknowledged' | 'resolved' | 'closed']>('incidentChanged');
