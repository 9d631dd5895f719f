import { Body, Controller, HttpCode, Inject, Post, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { LIMITS } from '@app/domain';
import { Public } from './auth.decorators';
import { TokenService } from './token.service';
import { UserDirectory } from './user-directory';

export class DevLoginDto {
  @ApiProperty({ example: 'pm.paula' })
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.userId)
  userId!: string;
}

/** Dev mode only: the module registers this controller only when AUTH_MODE is dev. */
@ApiTags('auth')
@Controller('auth')
export class DevAuthController {
  constructor(
    @Inject(UserDirectory) private readonly users: UserDirectory,
    @Inject(TokenService) private readonly tokens: TokenService,
  ) {}

  @Public()
  @Post('dev-login')
  @HttpCode(200)
  @ApiOkResponse({ description: 'A bearer token for a demo user' })
  async devLogin(@Body() { userId }: DevLoginDto): Promise<{ token: string; user: { id: string; name: string; roles: string[] } }> {
    const user = this.users.find(userId);
    if (!user) throw new UnauthorizedException(`${userId} is not a demo user`);
    return { token: await this.tokens.issue(user), user };
  }
}
