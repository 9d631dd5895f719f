import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { toUtcIso, validateEscalationProposal, whatIf, type WhatIfReport } from '@app/domain';
import { DealRecords } from '@app/store';
import { RequireRoles } from '../auth/auth.decorators';
import { asBadRequest } from '../common/validation';
import { WHAT_IF_DEALS, WHAT_IF_DEFAULT_DAYS, WhatIfReportView, WhatIfRequestDto } from './dto/what-if.dto';

@ApiTags('relationship health')
@ApiBearerAuth()
@Controller('what-if')
export class WhatIfController {
  constructor(@Inject(DealRecords) private readonly records: DealRecords) {}

  @Post('escalation')
  @HttpCode(200)
  @RequireRoles('programme-manager')
  @ApiOperation({
    summary: 'What a proposed escalation policy would have done',
    description:
      'Replays the recorded incidents and tasks of past and running deals (the durable record) under the proposed policy and reports, beside what actually climbed, ' +
      'what would have escalated, to which level, when and to whom. Each incident and task keeps its recorded course: when it was acknowledged, resolved or completed. ' +
      'Incidents of a live relationship keep the contract’s service levels, which no policy changes. Reassignments and moved due dates restarted real ladders; ' +
      'the replay counts from the opening. Changes nothing.',
  })
  @ApiOkResponse({ type: WhatIfReportView })
  async escalation(@Body() body: WhatIfRequestDto): Promise<WhatIfReport> {
    const proposal = asBadRequest(() => validateEscalationProposal(body));
    const until = new Date().toISOString();
    const since = body.since !== undefined ? toUtcIso(body.since) : new Date(Date.now() - WHAT_IF_DEFAULT_DAYS * 86_400_000).toISOString();
    const deals = await this.records.escalationRecords({ since, limit: WHAT_IF_DEALS, ...(body.dealIds ? { dealIds: body.dealIds } : {}) });
    return whatIf(deals, proposal, until);
  }
}
