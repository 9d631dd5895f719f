import { BadRequestException, NotFoundException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidatorOptions } from 'class-validator';
import { DomainError } from '@app/domain';

export const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // One message per field: the first rule it breaks.
  stopAtFirstError: true,
};

/** Flattens nested class-validator errors into messages that name the field path (`customer.segment ...`). */
export function validationMessages(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? `${path}${message.slice(error.property.length)}` : `${path}: ${message}`,
    );
    return [...own, ...validationMessages(error.children ?? [], path)];
  });
}

export function badRequest(messages: string[]): BadRequestException {
  return new BadRequestException(messages.join('; '));
}

/** A route that declares a body DTO needs a JSON object: an empty body, null or an array is a 400, not an empty command. */
class RequiredBodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // IDs in the path are ours (deal, task, incident): one with control characters names nothing.
    if (metadata.type === 'param' && typeof value === 'string' && /[\p{Cc}]/u.test(value)) {
      throw new NotFoundException(`no ${metadata.data ?? 'resource'} with that ID exists`);
    }
    const isDto = metadata.metatype !== undefined && metadata.metatype !== Object;
    if (metadata.type === 'body' && isDto && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw badRequest(['body: a JSON object is required']);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequiredBodyValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => badRequest(validationMessages(errors)),
  });
}

/** Validates a body whose class is only known at run time (a task result depends on the task's kind). */
export async function validateBody<T extends object>(type: ClassConstructor<T>, body: unknown): Promise<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest(['body: a JSON object is required']);
  const instance = plainToInstance(type, body);
  const errors = await validate(instance, VALIDATOR_OPTIONS);
  if (errors.length > 0) throw badRequest(validationMessages(errors));
  return instance;
}

/** Domain validation at the edge: its refusal is a 400 that names the field. */
export function asBadRequest<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof DomainError) throw new BadRequestException(error.message);
    throw error;
  }
}
