import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { HealthCheckResult } from '@nestjs/terminus';
import { ReadinessChecks } from '@app/health';
import { Public } from '../auth/auth.decorators';
import { NotRateLimited } from '../common/rate-limit';
import { ErrorView } from '../common/error.view';

export class HealthIndicatorView {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  @ApiPropertyOptional({ description: 'temporal: the address it is reached at', example: '127.0.0.1:7233' })
  address?: string;

  @ApiPropertyOptional({ description: 'temporal: the namespace checked', example: 'default' })
  namespace?: string;

  @ApiPropertyOptional({ description: 'store: sqlite or postgres', enum: ['sqlite', 'postgres'] })
  dialect?: string;
}

const indicators = {
  type: 'object',
  description: 'Per dependency checked (process, temporal, store): its status and where it is',
  additionalProperties: { $ref: getSchemaPath(HealthIndicatorView) },
} as const;

export class HealthView {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';

  @ApiProperty(indicators)
  info!: Record<string, HealthIndicatorView>;

  @ApiProperty({ ...indicators, description: 'Dependencies that are down (empty in a 200)' })
  error!: Record<string, HealthIndicatorView>;

  @ApiProperty(indicators)
  details!: Record<string, HealthIndicatorView>;
}

/**
 * Liveness and readiness for orchestrators and load balancers; anyone may read them. Not rate
 * limited: a probe must not fail because of a budget, nor count against the store it checks.
 */
@NotRateLimited()
@ApiTags('health')
@ApiExtraModels(HealthIndicatorView)
@Controller('health')
export class HealthController {
  constructor(@Inject(ReadinessChecks) private readonly checks: ReadinessChecks) {}

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (dependencies are not checked, so an outage restarts nothing)' })
  @ApiOkResponse({ type: HealthView })
  live(): Promise<HealthCheckResult> {
    return this.checks.live();
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: Temporal and the durable record answer, and the API is not shutting down' })
  @ApiOkResponse({ type: HealthView })
  @ApiServiceUnavailableResponse({ type: ErrorView, description: 'Not ready; the message names each dependency that is down' })
  ready(): Promise<HealthCheckResult> {
    return this.checks.ready();
  }

  @Public()
  @Get()
  @ApiOperation({ summary: 'Readiness, as GET /api/health/ready (kept for existing probes)' })
  @ApiOkResponse({ type: HealthView })
  @ApiServiceUnavailableResponse({ type: ErrorView, description: 'Not ready; the message names each dependency that is down' })
  check(): Promise<HealthCheckResult> {
    return this.checks.ready();
  }
}
