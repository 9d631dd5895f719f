import { ApiProperty } from '@nestjs/swagger';
import { DEAL_STAGES, type DealStage } from '@app/domain';

/** Which deal a row is about, as every list of deals names it. */
export class DealNameView {
  @ApiProperty()
  dealId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ enum: DEAL_STAGES })
  stage!: DealStage;
}
