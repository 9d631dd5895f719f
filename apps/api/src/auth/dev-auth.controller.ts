import { Body, Controller, Get, HttpCode, Inject, Post, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ROLES, type Role } from '@app/domain';
import { UserIdField } from '../common/dto-fields';
import { ErrorView } from '../common/error.view';
import { Public } from './auth.decorators';
import { TokenService } from './token.service';
import { UserDirectory, type DirectoryUser } from './user-directory';

export class DevLoginDto {
  @UserIdField({ example: 'pm.paula', description: 'A demo user of config/demo-users.json' })
  userId!: string;
}

export class DemoUserView implements DirectoryUser {
  @ApiProperty({ example: 'pm.paula' })
  id!: string;

  @ApiProperty({ example: 'Paula (programme manager)' })
  name!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];

  @ApiProperty({ example: 'Groundwork Services', description: 'The organisation the user works for' })
  organisation!: string;
}

export class DevLoginView {
  @ApiProperty({ description: 'Send as Authorization: Bearer <token>' })
  token!: string;

  @ApiProperty({ type: DemoUserView })
  user!: DemoUserView;
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
  @Get('dev-users')
  @ApiOkResponse({ type: DemoUserView, isArray: true, description: 'The demo users one may sign in as' })
  devUsers(): DemoUserView[] {
    return this.users.all();
  }

  @Public()
  @Post('dev-login')
  @HttpCode(200)
  @ApiOkResponse({ type: DevLoginView, description: 'A bearer token for a demo user' })
  @ApiUnauthorizedResponse({ type: ErrorView, description: 'Not a demo user' })
  async devLogin(@Body() { userId }: DevLoginDto): Promise<DevLoginView> {
    const user = this.users.find(userId);
    if (!user) throw new UnauthorizedException(`${userId} is not a demo user`);
    return { token: await this.tokens.issue(user), user };
  }
}
