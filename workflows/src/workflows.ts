// The worker's workflow bundle entry: workflow functions only.
export { dealWorkflow } from './deal/deal.workflow';
export { inboxWorkflow } from './inbox/inbox.workflow';
export { incidentWorkflow } from './incident/incident.workflow';
