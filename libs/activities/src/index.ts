export * from './activities.module';
export * from './signal-delivery.activities';
export * from './signal-delivery.types';
