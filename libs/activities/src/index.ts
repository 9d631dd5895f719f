export * from './activities.module';
export * from './delegation.activities';
export * from './delegation.types';
export * from './external-delivery.service';
export * from './signal-delivery.activities';
export * from './signal-delivery.types';
