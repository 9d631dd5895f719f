import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LEVELS, SEVERITIES, TASK_KINDS, type DeliveredSignal, type InboxSignalType } from '@app/domain';
import { AdviceView } from '../deals/dto/deal-views.dto';

const SIGNAL_TYPES: InboxSignalType[] = ['go-no-go', 'task-assigned', 'reminder', 'escalation', 'incident-reported'];

/**
 * A signal in a user's feed. Every signal has the fields marked required; the others belong to
 * some types only: a go-no-go carries the decision, the recommendation and the findings with their
 * substantiations; an escalation its subject and level; a task signal its task.
 */
export class SignalView implements Pick<DeliveredSignal, 'id' | 'recipient' | 'type' | 'dealId' | 'dealTitle' | 'at'> {
  @ApiProperty({ description: 'Unique per delivery; a retried delivery keeps it' })
  id!: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Arrival order; pass the last one you have as after to page on' })
  position!: number;

  @ApiProperty()
  recipient!: string;

  @ApiProperty({ enum: SIGNAL_TYPES })
  type!: InboxSignalType;

  @ApiProperty()
  dealId!: string;

  @ApiProperty()
  dealTitle!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiPropertyOptional({ enum: ['go', 'no-go'], description: 'go-no-go' })
  decision?: string;

  @ApiPropertyOptional({ description: 'go-no-go: the decision’s substantiation' })
  substantiation?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'go-no-go' })
  recommendation?: object;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'go-no-go: element, assessment, substantiation, conditions, and coSignedBy where the customer’s counterpart co-signed' })
  findings?: object[];

  @ApiPropertyOptional({ type: [AdviceView], description: 'go-no-go: the outside advisors’ advice' })
  advice?: AdviceView[];

  @ApiPropertyOptional({ enum: ['task', 'incident'], description: 'escalation' })
  subject?: string;

  @ApiPropertyOptional({ enum: LEVELS, description: 'escalation: the level reached' })
  level?: string;

  @ApiPropertyOptional({ description: 'Task signals and task escalations' })
  taskId?: string;

  @ApiPropertyOptional({ enum: TASK_KINDS })
  kind?: string;

  @ApiPropertyOptional({ description: 'Incident signals and incident escalations' })
  incidentId?: string;

  @ApiPropertyOptional({ enum: SEVERITIES })
  severity?: string;
}
