import { type ArgumentMetadata, type ValidationError, ValidationPipe } from '@nestjs/common';

import type { FieldError } from '../contract/problem-details';

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

/**
 * Keys that name an object's prototype machinery. class-transformer skips them
 * when it builds the request class, so the whitelist below never saw them and
 * they passed silently; they are refused as unknown keys, in the same words.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Every prototype key anywhere in a parsed body or query, named by its path as class-validator names fields. */
export function prototypeKeyErrors(value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const pending: [unknown, string][] = [[value, '']];
  while (pending.length > 0) {
    const [current, path] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    for (const key of Object.keys(current)) {
      const field = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) errors.push({ field, message: `property ${key} should not exist` });
      else pending.push([(current as Record<string, unknown>)[key], field]);
    }
  }
  return errors.reverse();
}

/** Unknown fields are refused, not silently dropped: a typo must not pass unseen. */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const errors = prototypeKeyErrors(value);
      if (errors.length > 0) throw new RequestValidationError(errors);
    }
    return super.transform(value, metadata);
  }
}

export const validationPipe = () =>
  new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(fieldErrors(errors)),
  });
