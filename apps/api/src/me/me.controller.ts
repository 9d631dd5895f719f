import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Inject, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsObject, IsOptional, IsUrl, MaxLength, ValidateNested } from 'class-validator';
import {
  ROLES,
  WEBHOOK_FLAVOURS,
  validateOutOfOffice,
  validatePreferences,
  type Actor,
  type DirectorsDigest,
  type NotificationPreferences,
  type OutOfOffice,
  type Role,
  type WebhookFlavour,
} from '@app/domain';
import { NotificationsConfig } from '@app/config';
import { resolvedUrlRefusal } from '@app/notifications';
import { UserRecords } from '@app/store';
import { CurrentActor } from '../auth/auth.decorators';
import { UserDirectory, type DirectoryUser } from '../auth/user-directory';
import { DateTimeField, OneOf, UserIdField } from '../common/dto-fields';
import { asBadRequest } from '../common/validation';
import { DigestsQuery, DirectorsDigestView } from './digest.views';

export class OutOfOfficeDto implements OutOfOffice {
  @DateTimeField({ example: '2027-07-01T00:00:00Z' })
  from!: string;

  @DateTimeField({ example: '2027-07-22T00:00:00Z', description: 'Later than from' })
  until!: string;

  @UserIdField({ description: 'Who receives the tasks that arrive meanwhile; someone else than you' })
  delegate!: string;
}

export class OutOfOfficeView {
  @ApiProperty({ type: OutOfOfficeDto, nullable: true, description: 'The period, or null when in office' })
  outOfOffice!: OutOfOffice | null;
}

export class WebhookPreferenceDto {
  @ApiProperty({ type: String, format: 'uri', pattern: '^https?://\\S+$', maxLength: 2000, example: 'https://hooks.slack.com/services/T000/B000/XXXX' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  @MaxLength(2000)
  url!: string;

  @OneOf(WEBHOOK_FLAVOURS)
  flavour!: WebhookFlavour;
}

export class NotificationPreferencesDto {
  @ApiPropertyOptional({ type: String, format: 'email', nullable: true, maxLength: 254, example: 'dana@example.com' })
  @IsOptional() @IsEmail() @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: WebhookPreferenceDto, nullable: true })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => WebhookPreferenceDto)
  webhook?: WebhookPreferenceDto | null;
}

/** The preferences in force: a channel that is not set is null. */
export class NotificationPreferencesView implements NotificationPreferences {
  @ApiProperty({ type: String, nullable: true, example: 'dana@example.com' })
  email!: string | null;

  @ApiProperty({ type: WebhookPreferenceDto, nullable: true })
  webhook!: NotificationPreferences['webhook'];
}

export class MeView implements Omit<DirectoryUser, 'organisation'> {
  @ApiProperty({ example: 'pm.paula' })
  id!: string;

  @ApiProperty({ example: 'Paula (programme manager)', description: "The directory's name, else the user ID" })
  name!: string;

  @ApiProperty({ enum: ROLES, isArray: true, description: 'What the token grants; pages and actions follow from these' })
  roles!: Role[];

  @ApiProperty({ type: String, nullable: true, example: 'Groundwork Services', description: "The directory's organisation of the user; null where the identity provider owns the users" })
  organisation!: string | null;
}

/** The calling user's own settings: plain records in the durable store, read by the worker too. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(
    @Inject(UserRecords) private readonly users: UserRecords,
    @Inject(UserDirectory) private readonly directory: UserDirectory,
    @Inject(NotificationsConfig) private readonly notifications: NotificationsConfig,
  ) {}

  @Get()
  @ApiOkResponse({ type: MeView, description: 'Who the token says you are' })
  me(@CurrentActor() actor: Actor): MeView {
    const known = this.directory.find(actor.userId);
    return { id: actor.userId, name: known?.name ?? actor.userId, roles: actor.roles, organisation: known?.organisation ?? null };
  }

  @Get('out-of-office')
  @ApiOkResponse({ type: OutOfOfficeView, description: 'The out-of-office period, or null' })
  async outOfOffice(@CurrentActor() actor: Actor): Promise<{ outOfOffice: OutOfOffice | null }> {
    return { outOfOffice: await this.users.outOfOffice(actor.userId) };
  }

  @Put('out-of-office')
  @ApiOkResponse({ type: OutOfOfficeView, description: 'Tasks that arrive between from and until go to the delegate; escalations still reach their owners' })
  async setOutOfOffice(@CurrentActor() actor: Actor, @Body() body: OutOfOfficeDto): Promise<{ outOfOffice: OutOfOffice | null }> {
    const period = asBadRequest(() => validateOutOfOffice({ from: body.from, until: body.until, delegate: body.delegate }, actor.userId));
    return { outOfOffice: await this.users.setOutOfOffice(actor.userId, period) };
  }

  @Delete('out-of-office')
  @HttpCode(200)
  @ApiOkResponse({ type: OutOfOfficeView, description: 'Back in office' })
  async clearOutOfOffice(@CurrentActor() actor: Actor): Promise<{ outOfOffice: OutOfOffice | null }> {
    return { outOfOffice: await this.users.setOutOfOffice(actor.userId, null) };
  }

  @Get('notifications')
  @ApiOkResponse({ type: NotificationPreferencesView, description: 'Where you are told besides the in-app signals: e-mail and webhook' })
  preferences(@CurrentActor() actor: Actor): Promise<NotificationPreferences> {
    return this.users.preferences(actor.userId);
  }

  @Put('notifications')
  @ApiOkResponse({ type: NotificationPreferencesView, description: 'The preferences now in force' })
  async setPreferences(@CurrentActor() actor: Actor, @Body() body: NotificationPreferencesDto): Promise<NotificationPreferences> {
    const preferences = asBadRequest(() =>
      validatePreferences({ email: body.email ?? null, webhook: body.webhook ? { url: body.webhook.url, flavour: body.webhook.flavour } : null }),
    );
    // No request forgery: a webhook never points inside the network unless configured to.
    const refusal = preferences.webhook && (await resolvedUrlRefusal(new URL(preferences.webhook.url), this.notifications.webhookTargets));
    if (refusal) throw new BadRequestException(`webhook.url: ${refusal}`);
    return this.users.setPreferences(actor.userId, preferences, new Date().toISOString());
  }

  @Get('digests')
  @ApiOkResponse({
    type: [DirectorsDigestView],
    description:
      'Your weekly digests, newest first: a Schedule (GROUNDWORK_DIGEST_SCHEDULE, by default Mondays 07:00 UTC) makes one for every director named on a deal, and e-mails it where you chose e-mail and it is not empty',
  })
  digests(@CurrentActor() actor: Actor, @Query() query: DigestsQuery): Promise<DirectorsDigest[]> {
    return this.users.digests(actor.userId, query.limit ?? 4);
  }
}
