import { Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy } from '@temporalio/client';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import { Type } from 'class-transformer';
import { IsEmail, IsObject, IsOptional, IsUrl, MaxLength, ValidateNested } from 'class-validator';
import { TemporalConfig } from '@app/config';
import {
  NO_EXTERNAL_CHANNELS,
  WEBHOOK_FLAVOURS,
  type Actor,
  type NotificationPreferences,
  type OutOfOffice,
  type WebhookFlavour,
} from '@app/domain';
import {
  externalDeliveryQuery,
  inboxWorkflow,
  inboxWorkflowId,
  outOfOfficeQuery,
  setOutOfOfficeUpdate,
  setPreferencesUpdate,
} from '@app/workflows';
import { CurrentActor } from '../auth/auth.decorators';
import { DateTimeField, OneOf, UserIdField } from '../common/dto-fields';
import { TemporalCalls } from '../common/temporal-calls';

export class OutOfOfficeDto implements OutOfOffice {
  @DateTimeField({ example: '2027-07-01T00:00:00Z' })
  from!: string;

  @DateTimeField({ example: '2027-07-22T00:00:00Z', description: 'Later than from' })
  until!: string;

  @UserIdField({ description: 'Who receives the tasks that arrive meanwhile; someone else than you' })
  delegate!: string;
}

export class OutOfOfficeView {
  @ApiProperty({ type: OutOfOfficeDto, nullable: true, description: 'The period, or null when in office' })
  outOfOffice!: OutOfOffice | null;
}

export class WebhookPreferenceDto {
  @ApiProperty({ type: String, format: 'uri', pattern: '^https?://\\S+$', maxLength: 2000, example: 'https://hooks.slack.com/services/T000/B000/XXXX' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  @MaxLength(2000)
  url!: string;

  @OneOf(WEBHOOK_FLAVOURS)
  flavour!: WebhookFlavour;
}

export class NotificationPreferencesDto {
  @ApiPropertyOptional({ type: String, format: 'email', nullable: true, maxLength: 254, example: 'dana@example.com' })
  @IsOptional() @IsEmail() @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: WebhookPreferenceDto, nullable: true })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => WebhookPreferenceDto)
  webhook?: WebhookPreferenceDto | null;
}

/** The preferences in force: a channel that is not set is null. */
export class NotificationPreferencesView implements NotificationPreferences {
  @ApiProperty({ type: String, nullable: true, example: 'dana@example.com' })
  email!: string | null;

  @ApiProperty({ type: WebhookPreferenceDto, nullable: true })
  webhook!: NotificationPreferences['webhook'];
}

/** The calling user's own settings, kept in their inbox workflow. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(
    @Inject(TemporalCalls) private readonly calls: TemporalCalls,
    @Inject(TemporalConfig) private readonly temporal: TemporalConfig,
  ) {}

  @Get('out-of-office')
  @ApiOkResponse({ type: OutOfOfficeView, description: 'The out-of-office period, or null' })
  async outOfOffice(@CurrentActor() actor: Actor): Promise<{ outOfOffice: OutOfOffice | null }> {
    return { outOfOffice: await this.queryInbox(actor, outOfOfficeQuery, null) };
  }

  @Put('out-of-office')
  @ApiOkResponse({ type: OutOfOfficeView, description: 'Tasks that arrive between from and until go to the delegate; escalations still reach their owners' })
  setOutOfOffice(@CurrentActor() actor: Actor, @Body() body: OutOfOfficeDto): Promise<{ outOfOffice: OutOfOffice | null }> {
    return this.update(actor, { from: body.from, until: body.until, delegate: body.delegate });
  }

  @Delete('out-of-office')
  @HttpCode(200)
  @ApiOkResponse({ type: OutOfOfficeView, description: 'Back in office' })
  clearOutOfOffice(@CurrentActor() actor: Actor): Promise<{ outOfOffice: OutOfOffice | null }> {
    return this.update(actor, null);
  }

  @Get('notifications')
  @ApiOkResponse({ type: NotificationPreferencesView, description: 'Where you are told besides the in-app signals: e-mail and webhook' })
  async preferences(@CurrentActor() actor: Actor): Promise<NotificationPreferences> {
    return (await this.queryInbox(actor, externalDeliveryQuery, { preferences: NO_EXTERNAL_CHANNELS, sent: [] })).preferences;
  }

  @Put('notifications')
  @ApiOkResponse({ type: NotificationPreferencesView, description: 'The preferences now in force' })
  setPreferences(@CurrentActor() actor: Actor, @Body() body: NotificationPreferencesDto): Promise<NotificationPreferences> {
    const preferences = { email: body.email ?? null, webhook: body.webhook ? { url: body.webhook.url, flavour: body.webhook.flavour } : null };
    return this.updateInbox(actor, setPreferencesUpdate, preferences);
  }

  private async update(actor: Actor, period: OutOfOffice | null): Promise<{ outOfOffice: OutOfOffice | null }> {
    return { outOfOffice: await this.updateInbox(actor, setOutOfOfficeUpdate, period) };
  }

  /** An Update on the user's inbox workflow, starting it if this is the user's first setting. */
  private updateInbox<Ret, Arg>(actor: Actor, update: UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
    return this.calls.within(actor.userId, (client) =>
      client.workflow.executeUpdateWithStart(update, {
        args: [arg],
        startWorkflowOperation: new WithStartWorkflowOperation(inboxWorkflow, {
          workflowId: inboxWorkflowId(actor.userId),
          taskQueue: this.temporal.taskQueue,
          args: [{ userId: actor.userId }],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        }),
      }),
    );
  }

  /** A user without an inbox workflow has never set anything: the defaults apply. */
  private async queryInbox<T>(actor: Actor, query: QueryDefinition<T>, unset: T): Promise<T> {
    try {
      return await this.calls.within(actor.userId, (client) => client.workflow.getHandle(inboxWorkflowId(actor.userId)).query(query));
    } catch (error) {
      if (error instanceof NotFoundException) return unset;
      throw error;
    }
  }
}
