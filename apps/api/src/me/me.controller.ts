import { Body, Controller, Delete, Get, HttpCode, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Client, WithStartWorkflowOperation, WorkflowIdConflictPolicy, WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, IsUrl, MaxLength, ValidateNested } from 'class-validator';
import { TemporalConfig } from '@app/config';
import {
  LIMITS,
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
import { httpErrorFromTemporal } from '../common/temporal-errors';

export class OutOfOfficeDto {
  @ApiProperty({ example: '2027-07-01T00:00:00Z' })
  @IsISO8601({ strict: true, strictSeparator: true })
  from!: string;

  @ApiProperty({ example: '2027-07-22T00:00:00Z' })
  @IsISO8601({ strict: true, strictSeparator: true })
  until!: string;

  @ApiProperty({ example: 'mm.mia', description: 'Who receives the tasks that arrive meanwhile' })
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.userId)
  delegate!: string;
}

export class WebhookPreferenceDto {
  @ApiProperty({ example: 'https://hooks.slack.com/services/T000/B000/XXXX' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  @MaxLength(2000)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_FLAVOURS })
  @IsIn(WEBHOOK_FLAVOURS)
  flavour!: WebhookFlavour;
}

export class NotificationPreferencesDto {
  @ApiPropertyOptional({ nullable: true, example: 'dana@example.com' })
  @IsOptional() @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ type: WebhookPreferenceDto, nullable: true })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => WebhookPreferenceDto)
  webhook?: WebhookPreferenceDto | null;
}

/** The calling user's own settings, kept in their inbox workflow. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(TemporalConfig) private readonly temporal: TemporalConfig,
  ) {}

  @Get('out-of-office')
  @ApiOkResponse({ description: 'The out-of-office period, or null' })
  async outOfOffice(@CurrentActor() actor: Actor): Promise<{ outOfOffice: OutOfOffice | null }> {
    try {
      return { outOfOffice: await this.client.workflow.getHandle(inboxWorkflowId(actor.userId)).query(outOfOfficeQuery) };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return { outOfOffice: null };
      throw error;
    }
  }

  @Put('out-of-office')
  @ApiOkResponse({ description: 'Tasks that arrive between from and until go to the delegate; escalations still reach their owners' })
  setOutOfOffice(@CurrentActor() actor: Actor, @Body() body: OutOfOfficeDto): Promise<{ outOfOffice: OutOfOffice | null }> {
    return this.update(actor, { from: body.from, until: body.until, delegate: body.delegate });
  }

  @Delete('out-of-office')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Back in office' })
  clearOutOfOffice(@CurrentActor() actor: Actor): Promise<{ outOfOffice: OutOfOffice | null }> {
    return this.update(actor, null);
  }

  @Get('notifications')
  @ApiOkResponse({ description: 'Where you are told besides the in-app signals: e-mail and webhook' })
  async preferences(@CurrentActor() actor: Actor): Promise<NotificationPreferences> {
    try {
      return (await this.client.workflow.getHandle(inboxWorkflowId(actor.userId)).query(externalDeliveryQuery)).preferences;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return NO_EXTERNAL_CHANNELS;
      throw error;
    }
  }

  @Put('notifications')
  @ApiOkResponse({ description: 'The preferences now in force' })
  setPreferences(@CurrentActor() actor: Actor, @Body() body: NotificationPreferencesDto): Promise<NotificationPreferences> {
    const preferences = { email: body.email ?? null, webhook: body.webhook ? { url: body.webhook.url, flavour: body.webhook.flavour } : null };
    return this.updateInbox(actor, setPreferencesUpdate, preferences);
  }

  private async update(actor: Actor, period: OutOfOffice | null): Promise<{ outOfOffice: OutOfOffice | null }> {
    return { outOfOffice: await this.updateInbox(actor, setOutOfOfficeUpdate, period) };
  }

  /** An Update on the user's inbox workflow, starting it if this is the user's first setting. */
  private async updateInbox<Ret, Arg>(actor: Actor, update: UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
    try {
      return await this.client.workflow.executeUpdateWithStart(update, {
        args: [arg],
        startWorkflowOperation: new WithStartWorkflowOperation(inboxWorkflow, {
          workflowId: inboxWorkflowId(actor.userId),
          taskQueue: this.temporal.taskQueue,
          args: [{ userId: actor.userId }],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        }),
      });
    } catch (error) {
      throw httpErrorFromTemporal(error, actor.userId);
    }
  }
}
