import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  DEAL_STAGES,
  GO_NO_GO,
  TASK_KINDS,
  type DealStage,
  type DigestGoNoGoReport,
  type DigestHealthFall,
  type DigestList,
  type DigestWaitingTask,
  type DirectorsDigest,
  type GoNoGo,
  type TaskKind,
} from '@app/domain';
import { HealthFiguresView } from '../deals/dto/relationship-health.views';

/** The directors' digest as OpenAPI schemas; each class implements the domain type it shows. */

const DATE_TIME = { type: String, format: 'date-time' } as const;
const TOTAL = { type: 'integer', minimum: 0, description: 'How many there were in all; items holds the first 25' } as const;

export class DigestsQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 52, default: 4, description: 'How many digests, newest first' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(52)
  limit?: number;
}

export class DigestWaitingTaskView implements DigestWaitingTask {
  @ApiProperty({ example: 'task-7' })
  taskId!: string;

  @ApiProperty({ enum: TASK_KINDS })
  kind!: TaskKind;

  @ApiProperty()
  dealId!: string;

  @ApiProperty()
  dealTitle!: string;

  @ApiProperty(DATE_TIME)
  dueAt!: string;

  @ApiProperty({ description: 'Due before the digest was made' })
  overdue!: boolean;
}

export class DigestGoNoGoReportView implements DigestGoNoGoReport {
  @ApiProperty()
  dealId!: string;

  @ApiProperty()
  dealTitle!: string;

  @ApiProperty({ enum: GO_NO_GO })
  decision!: GoNoGo;

  @ApiProperty({ enum: GO_NO_GO, description: 'What the findings recommended' })
  recommended!: GoNoGo;

  @ApiProperty()
  decidedBy!: string;

  @ApiProperty(DATE_TIME)
  at!: string;
}

/** A task (with its kind) or an incident (with its title) that reached the strategic level. */
export class DigestEscalationView {
  @ApiProperty()
  dealId!: string;

  @ApiProperty()
  dealTitle!: string;

  @ApiProperty({ enum: ['task', 'incident'] })
  subject!: 'task' | 'incident';

  @ApiProperty({ description: 'The task’s or the incident’s ID', example: 'incident-1' })
  id!: string;

  @ApiPropertyOptional({ enum: TASK_KINDS, description: 'For a task: its kind' })
  kind?: TaskKind;

  @ApiPropertyOptional({ description: 'For an incident: its title' })
  title?: string;

  @ApiProperty({ ...DATE_TIME, description: 'When it reached the strategic level' })
  at!: string;
}

export class DigestHealthFallView implements DigestHealthFall {
  @ApiProperty()
  dealId!: string;

  @ApiProperty()
  dealTitle!: string;

  @ApiProperty({ enum: DEAL_STAGES })
  stage!: DealStage;

  @ApiProperty({ type: HealthFiguresView, description: 'The incidents reported in the seven days before the period' })
  previous!: HealthFiguresView;

  @ApiProperty({ type: HealthFiguresView, description: 'The incidents reported in the period' })
  current!: HealthFiguresView;

  @ApiProperty({
    type: [String],
    description:
      'What got worse: more incidents reached the tactical or strategic level, or a smaller share of the acknowledged (resolved) incidents was acknowledged (resolved) within its service level',
  })
  reasons!: string[];
}

/** A capped list and its total, as an OpenAPI schema of its own name. */
function digestListView<Item>(schemaName: string, itemView: new () => Item) {
  class DigestListView implements DigestList<Item> {
    @ApiProperty({ type: [itemView] })
    items!: Item[];

    @ApiProperty(TOTAL)
    total!: number;
  }
  // Swagger names a schema after its class.
  Object.defineProperty(DigestListView, 'name', { value: schemaName });
  return DigestListView;
}

const DigestWaitingListView = digestListView('DigestWaitingListView', DigestWaitingTaskView);
const DigestGoNoGoListView = digestListView('DigestGoNoGoListView', DigestGoNoGoReportView);
const DigestEscalationListView = digestListView('DigestEscalationListView', DigestEscalationView);
const DigestHealthFallListView = digestListView('DigestHealthFallListView', DigestHealthFallView);

export class DirectorsDigestView implements Omit<DirectorsDigest, 'strategicEscalations'> {
  @ApiProperty({ example: 'dir.dana' })
  recipient!: string;

  @ApiProperty({ ...DATE_TIME, description: 'Start of the week covered (inclusive)' })
  from!: string;

  @ApiProperty({ ...DATE_TIME, description: 'End of the week covered (exclusive): when the Schedule made the digest' })
  until!: string;

  @ApiProperty({ type: DigestWaitingListView, description: 'Decisions waiting for you: your open tasks when the digest was made, soonest due first' })
  waiting!: InstanceType<typeof DigestWaitingListView>;

  @ApiProperty({ type: DigestGoNoGoListView, description: 'The go/no-go reports you received in the week' })
  goNoGoReports!: InstanceType<typeof DigestGoNoGoListView>;

  @ApiProperty({ type: DigestEscalationListView, description: 'Tasks and incidents that climbed to the strategic level in the week and reached you' })
  strategicEscalations!: InstanceType<typeof DigestEscalationListView>;

  @ApiProperty({ type: DigestHealthFallListView, description: 'Relationships you may read whose incident figures this week are worse than the week before' })
  healthFell!: InstanceType<typeof DigestHealthFallListView>;
}
