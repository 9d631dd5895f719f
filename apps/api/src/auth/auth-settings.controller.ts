import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AUTH_MODES, AuthConfig, type AuthMode } from '@app/config';
import { Public } from './auth.decorators';

export class WebSignInView {
  @ApiProperty({ example: 'https://id.example.com/realms/groundwork', description: 'The OIDC issuer; its discovery document names the endpoints' })
  issuer!: string;

  @ApiProperty({ example: 'groundwork-web', description: 'The public client the web app signs in as (authorization code with PKCE)' })
  clientId!: string;

  @ApiProperty({ example: 'openid profile' })
  scope!: string;
}

export class AuthSettingsView {
  @ApiProperty({ enum: AUTH_MODES, description: 'dev: pick a demo user; oidc: sign in at the issuer; jwt: tokens come from elsewhere' })
  mode!: AuthMode;

  @ApiPropertyOptional({ type: WebSignInView, nullable: true, description: 'Set in oidc mode when the web app may sign in (AUTH_OIDC_CLIENT_ID)' })
  webSignIn!: WebSignInView | null;
}

/** How a browser signs in here; public, so the web app can ask before anyone has a token. */
@ApiTags('auth')
@Controller('auth')
export class AuthSettingsController {
  constructor(@Inject(AuthConfig) private readonly config: AuthConfig) {}

  @Public()
  @Get('settings')
  @ApiOkResponse({ type: AuthSettingsView })
  settings(): AuthSettingsView {
    const { mode, issuer, webSignIn } = this.config;
    return { mode, webSignIn: webSignIn ? { issuer, ...webSignIn } : null };
  }
}
