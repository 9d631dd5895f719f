import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Connection } from '@temporalio/client';
import { TemporalConfig } from '@app/config';
import { Public } from '../auth/auth.decorators';
import { ErrorView } from '../common/error.view';

const HEALTH_DEADLINE_MS = 3_000;

class TemporalTargetView {
  @ApiProperty({ example: '127.0.0.1:7233' })
  address!: string;

  @ApiProperty({ example: 'default' })
  namespace!: string;
}

export class HealthView {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';

  @ApiProperty({ type: TemporalTargetView })
  temporal!: TemporalTargetView;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(Connection) private readonly connection: Connection,
    @Inject(TemporalConfig) private readonly temporal: TemporalConfig,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: HealthView, description: 'The API is up and reaches Temporal' })
  @ApiServiceUnavailableResponse({ type: ErrorView, description: 'Temporal cannot be reached' })
  async check(): Promise<HealthView> {
    try {
      await this.connection.withDeadline(Date.now() + HEALTH_DEADLINE_MS, () =>
        this.connection.workflowService.describeNamespace({ namespace: this.temporal.namespace }),
      );
    } catch (error) {
      throw new ServiceUnavailableException(`Temporal at ${this.temporal.address} is not reachable: ${(error as Error).message}`);
    }
    return { status: 'ok', temporal: { address: this.temporal.address, namespace: this.temporal.namespace } };
  }
}
