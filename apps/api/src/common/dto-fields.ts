import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { LIMITS } from '@app/domain';

/**
 * Each field is declared once: the same decorator sets what class-validator enforces and what the
 * OpenAPI document says, so a client that follows the document is never refused for its shape.
 */

/** Some text that is not only white space. */
const NOT_BLANK = /\S/;

/** One line of text: no control characters (a NUL would even stall a visibility query), not blank. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point of this pattern
export const SINGLE_LINE = /^(?=.*\S)[^\u0000-\u001f\u007f]+$/;

function textField(maxLength: number, pattern: RegExp, message: string, optional: boolean, options: ApiPropertyOptions) {
  const documented = { type: String, minLength: 1, maxLength, pattern: pattern.source, ...options };
  return applyDecorators(
    ...(optional ? [ApiPropertyOptional(documented), IsOptional()] : [ApiProperty(documented)]),
    IsString(),
    IsNotEmpty(),
    Matches(pattern, { message }),
    MaxLength(maxLength),
  );
}

/** Text that must say something: not empty, not only white space, within its limit. */
export const RequiredText = (maxLength: number = LIMITS.text, options: ApiPropertyOptions = {}) =>
  textField(maxLength, NOT_BLANK, '$property must not be blank', false, options);

export const OptionalText = (maxLength: number = LIMITS.text, options: ApiPropertyOptions = {}) =>
  textField(maxLength, NOT_BLANK, '$property must not be blank', true, options);

export const SingleLine = (maxLength: number, options: ApiPropertyOptions = {}) =>
  textField(maxLength, SINGLE_LINE, '$property must be one line of text, without control characters', false, options);

export const OptionalSingleLine = (maxLength: number, options: ApiPropertyOptions = {}) =>
  textField(maxLength, SINGLE_LINE, '$property must be one line of text, without control characters', true, options);

/** A user ID as the directory knows it. */
export const UserIdField = (options: ApiPropertyOptions = {}) => SingleLine(LIMITS.userId, { example: 'mm.mia', ...options });

/** An instant in ISO 8601 / RFC 3339 (`2027-01-15T17:00:00Z`). */
export const DateTimeField = (options: ApiPropertyOptions = {}) =>
  applyDecorators(ApiProperty({ type: String, format: 'date-time', ...options }), IsISO8601({ strict: true, strictSeparator: true }));

export const OptionalDateTimeField = (options: ApiPropertyOptions = {}) =>
  applyDecorators(
    ApiPropertyOptional({ type: String, format: 'date-time', ...options }),
    IsOptional(),
    IsISO8601({ strict: true, strictSeparator: true }),
  );

/** One of a fixed list of values. */
export const OneOf = (values: readonly string[], options: ApiPropertyOptions = {}) =>
  applyDecorators(ApiProperty({ enum: values, ...options }), IsIn(values));

export const OptionalOneOf = (values: readonly string[], options: ApiPropertyOptions = {}) =>
  applyDecorators(ApiPropertyOptional({ enum: values, ...options }), IsOptional(), IsIn(values));
