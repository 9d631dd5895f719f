export * from './deal-records';
export * from './schema';
export * from './store';
export * from './store.module';
export * from './user-records';
export * from './store-faults';
export * from './rate-limit-windows';
