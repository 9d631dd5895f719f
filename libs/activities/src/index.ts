export * from './activities.module';
export * from './deal-recording.service';
export * from './digest.service';
export * from './external-delivery.service';
