import { type ArgumentMetadata, type ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';

import { constraintFault, type FieldFault, unknownFieldFault } from '../contract/field-codes';
import { type FieldError, fieldError } from '../contract/problem-details';

export class RequestValidationError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`the request is invalid: ${errors.map((error) => `${error.field}: ${error.message}`).join('; ')}`);
    this.name = 'RequestValidationError';
  }
}

/**
 * Flattens class-validator's tree into one entry per invalid field, named by
 * its path, each constraint with its code and the figures its decorator
 * declared (read back from class-validator's metadata of the checked class).
 */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) =>
      fieldError(field, message, faultOf(error, constraint)),
    );
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

function faultOf(error: ValidationError, constraint: string): FieldFault {
  const target = error.target?.constructor;
  if (target === undefined) return constraintFault(constraint);
  const storage = getMetadataStorage();
  const declared = storage
    .getTargetValidationMetadatas(target, '', false, false)
    .find(
      (metadata) =>
        metadata.propertyName === error.property &&
        (metadata.name === constraint ||
          storage.getTargetValidatorConstraints(metadata.constraintCls).some((known) => known.name === constraint)),
    );
  return constraintFault(constraint, declared?.constraints ?? []);
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
      if (PROTOTYPE_KEYS.has(key)) errors.push(fieldError(field, `property ${key} should not exist`, unknownFieldFault()));
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
    // The checked object (target) is kept only to read each constraint's figures back; no answer carries it.
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => new RequestValidationError(fieldErrors(errors)),
  });
