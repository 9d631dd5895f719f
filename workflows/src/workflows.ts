// The worker's workflow bundle entry: workflow functions only.
export { dealWorkflow } from './deal/deal.workflow';
export { directorsDigestWorkflow } from './digest/digest.workflow';
export { incidentWorkflow } from './incident/incident.workflow';
