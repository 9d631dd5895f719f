import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Client, ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import { DigestConfig, TemporalConfig } from '@app/config';
import { DIRECTORS_DIGEST_SCHEDULE_ID, directorsDigestWorkflow } from '@app/workflows';

/** The memo key of the action that says which configuration wrote the Schedule. */
const SPEC_MEMO = 'groundworkDigestSchedule';

/**
 * Keeps the directors' digest Schedule in step with the configuration: created when missing,
 * updated when the cron, time zone or task queue changed, deleted when turned off. Every worker
 * does this at start; they agree, so the last one to start changes nothing.
 */
@Injectable()
export class DigestScheduleService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DigestSchedule');
  private inStep: Promise<void> | undefined;

  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(DigestConfig) private readonly config: DigestConfig,
    @Inject(TemporalConfig) private readonly temporal: TemporalConfig,
  ) {}

  /** Started, not awaited: the worker polls at once, whatever the Schedule API answers or how long it takes. */
  onApplicationBootstrap(): void {
    this.inStep = this.keepInStep().catch((error: unknown) => {
      // Deals do not depend on the digest: a Temporal without Schedules (or a transient failure) is
      // told to the operator, and the next worker start tries again.
      this.logger.error(`could not keep the directors' digest Schedule in step: ${String(error)}`);
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.inStep;
  }

  private async keepInStep(): Promise<void> {
    const handle = this.client.schedule.getHandle(DIRECTORS_DIGEST_SCHEDULE_ID);
    const { schedule } = this.config;
    if (schedule === null) {
      await handle.delete().catch((error: unknown) => {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
      });
      return;
    }
    // Everything the action depends on: a worker moved to another task queue takes the Schedule along.
    const wanted = `${schedule.cron} ${schedule.timeZone} on ${this.temporal.taskQueue}`;
    const options: Omit<ScheduleOptions, 'scheduleId'> = {
      spec: { cronExpressions: [schedule.cron], timezone: schedule.timeZone },
      action: {
        type: 'startWorkflow',
        workflowType: directorsDigestWorkflow,
        workflowId: DIRECTORS_DIGEST_SCHEDULE_ID,
        taskQueue: this.temporal.taskQueue,
        args: [{}],
        memo: { [SPEC_MEMO]: wanted },
      },
      // A digest still running when the next is due is not doubled; a short outage still sends it.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    };
    try {
      await this.client.schedule.create({ scheduleId: DIRECTORS_DIGEST_SCHEDULE_ID, ...options });
      this.logger.log(`directors' digest scheduled: ${wanted}`);
      return;
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
    const described = await handle.describe();
    const current = described.action.type === 'startWorkflow' ? described.action.memo?.[SPEC_MEMO] : undefined;
    if (current === wanted) return;
    await handle.update((previous) => ({ ...previous, ...options, state: previous.state }));
    this.logger.log(`directors' digest rescheduled: ${wanted}`);
  }
}
