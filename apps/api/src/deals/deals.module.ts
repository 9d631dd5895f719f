import { Module } from '@nestjs/common';
import { DealListService } from './deal-list.service';
import { DealsController } from './deals.controller';
import { DealsService } from './deals.service';
import { IncidentsController } from './incidents.controller';

@Module({
  controllers: [DealsController, IncidentsController],
  providers: [DealsService, DealListService],
  exports: [DealListService],
})
export class DealsModule {}
