import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AuthConfig, DigestConfig, NotificationsConfig, PolicyConfig, ServerConfig, StoreConfig, TemporalConfig, type GroundworkConfig } from './config';

/** Provides each concern's typed configuration under its class, so services inject exactly what they read. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: GroundworkConfig): DynamicModule {
    const providers = [
      { provide: ServerConfig, useValue: config.server },
      { provide: TemporalConfig, useValue: config.temporal },
      { provide: StoreConfig, useValue: config.store },
      { provide: AuthConfig, useValue: config.auth },
      { provide: PolicyConfig, useValue: config.policy },
      { provide: NotificationsConfig, useValue: config.notifications },
      { provide: DigestConfig, useValue: config.digest },
    ];
    return { module: ConfigModule, providers, exports: providers.map((provider) => provider.provide) };
  }
}
