import { applyDecorators, type Type } from '@nestjs/common';
import { Field, Float, ID, Int, type Complexity, type FieldOptions, type ReturnTypeFuncValue } from '@nestjs/graphql';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { GraphQLJSONObject, GraphQLSafeInt } from 'graphql-scalars';
import type { ContractEnum } from './enums';
import { ID_PATTERN } from './id';
import { listComplexity } from '../graphql/limits';

/**
 * Property decorators that declare a field of the API contract once, for both
 * schemas: each applies @Field (GraphQL) and @ApiProperty (OpenAPI) with the
 * same type, description and optionality, so the two cannot drift apart.
 * Validation stays with class-validator on the request classes.
 */

export interface ContractFieldOptions {
  readonly description?: string;
  /** May be left out (a request field, or an answer field present only sometimes). */
  readonly optional?: boolean;
  /** May be null. */
  readonly nullable?: boolean;
  readonly example?: unknown;
  /** GraphQL arguments only: the value an absent argument takes. */
  readonly defaultValue?: unknown;
  /** GraphQL only: what the field costs before a request runs (see graphql/limits.ts). */
  readonly complexity?: Complexity;
}

/** The schema of the value; optionality, description and example come from ContractFieldOptions. */
type OpenApiOptions = ApiPropertyOptions;

function contractField(graphqlType: () => ReturnTypeFuncValue, openApi: OpenApiOptions, options: ContractFieldOptions = {}): PropertyDecorator {
  const { description, optional = false, nullable = false, example, defaultValue, complexity } = options;
  return applyDecorators(
    Field(graphqlType, {
      nullable: optional || nullable,
      ...(complexity === undefined ? {} : { complexity }),
      ...(description === undefined ? {} : { description }),
      ...(defaultValue === undefined ? {} : { defaultValue }),
    } as FieldOptions),
    ApiProperty({
      ...openApi,
      required: !optional,
      ...(nullable ? { nullable: true } : {}),
      ...(description === undefined ? {} : { description }),
      ...(example === undefined ? {} : { example }),
      ...(defaultValue === undefined ? {} : { default: defaultValue }),
    } as ApiPropertyOptions),
  );
}

/** An id of the ledger (employee, lead, client, order): the safe alphabet stream names are made of. */
export const IdField = (options?: ContractFieldOptions) =>
  contractField(() => ID, { type: String, pattern: ID_PATTERN.source, minLength: 1, maxLength: 128 }, { example: 'acme', ...options });

/** Free text; `allowEmpty` for notes that may be blank. */
export const TextField = ({ maxLength, allowEmpty = false, ...options }: ContractFieldOptions & { maxLength?: number; allowEmpty?: boolean } = {}) =>
  contractField(() => String, { type: String, ...(allowEmpty ? {} : { minLength: 1 }), ...(maxLength === undefined ? {} : { maxLength }) }, options);

/** A moment as ISO 8601 with a zone: a time without one means different moments in different offices. */
export const ZonedTimeField = (options?: ContractFieldOptions) =>
  contractField(
    () => String,
    { type: String, format: 'date-time' },
    { example: '2024-06-30T09:00:00Z', ...options, description: options?.description ?? 'ISO 8601 time with a zone (Z or ±hh:mm).' },
  );

/** A report's bound: a whole UTC day or a zoned time. */
export const ReportBoundField = (options?: ContractFieldOptions) =>
  contractField(() => String, { type: String }, { example: '2024-06-30', ...options });

/** A calendar month in UTC, "2024-03". */
export const MonthField = (options?: ContractFieldOptions) =>
  contractField(() => String, { type: String, pattern: '^\\d{4}-\\d{2}$' }, { example: '2024-03', ...options });

/** An ISO 4217 currency code. */
export const CurrencyField = (options?: ContractFieldOptions) =>
  contractField(() => String, { type: String, pattern: '^[A-Z]{3}$' }, { example: 'EUR', ...options, description: options?.description ?? 'ISO 4217 code.' });

export const EnumField = <V extends string>(contractEnum: ContractEnum<V>, options?: ContractFieldOptions) =>
  contractField(() => contractEnum.ref, { enum: [...contractEnum.values], enumName: contractEnum.name }, options);

/** A count or small number (GraphQL Int: 32 bits). */
export const IntField = ({ minimum, maximum, ...options }: ContractFieldOptions & { minimum?: number; maximum?: number } = {}) =>
  contractField(() => Int, { type: 'integer', ...(minimum === undefined ? {} : { minimum }), ...(maximum === undefined ? {} : { maximum }) }, options);

/**
 * Money in minor units and positions in the log: integers beyond 32 bits (a
 * year of revenue in cents passes 2^31 soon), up to 2^53 - 1, so SafeInt.
 */
export const SafeIntField = ({ minimum, maximum = Number.MAX_SAFE_INTEGER, ...options }: ContractFieldOptions & { minimum?: number; maximum?: number } = {}) =>
  contractField(() => GraphQLSafeInt, { type: 'integer', format: 'int64', maximum, ...(minimum === undefined ? {} : { minimum }) }, options);

/** A sum of minor units as OpenAPI describes its text. */
export const MINOR_UNITS_TOTAL_PATTERN = '^(0|[1-9][0-9]*)$';

/**
 * A sum of money in minor units: exact at any size, so a decimal string
 * ("18014398509482083"), since no JSON or GraphQL number carries every integer past 2^53.
 */
export const MinorUnitsTotalField = (options?: ContractFieldOptions) =>
  contractField(() => String, { type: String, pattern: MINOR_UNITS_TOTAL_PATTERN }, { example: '18014398509482083', ...options });



/** A fraction or percentage. */
export const DecimalField = (options?: ContractFieldOptions) => contractField(() => Float, { type: 'number' }, options);

export const BooleanField = (options?: ContractFieldOptions) => contractField(() => Boolean, { type: 'boolean' }, options);

// @nestjs/swagger takes `type` for a lazy reference only if the function is named "type", as an arrow written there is.

/** An object of the contract, by its class. */
export const NestedField = (classOf: () => Type, options?: ContractFieldOptions) => contractField(classOf, { type: () => classOf() }, options);

/** A list of objects; one without paging declares `costedItems`, the items its cost assumes (graphql/limits.ts). */
export const NestedListField = (classOf: () => Type, { costedItems, ...options }: ContractFieldOptions & { costedItems?: number } = {}) =>
  contractField(() => [classOf()], { type: () => classOf(), isArray: true }, { ...options, ...(costedItems === undefined ? {} : { complexity: listComplexity(costedItems) }) });

export const IntListField = (options?: ContractFieldOptions) => contractField(() => [Int], { type: 'integer', isArray: true }, options);

export const DecimalListField = (options?: ContractFieldOptions) => contractField(() => [Float], { type: 'number', isArray: true }, options);

export const StringListField = (options?: ContractFieldOptions) => contractField(() => [String], { type: String, isArray: true }, options);

/**
 * A JSON object whose keys are data (a currency, a lost reason), so it keeps
 * the REST shape in GraphQL as a JSONObject; `values` describes its values for OpenAPI.
 */
export const JsonObjectField = ({ values, ...options }: ContractFieldOptions & { values?: Record<string, unknown> } = {}) =>
  contractField(() => GraphQLJSONObject, { type: 'object', additionalProperties: values ?? true } as OpenApiOptions, options);
