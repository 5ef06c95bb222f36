import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from './problem-details';

export class RequestValidationError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`the request is invalid: ${errors.map((error) => `${error.field}: ${error.message}`).join('; ')}`);
    this.name = 'RequestValidationError';
  }
}

/** Flattens class-validator's tree into one entry per invalid field, named by its path. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/** Unknown fields are refused, not silently dropped: a typo must not pass unseen. */
export const validationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(fieldErrors(errors)),
  });
