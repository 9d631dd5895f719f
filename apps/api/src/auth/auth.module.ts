import { Module, type DynamicModule } from '@nestjs/common';
import type { AuthMode } from '@app/config';
import { AuthGuard } from './auth.guard';
import { AuthSettingsController } from './auth-settings.controller';
import { DevAuthController } from './dev-auth.controller';
import { TokenService } from './token.service';
import { UserDirectory } from './user-directory';

@Module({})
export class AuthModule {
  static forMode(mode: AuthMode): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      controllers: mode === 'dev' ? [AuthSettingsController, DevAuthController] : [AuthSettingsController],
      providers: [TokenService, UserDirectory, AuthGuard],
      exports: [UserDirectory, TokenService, AuthGuard],
    };
  }
}
