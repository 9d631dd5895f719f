import { Module } from '@nestjs/common';
import { TemporalCalls } from '../common/temporal-calls';
import { DealListService } from './deal-list.service';
import { DealsController } from './deals.controller';
import { DealsService } from './deals.service';
import { IncidentsController } from './incidents.controller';

@Module({
  controllers: [DealsController, IncidentsController],
  providers: [TemporalCalls, DealsService, DealListService],
  exports: [TemporalCalls, DealListService],
})
export class DealsModule {}
