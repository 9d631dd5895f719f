// What API, activities and tests import: the contracts, and the workflow functions for typed starts.
export * from './deal/deal.activities';
export * from './deal/deal.contract';
export * from './digest/digest.contract';
export * from './incident/incident.contract';
export * from './workflows';
