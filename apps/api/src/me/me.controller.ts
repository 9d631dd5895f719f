import { Body, Controller, Delete, Get, HttpCode, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Client, WithStartWorkflowOperation, WorkflowIdConflictPolicy, WorkflowNotFoundError } from '@temporalio/client';
import { IsISO8601, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { TemporalConfig } from '@app/config';
import { LIMITS, type Actor, type OutOfOffice } from '@app/domain';
import { inboxWorkflow, inboxWorkflowId, outOfOfficeQuery, setOutOfOfficeUpdate } from '@app/workflows';
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

  private async update(actor: Actor, period: OutOfOffice | null): Promise<{ outOfOffice: OutOfOffice | null }> {
    try {
      const outOfOffice = await this.client.workflow.executeUpdateWithStart(setOutOfOfficeUpdate, {
        args: [period],
        startWorkflowOperation: new WithStartWorkflowOperation(inboxWorkflow, {
          workflowId: inboxWorkflowId(actor.userId),
          taskQueue: this.temporal.taskQueue,
          args: [{ userId: actor.userId }],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        }),
      });
      return { outOfOffice };
    } catch (error) {
      throw httpErrorFromTemporal(error, actor.userId);
    }
  }
}
