import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Connection } from '@temporalio/client';
import { TemporalConfig } from '@app/config';
import { Public } from '../auth/auth.decorators';

const HEALTH_DEADLINE_MS = 3_000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(Connection) private readonly connection: Connection,
    @Inject(TemporalConfig) private readonly temporal: TemporalConfig,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: 'The API is up and reaches Temporal' })
  @ApiServiceUnavailableResponse({ description: 'Temporal cannot be reached' })
  async check(): Promise<{ status: 'ok'; temporal: { address: string; namespace: string } }> {
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
