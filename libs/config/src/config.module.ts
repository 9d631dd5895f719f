import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { ConfigModule, getConfigToken, registerAs } from '@nestjs/config';
import { AuthConfig, DigestConfig, NotificationsConfig, PolicyConfig, ServerConfig, StoreConfig, TemporalConfig, type GroundworkConfig } from './config';

/** Each concern's namespace in `ConfigService` and the class services inject it by. */
const CONCERNS: { [Concern in keyof GroundworkConfig]: Type<GroundworkConfig[Concern]> } = {
  server: ServerConfig,
  temporal: TemporalConfig,
  store: StoreConfig,
  auth: AuthConfig,
  policy: PolicyConfig,
  notifications: NotificationsConfig,
  digest: DigestConfig,
};

/**
 * The configuration in Nest: `@nestjs/config`'s ConfigModule holds one namespace per concern
 * (`ConfigService<GroundworkConfig, true>` reads it typed), and each concern's class is an alias of its
 * namespace, so a service injects exactly what it reads.
 *
 * The environment is read and validated once by `loadConfig`, before Nest starts: the launcher starts
 * the embedded Temporal from it and `--check-config` prints it. Tests and the bench run several apps
 * with different environments in one process, so this module neither reads nor writes `process.env`.
 */
@Global()
@Module({})
export class GroundworkConfigModule {
  static forRoot(config: GroundworkConfig): DynamicModule {
    const concerns = Object.keys(CONCERNS) as (keyof GroundworkConfig)[];
    const aliases = concerns.map((concern) => ({ provide: CONCERNS[concern], useExisting: getConfigToken(concern) }));
    return {
      module: GroundworkConfigModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          validatePredefined: false,
          skipProcessEnv: true,
          load: concerns.map((concern) => registerAs(concern, () => config[concern])),
        }),
      ],
      providers: aliases,
      exports: aliases.map((alias) => alias.provide),
    };
  }
}
