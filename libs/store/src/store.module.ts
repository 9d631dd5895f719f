import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { StoreConfig } from '@app/config';
import { DealRecords } from './deal-records';
import { RateLimitWindows } from './rate-limit-windows';
import { Store } from './store';
import { UserRecords } from './user-records';

/** The durable record for a Nest application: opened (and migrated) at start, closed at shutdown. */
@Global()
@Module({})
export class StoreModule implements OnApplicationShutdown {
  constructor(@Inject(Store) private readonly store: Store) {}

  static forRoot(): DynamicModule {
    return {
      module: StoreModule,
      providers: [
        { provide: Store, inject: [StoreConfig], useFactory: (config: StoreConfig) => Store.open(config) },
        { provide: DealRecords, inject: [Store], useFactory: (store: Store) => new DealRecords(store) },
        { provide: UserRecords, inject: [Store], useFactory: (store: Store) => new UserRecords(store) },
        { provide: RateLimitWindows, inject: [Store], useFactory: (store: Store) => new RateLimitWindows(store) },
      ],
      exports: [Store, DealRecords, UserRecords, RateLimitWindows],
    };
  }

  onApplicationShutdown(): Promise<void> {
    return this.store.close();
  }
}
