import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { TemporalConfig } from '@app/config';
import { connectionOptions } from './connection-options';

/**
 * One gRPC connection and client per process, provided under their own classes and closed on shutdown.
 * The connection is made on first use, so the API starts (and serves reads from the store) while
 * Temporal is still coming up or down; commands meanwhile answer 503.
 */
@Global()
@Module({
  providers: [
    {
      provide: Connection,
      inject: [TemporalConfig],
      useFactory: (config: TemporalConfig) => Connection.lazy(connectionOptions(config)),
    },
    {
      provide: Client,
      inject: [Connection, TemporalConfig],
      useFactory: (connection: Connection, config: TemporalConfig) =>
        // Carries the caller's trace into the workflow's headers (a no-op while tracing is off).
        new Client({ connection, namespace: config.namespace, interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } }),
    },
  ],
  exports: [Connection, Client],
})
export class TemporalClientModule implements OnApplicationShutdown {
  constructor(@Inject(Connection) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
