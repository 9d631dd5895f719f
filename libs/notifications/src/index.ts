export * from './delivery.errors';
export * from './email.sender';
export * from './notification.types';
export * from './notifications.config';
export * from './notifications.module';
export * from './render';
export * from './webhook.sender';
export * from './webhook.signature';
