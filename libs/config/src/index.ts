export * from './config';
export * from './config.module';
export * from './environment';
export * from './repo-root';
export * from './log-levels';
export * from './config-report';
