import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from '@temporalio/client';
import type { TemporalConfig } from '@app/config';

/** Connection settings shared by the API's client and the worker's native connection. */
export function connectionOptions(config: TemporalConfig): Pick<ConnectionOptions, 'address' | 'tls'> & { apiKey?: string } {
  const { tls } = config;
  return {
    address: config.address,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    ...(tls === false
      ? {}
      : {
          tls:
            tls.clientCertPath && tls.clientKeyPath
              ? { clientCertPair: { crt: readFileSync(tls.clientCertPath), key: readFileSync(tls.clientKeyPath) } }
              : true,
        }),
  };
}
