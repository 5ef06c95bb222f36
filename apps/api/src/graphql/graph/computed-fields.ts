import { Inject, type Type } from '@nestjs/common';
import { Context, Parent, ResolveField, type ResolveFieldOptions, Resolver, type ReturnTypeFunc } from '@nestjs/graphql';

import type { GraphqlRequestContext } from '../../auth/access.guard';

/** A field answered from its parent object: its GraphQL type and options, and how it is computed (with the resolver's reader). */
export interface ComputedField<Parent, Reader = undefined> {
  readonly type: ReturnTypeFunc;
  readonly options?: ResolveFieldOptions;
  resolve(parent: Parent, reader: Reader, context: GraphqlRequestContext): unknown;
}

/**
 * A resolver of `parent` answering each field of the table: one place for the
 * many fields that differ only in what they read (an employee by the id a
 * field holds, a money total from an amount and a currency). `reader` is the
 * provider the fields read with (injected), if they read at all.
 */
export function computedFields<Parent, Reader = undefined>(
  parent: () => Type,
  fields: Record<string, ComputedField<Parent, Reader>>,
  reader?: Type<Reader>,
): Type {
  class ComputedFields {
    constructor(readonly reader: Reader) {}
  }
  if (reader !== undefined) Inject(reader)(ComputedFields, undefined as never, 0);
  for (const [name, field] of Object.entries(fields)) {
    Object.defineProperty(ComputedFields.prototype, name, {
      value(this: ComputedFields, of: Parent, context: GraphqlRequestContext) {
        return field.resolve(of, this.reader, context);
      },
      writable: true,
      configurable: true,
    });
    Parent()(ComputedFields.prototype, name, 0);
    Context()(ComputedFields.prototype, name, 1);
    ResolveField(field.type, field.options)(
      ComputedFields.prototype,
      name,
      Object.getOwnPropertyDescriptor(ComputedFields.prototype, name)!,
    );
  }
  Resolver(parent)(ComputedFields);
  return ComputedFields;
}
