import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { installTracing, type Tracing } from './tracing';

export const TRACING = Symbol('TRACING');

/** This process's tracing for a Nest application: installed when the app is built, its buffered spans sent at shutdown. */
@Module({})
export class TracingModule implements OnApplicationShutdown {
  constructor(@Inject(TRACING) private readonly tracing: Tracing) {}

  static forRoot(serviceName: string, endpoint: string | null): DynamicModule {
    return { module: TracingModule, providers: [{ provide: TRACING, useFactory: () => installTracing(serviceName, endpoint) }], exports: [TRACING] };
  }

  onApplicationShutdown(): Promise<void> {
    return this.tracing.flush();
  }
}
