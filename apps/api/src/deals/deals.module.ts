import { Module } from '@nestjs/common';
import { DealListService } from './deal-list.service';
import { DealsController } from './deals.controller';
import { DealsService } from './deals.service';

@Module({
  controllers: [DealsController],
  providers: [DealsService, DealListService],
  exports: [DealListService],
})
export class DealsModule {}
