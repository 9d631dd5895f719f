import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { TemporalConfig } from '@app/config';
import { httpErrorFromTemporal, isUpdateNotApplied } from './temporal-errors';

/**
 * Every call the API makes to Temporal runs under one deadline (TEMPORAL_WAIT_MS): without a
 * server or a worker the client gets a 503 with Retry-After within that wait, never a hang or a 500.
 */
@Injectable()
export class TemporalCalls {
  constructor(
    @Inject(Client) readonly client: Client,
    @Inject(TemporalConfig) private readonly temporal: TemporalConfig,
  ) {}

  get waitMs(): number {
    return this.temporal.waitMs;
  }

  /** Runs `call` within the wait; Temporal's refusals come out as HTTP errors about `subject`. */
  async within<T>(subject: string, call: (client: Client) => Promise<T>): Promise<T> {
    try {
      return await this.client.withDeadline(Date.now() + this.temporal.waitMs, () => call(this.client));
    } catch (error) {
      throw httpErrorFromTemporal(error, subject, this.temporal.waitMs);
    }
  }

  /**
   * Sends an Update (always under one ID, so Temporal deduplicates) and sends it again while the
   * server reports it was not applied because its workflow task failed, within the same wait.
   */
  async update<T>(subject: string, send: (client: Client, updateId: string) => Promise<T>, updateId: string = randomUUID()): Promise<T> {
    const deadline = Date.now() + this.temporal.waitMs;
    for (let pause = 50; ; pause = Math.min(pause * 2, 1_000)) {
      try {
        return await this.client.withDeadline(deadline, () => send(this.client, updateId));
      } catch (error) {
        if (!isUpdateNotApplied(error) || Date.now() + pause >= deadline) throw httpErrorFromTemporal(error, subject, this.temporal.waitMs);
        await setTimeout(pause);
      }
    }
  }
}
