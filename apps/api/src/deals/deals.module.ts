import { Module } from '@nestjs/common';
import { TemporalCalls } from '../common/temporal-calls';
import { DealsController } from './deals.controller';
import { DealsService } from './deals.service';
import { IncidentsController } from './incidents.controller';
import { RelationshipHealthController } from './relationship-health.controller';
import { WhatIfController } from './what-if.controller';

@Module({
  controllers: [DealsController, IncidentsController, RelationshipHealthController, WhatIfController],
  providers: [TemporalCalls, DealsService],
  exports: [TemporalCalls],
})
export class DealsModule {}
