import { type Department, LEDGER_EVENT_TYPES } from '@ledger/domain';
import { CORRELATION_ID_MAX_LENGTH, CORRELATION_ID_SHAPE } from '@ledger/ledger';
import { applyDecorators, type PipeTransform, type Type } from '@nestjs/common';
import { Args, ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type as TransformTo } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsDefined, IsIn, IsOptional, ValidateNested } from 'class-validator';

import { HeaderValueField, IdField, IntField, LedgerStreamIdField, SafeIntField, StringListField } from '../contract/fields';
import type { LedgerCommandSpec } from '../requests/command-catalogue';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from '../requests/command-options';
import {
  AsOfQueryDto,
  ClientsCursorField,
  ClientsPageSizeField,
  ClientsSearchField,
  ClientStatusFilterField,
  DEFAULT_EVENT_PAGE_SIZE,
  EventsQueryDto,
  HandoffsQueryDto,
  MAX_EVENT_PAGE_SIZE,
  OwningDepartmentFilterField,
  STREAM_FILTER_DESCRIPTION,
} from '../requests/queries';
import { ListCursorField, ListPageSizeField } from './graph/list-pages';
import { ClientsOrderInput, OptionalInputArg } from './listing-args';

// The arguments of each GraphQL operation, validated by the global
// ValidationPipe like REST bodies and queries: the same request classes
// nested as `input`, so a refused field is named `input.<field>`, as sent.

/**
 * GraphQL lets an optional argument or input field come as null; the
 * ledger's inputs mean the same by leaving it out (and only then apply their
 * defaults), so nulls are dropped once validation has passed them.
 */
class NullsAsAbsent implements PipeTransform {
  transform(value: unknown): unknown {
    if (Array.isArray(value)) value.forEach((item) => this.transform(item));
    else if (value !== null && typeof value === 'object') {
      for (const [key, member] of Object.entries(value)) {
        if (member === null) delete (value as Record<string, unknown>)[key];
        else this.transform(member);
      }
    }
    return value;
  }
}

/** A resolver's arguments, as an @ArgsType class: validated, then nulls dropped. */
export const Arguments = () => Args(new NullsAsAbsent());

/** A mutation's input object, validated whole. */
const InputArg = (type: () => Type, { optional = false, description }: { optional?: boolean; description?: string } = {}) =>
  applyDecorators(
    Field(type, { nullable: optional, ...(description ? { description } : {}) }),
    optional ? IsOptional() : IsDefined(),
    ValidateNested(),
    TransformTo(type),
  );

@InputType('CommandOptions', { description: 'What REST takes from headers: Idempotency-Key, If-Match and X-Correlation-Id.' })
export class CommandOptionsInput {
  @HeaderValueField({
    optional: true,
    maxLength: IDEMPOTENCY_KEY_MAX_LENGTH,
    description:
      'A retry with the same key and input answers the first answer and appends nothing; the same key with other input is IDEMPOTENCY_KEY_REUSED. Keys are per caller.',
  })
  idempotencyKey?: string;

  @IntField({
    optional: true,
    minimum: 0,
    description: "The target stream's revision the caller last saw; the command applies only if it is still that (else REVISION_MISMATCH).",
  })
  expectedRevision?: number;

  @HeaderValueField({
    optional: true,
    maxLength: CORRELATION_ID_MAX_LENGTH,
    description: `Recorded on every event the command appends; the X-Correlation-Id header, or a new one, when absent. ${CORRELATION_ID_SHAPE}.`,
  })
  correlationId?: string;
}

@ArgsType()
class CommandArgs {
  @InputArg(() => CommandOptionsInput, { optional: true }) options?: CommandOptionsInput;
}

/** The arguments of a mutation on one object: its id (named `idName`), its input and the options. */
function CommandOnArgs(idName: string, input: Type, { optional = false } = {}) {
  @ArgsType()
  class OnArgs extends CommandArgs {}
  // Declared in this order, so a refusal lists the id's faults before the input's.
  IdField()(OnArgs.prototype, idName);
  InputArg(() => input, { optional })(OnArgs.prototype, 'input');
  return OnArgs;
}

/** The arguments of a mutation whose input names its objects: the input and the options. */
function CommandInputArgs(input: Type) {
  @ArgsType()
  class InputArgs extends CommandArgs {}
  InputArg(() => input)(InputArgs.prototype, 'input');
  return InputArgs;
}

/** A command's mutation arguments, as its catalogue entry declares them. */
export const commandArgsOf = ({ body, on, optionalInput }: LedgerCommandSpec): Type =>
  on === undefined ? CommandInputArgs(body) : CommandOnArgs(on.id, body, { optional: optionalInput });

@ArgsType()
export class ClientArgs extends AsOfQueryDto {
  @IdField() clientId!: string;
}

@ArgsType()
export class ClientEventsArgs extends ClientArgs {
  @ListPageSizeField() first?: number;
  @ListCursorField() after?: string;
}

@ArgsType()
export class HandoffsArgs extends HandoffsQueryDto {
  @ListPageSizeField() first?: number;
  @ListCursorField() after?: string;
}

@ArgsType()
export class EventsArgs extends EventsQueryDto {
  @IntField({
    optional: true,
    minimum: 1,
    maximum: MAX_EVENT_PAGE_SIZE,
    description: `Events per page, at most ${MAX_EVENT_PAGE_SIZE} (default ${DEFAULT_EVENT_PAGE_SIZE}); the connections' name for \`limit\`, which it wins over.`,
  })
  first?: number;
}

@ArgsType()
export class LeadArgs extends AsOfQueryDto {
  @IdField() leadId!: string;
}

@ArgsType()
export class EmployeeArgs extends AsOfQueryDto {
  @IdField() employeeId!: string;
}

@InputType('ClientsFilter', { description: 'Which clients the directory lists; every given filter must match.' })
export class ClientsFilterInput {
  @ClientStatusFilterField() status?: 'active' | 'lost';
  @OwningDepartmentFilterField() owningDepartment?: Department;
  @IdField({ optional: true }) ownerId?: string;
}

@ArgsType()
export class ClientsArgs extends AsOfQueryDto {
  @InputArg(() => ClientsFilterInput, { optional: true }) filter?: ClientsFilterInput;

  @ClientsSearchField() search?: string;

  @OptionalInputArg(() => ClientsOrderInput, 'Default client id, ascending.') orderBy?: ClientsOrderInput;

  @ClientsCursorField() after?: string;

  @ClientsPageSizeField() first?: number;

  @ClientsPageSizeField({ deprecationReason: 'Use `first`, the name of every connection.' }) limit?: number;
}

@ArgsType()
export class ProjectionArgs {
  @IdField({ example: 'pipeline' }) projection!: string;
}

@ArgsType()
export class EventAppendedArgs {
  @StringListField({ optional: true, description: `Only events of these types: ${LEDGER_EVENT_TYPES.join(', ')}.` })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(LEDGER_EVENT_TYPES.length)
  @IsIn(LEDGER_EVENT_TYPES, { each: true })
  types?: string[];

  @LedgerStreamIdField({ optional: true, description: STREAM_FILTER_DESCRIPTION })
  streamId?: string;

  @SafeIntField({
    optional: true,
    minimum: 0,
    description: 'Replay the log after this position first (matching events only), then follow; absent: only events appended from now on.',
  })
  after?: number;
}
