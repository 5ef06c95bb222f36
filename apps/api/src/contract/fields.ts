import { ID_MAX_LENGTH, ID_PATTERN, ID_RULE } from '@ledger/domain';
import type { IntegerRule, TextRule } from '@ledger/ledger';
import { applyDecorators, type Type } from '@nestjs/common';
import { type Complexity, Field, type FieldOptions, Float, ID, Int, type ReturnTypeFuncValue } from '@nestjs/graphql';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type as TransformTo } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { GraphQLJSONObject, GraphQLSafeInt } from 'graphql-scalars';

import { listComplexity } from '../graphql/limits';
import { type ContractEnum, CurrencyCodeEnum } from './enums';
import { DateTimeScalar, MonthScalar } from './scalars';
import { IsKnownCurrency, IsLedgerStreamId, IsReportTime, IsTimeZone, IsZonedTime } from './validators';

/**
 * Property decorators that declare a field of the API contract once: each
 * applies @Field (GraphQL) and @ApiProperty (OpenAPI) with the same type,
 * description and optionality, and the class-validator rules that check it on
 * both transports, so the schemas and the checks cannot drift apart. The rules'
 * figures come from @ledger/domain and @ledger/ledger's input rules, which the
 * import's row checks read too. (On answer classes the checks are never run.)
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
  /** GraphQL only: the field (or argument) is replaced, and by what; REST keeps its own names. */
  readonly deprecationReason?: string;
}

/** The schema of the value; optionality, description and example come from ContractFieldOptions. */
type OpenApiOptions = ApiPropertyOptions;

// The checks of a field are listed in the order class-validator reports their messages.
function contractField(
  graphqlType: () => ReturnTypeFuncValue,
  openApi: OpenApiOptions,
  options: ContractFieldOptions = {},
  checks: readonly PropertyDecorator[] = [],
): PropertyDecorator {
  const { description, optional = false, nullable = false, example, defaultValue, complexity, deprecationReason } = options;
  return applyDecorators(
    Field(graphqlType, {
      nullable: optional || nullable,
      ...(complexity === undefined ? {} : { complexity }),
      ...(description === undefined ? {} : { description }),
      ...(defaultValue === undefined ? {} : { defaultValue }),
      ...(deprecationReason === undefined ? {} : { deprecationReason }),
    } as FieldOptions),
    ApiProperty({
      ...openApi,
      required: !optional,
      ...(nullable ? { nullable: true } : {}),
      ...(description === undefined ? {} : { description }),
      ...(example === undefined ? {} : { example }),
      ...(defaultValue === undefined ? {} : { default: defaultValue }),
    } as ApiPropertyOptions),
    ...checks,
    ...(optional ? [IsOptional()] : []),
  );
}

/** IsDefined for a required field of the kinds that say so when missing. */
const definedUnlessOptional = (options?: ContractFieldOptions): PropertyDecorator[] => (options?.optional ? [] : [IsDefined()]);

const DECIMAL_DIGITS = /^\d{1,16}$/;

/**
 * An integer query parameter, read in this one place: plain decimal digits
 * only. Number() would also read "0x10", "1e1", " 16", "+16" and "" (as 0);
 * those stay text, so IsInt refuses them with 400. GraphQL arguments arrive
 * as numbers and pass unchanged.
 */
export const QueryInteger = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && DECIMAL_DIGITS.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : value,
  );

/** An id of the ledger (employee, lead, client, order): the safe alphabet stream names are made of. */
export const IdField = (options?: ContractFieldOptions) =>
  contractField(
    () => ID,
    { type: String, pattern: ID_PATTERN.source, minLength: 1, maxLength: ID_MAX_LENGTH },
    { example: 'acme', ...options },
    [IsString(), Matches(ID_PATTERN, { message: `$property ${ID_RULE}` })],
  );

/** Free text, by its rule (a note's allows it blank); an answer's text has no rule, only perhaps `allowEmpty`. */
export const TextField = ({
  rule,
  allowEmpty = rule?.allowEmpty ?? false,
  ...options
}: ContractFieldOptions & { rule?: TextRule; allowEmpty?: boolean } = {}) =>
  contractField(
    () => String,
    { type: String, ...(allowEmpty ? {} : { minLength: 1 }), ...(rule === undefined ? {} : { maxLength: rule.maxLength }) },
    options,
    rule === undefined
      ? []
      : rule.allowEmpty
        ? [MaxLength(rule.maxLength), IsString()]
        : [IsString(), IsNotEmpty(), MaxLength(rule.maxLength)],
  );

/**
 * Text whose content its reader judges, with its own answer (a page cursor
 * CURSOR_INVALID, a stream name by matching nothing): checked here as a string
 * of at most `maxLength` only.
 */
export const OpaqueTextField = ({ maxLength, ...options }: ContractFieldOptions & { maxLength: number }) =>
  contractField(() => String, { type: String, minLength: 1, maxLength }, options, [MaxLength(maxLength), IsString()]);

/**
 * A GraphQL command option that stands for a REST header: checked as a string
 * only here, then by the command context with the header's own rule and words,
 * so both transports refuse it alike.
 */
export const HeaderValueField = ({ maxLength, ...options }: ContractFieldOptions & { maxLength: number }) =>
  contractField(() => String, { type: String, minLength: 1, maxLength }, options, [IsString()]);

interface KindDefaults {
  readonly example: string;
  readonly description: string;
}

/** A field's options with the example and description of its kind, unless the options give their own. */
const withDefaults = (options: ContractFieldOptions | undefined, { example, description }: KindDefaults): ContractFieldOptions => ({
  example,
  ...options,
  description: options?.description ?? description,
});

// A zoned time's and a currency's schema and defaults: the same in requests and answers.
const ZONED_TIME: KindDefaults = { example: '2024-06-30T09:00:00Z', description: 'ISO 8601 time with a zone (Z or ±hh:mm).' };
const zonedTimeSchema: OpenApiOptions = { type: String, format: 'date-time' };

/** A moment as ISO 8601 with a zone: a time without one means different moments in different offices. */
export const ZonedTimeField = (options?: ContractFieldOptions) =>
  contractField(() => String, zonedTimeSchema, withDefaults(options, ZONED_TIME), [IsZonedTime(), ...definedUnlessOptional(options)]);

/** An IANA time zone name: a report's days and months are that zone's. */
export const TimeZoneField = (options?: ContractFieldOptions) =>
  contractField(() => String, { type: String, maxLength: 64 }, { example: 'Europe/Budapest', ...options }, [
    IsTimeZone(),
    ...definedUnlessOptional(options),
  ]);

/** An answer's moment: the DateTime scalar in GraphQL (the same text on the wire), date-time in OpenAPI. */
export const DateTimeField = (options?: ContractFieldOptions) =>
  contractField(() => DateTimeScalar, zonedTimeSchema, withDefaults(options, ZONED_TIME));

/** A report's bound: a whole day (in the report's time zone) or a zoned time. */
export const ReportBoundField = (options?: ContractFieldOptions) =>
  contractField(() => String, { type: String }, { example: '2024-06-30', ...options }, [IsReportTime()]);

/** A calendar month, "2024-03" (a report's: in its time zone). */
export const MonthField = (options?: ContractFieldOptions) =>
  contractField(() => MonthScalar, { type: String, pattern: '^\\d{4}-\\d{2}$' }, { example: '2024-03', ...options });

/**
 * A REST list's sort: one of the list's sort keys, ascending, or with a leading
 * `-` descending (`sort=-lastContactAt`); GraphQL takes `orderBy {key direction}`.
 */
export const SortField = (keys: readonly string[], options?: ContractFieldOptions) => {
  const values = keys.flatMap((key) => [key, `-${key}`]);
  return contractField(() => String, { type: String, enum: values }, options, [IsIn(values)]);
};

const CURRENCY: KindDefaults = { example: 'EUR', description: 'ISO 4217 code.' };
const currencySchema: OpenApiOptions = { type: String, pattern: '^[A-Z]{3}$' };

/** An ISO 4217 currency code, of the domain's currency list. */
export const CurrencyField = (options?: ContractFieldOptions) =>
  contractField(() => String, currencySchema, withDefaults(options, CURRENCY), [IsKnownCurrency(), ...definedUnlessOptional(options)]);

/** An answer's currency: the CurrencyCode enum in GraphQL (the same text on the wire). */
export const CurrencyCodeField = (options?: ContractFieldOptions) =>
  contractField(() => CurrencyCodeEnum.ref, currencySchema, withDefaults(options, CURRENCY));

export const EnumField = <V extends string>(contractEnum: ContractEnum<V>, options?: ContractFieldOptions) =>
  contractField(() => contractEnum.ref, { enum: [...contractEnum.values], enumName: contractEnum.name }, options, [
    IsIn(contractEnum.values),
  ]);

/**
 * One or more values of a closed set (a filter's): a list of the enum in GraphQL, in a
 * query string the parameter repeated (`type=A&type=B`) or comma-separated (`type=A,B`).
 */
export const EnumListField = <V extends string>(contractEnum: ContractEnum<V>, options?: ContractFieldOptions) =>
  contractField(
    () => [contractEnum.ref],
    { enum: [...contractEnum.values], enumName: contractEnum.name, isArray: true, minItems: 1, maxItems: contractEnum.values.length },
    options,
    [
      Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value)),
      IsArray(),
      ArrayNotEmpty(),
      ArrayMaxSize(contractEnum.values.length),
      IsIn(contractEnum.values, { each: true, message: `each of $property must be one of: ${contractEnum.values.join(', ')}` }),
    ],
  );

/** A stream of the ledger by its name (client-acme, lead-l-1…): a filter's, so another name is refused rather than matching nothing. */
export const LedgerStreamIdField = (options?: ContractFieldOptions) =>
  applyDecorators(OpaqueTextField({ maxLength: STREAM_ID_MAX_LENGTH, ...options }), IsLedgerStreamId());
const STREAM_ID_MAX_LENGTH = 200;

interface IntegerOptions extends ContractFieldOptions, Partial<IntegerRule> {
  /** A query parameter: its decimal text is read as the number (QueryInteger). */
  readonly fromQueryString?: boolean;
  /** What a value that is no integer hears. */
  readonly integerMessage?: string;
}

const integerChecks = ({ minimum, maximum, fromQueryString = false, integerMessage }: IntegerOptions): PropertyDecorator[] => [
  ...(maximum === undefined ? [] : [Max(maximum)]),
  ...(minimum === undefined ? [] : [Min(minimum)]),
  IsInt(integerMessage === undefined ? undefined : { message: integerMessage }),
  ...(fromQueryString ? [QueryInteger()] : []),
];

/** A count or small number (GraphQL Int: 32 bits). */
export const IntField = ({ minimum, maximum, fromQueryString, integerMessage, ...options }: IntegerOptions = {}) =>
  contractField(
    () => Int,
    { type: 'integer', ...(minimum === undefined ? {} : { minimum }), ...(maximum === undefined ? {} : { maximum }) },
    options,
    integerChecks({ minimum, maximum, fromQueryString, integerMessage }),
  );

/**
 * Money in minor units and positions in the log: integers beyond 32 bits (a
 * year of revenue in cents passes 2^31 soon), up to 2^53 - 1, so SafeInt.
 * That bound is GraphQL's scalar's and QueryInteger's; only a given `maximum` is checked as such.
 */
export const SafeIntField = ({ minimum, maximum, fromQueryString, integerMessage, ...options }: IntegerOptions = {}) =>
  contractField(
    () => GraphQLSafeInt,
    { type: 'integer', format: 'int64', maximum: maximum ?? Number.MAX_SAFE_INTEGER, ...(minimum === undefined ? {} : { minimum }) },
    options,
    integerChecks({ minimum, maximum, fromQueryString, integerMessage }),
  );

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

/** An object of the contract, by its class; in a request, validated whole. */
export const NestedField = (classOf: () => Type, options?: ContractFieldOptions) =>
  contractField(classOf, { type: () => classOf() }, options, [TransformTo(classOf), ValidateNested(), ...definedUnlessOptional(options)]);

/** A list of objects; one without paging declares `costedItems`, the items its cost assumes (graphql/limits.ts). */
export const NestedListField = (classOf: () => Type, { costedItems, ...options }: ContractFieldOptions & { costedItems?: number } = {}) =>
  contractField(
    () => [classOf()],
    { type: () => classOf(), isArray: true },
    { ...options, ...(costedItems === undefined ? {} : { complexity: listComplexity(costedItems) }) },
  );

/** A list of the ledger's ids (a filter's): each checked as an IdField is, the list neither empty nor longer than `maxItems`. */
export const IdListField = ({ maxItems, ...options }: ContractFieldOptions & { maxItems: number }) =>
  contractField(() => [ID], { type: String, isArray: true, pattern: ID_PATTERN.source, maxItems, minItems: 1 }, options, [
    IsArray(),
    ArrayNotEmpty(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    Matches(ID_PATTERN, { each: true, message: `each of $property ${ID_RULE}` }),
  ]);

export const IntListField = (options?: ContractFieldOptions) => contractField(() => [Int], { type: 'integer', isArray: true }, options);

export const DecimalListField = (options?: ContractFieldOptions) =>
  contractField(() => [Float], { type: 'number', isArray: true }, options);

export const StringListField = (options?: ContractFieldOptions) => contractField(() => [String], { type: String, isArray: true }, options);

/**
 * A JSON object whose keys are data (a currency, a lost reason), so it keeps
 * the REST shape in GraphQL as a JSONObject; `values` describes its values for OpenAPI.
 */
export const JsonObjectField = ({ values, ...options }: ContractFieldOptions & { values?: Record<string, unknown> } = {}) =>
  contractField(() => GraphQLJSONObject, { type: 'object', additionalProperties: values ?? true } as OpenApiOptions, options);
