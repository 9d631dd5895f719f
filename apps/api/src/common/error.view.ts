import { ApiProperty } from '@nestjs/swagger';

/** The one error shape of the contract. */
export class ErrorView {
  @ApiProperty({ type: 'integer', example: 404 })
  statusCode!: number;

  @ApiProperty({ example: 'Not Found' })
  error!: string;

  @ApiProperty({ example: 'deal acme-logistics does not exist', maxLength: 1_001 })
  message!: string;
}
