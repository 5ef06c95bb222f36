import { CONTACT_CHANNELS, DEPARTMENTS, isKnownCurrency, MAX_ORDER_AMOUNT, MAX_RATE_BASIS_POINTS, parseZonedTime, ROLES, type ContactChannel, type Department, type Role } from '@ledger/domain';
import { applyDecorators, BadRequestException, type PipeTransform } from '@nestjs/common';
import { ArgsType, InputType } from '@nestjs/graphql';
import { DEFAULT_CLIENTS_PAGE, MAX_CLIENTS_PAGE, type HistoricalBounds } from '@ledger/projections';
import { Transform, Type } from 'class-transformer';
import {
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
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { ClientStatusEnum, ContactChannelEnum, DepartmentEnum, EmployeeRoleEnum, PipelineGroupByEnum, RevenueGroupByEnum } from '../contract/enums';
import {
  CurrencyField,
  EnumField,
  IdField,
  IntField,
  NestedField,
  ReportBoundField,
  SafeIntField,
  TextField,
  ZonedTimeField,
} from '../contract/fields';
import { ID_PATTERN, ID_RULE } from '../contract/id';

// Each request class is at once the REST body or query, the GraphQL input or
// arguments, and the OpenAPI schema: the contract decorators declare the field
// for both schemas, class-validator checks it for both transports.

export { ID_PATTERN };

export const IsId = () => applyDecorators(IsString(), Matches(ID_PATTERN, { message: `$property ${ID_RULE}` }));
export const IsText = (max: number) => applyDecorators(IsString(), IsNotEmpty(), MaxLength(max));
/** ISO 8601 with a zone: a time without one means different moments in different offices. */
export const IsZonedTime = () =>
  ValidateBy({
    name: 'isZonedTime',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !Number.isNaN(parseZonedTime(value)),
      defaultMessage: (args) => `${args?.property ?? 'value'} must be an ISO 8601 time with a zone (Z or ±hh:mm), e.g. 2024-06-30T09:00:00Z`,
    },
  });
/** The domain's own currency list, so the API and the ledger never disagree on a code. */
const IsKnownCurrency = () =>
  ValidateBy({
    name: 'isKnownCurrency',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isKnownCurrency(value),
      defaultMessage: () => 'currency must be an ISO 4217 code in capitals, such as EUR',
    },
  });
const IsOptionalNullable = () => ValidateIf((_object, value) => value !== null && value !== undefined);

@InputType('MoneyInput')
export class MoneyDto {
  // The bounds are the domain's (which refuses with its own codes what reaches it another way, e.g. an import);
  // checked here too so that a request's every malformed field is answered at once, as VALIDATION_FAILED.
  @SafeIntField({ minimum: 0, maximum: MAX_ORDER_AMOUNT, description: `Integer minor units, e.g. 1999 for 19.99 EUR; at most ${MAX_ORDER_AMOUNT}.`, example: 125000 })
  @IsDefined()
  @IsInt({ message: 'amount must be an integer number of minor units (e.g. 1999 for 19.99)' })
  @Min(0)
  @Max(MAX_ORDER_AMOUNT)
  amount!: number;

  @CurrencyField()
  @IsDefined()
  @IsKnownCurrency()
  currency!: string;
}

const OCCURRED_AT = "Business time: when it happened (default now); never before the stream's latest event.";

/** Commands may carry their business time, so history can be imported. */
@InputType({ isAbstract: true })
class CommandDto {
  @ZonedTimeField({ optional: true, description: OCCURRED_AT })
  @IsOptional()
  @IsZonedTime()
  occurredAt?: string;
}

@InputType('AddEmployeeInput')
export class AddEmployeeDto extends CommandDto {
  @IdField({ example: 'anna' }) @IsId() employeeId!: string;
  @TextField({ maxLength: 200, example: 'Anna Berg' }) @IsText(200) name!: string;
  @EnumField(DepartmentEnum) @IsIn(DEPARTMENTS) department!: Department;
  @EnumField(EmployeeRoleEnum) @IsIn(ROLES) role!: Role;
}

@InputType('RemoveEmployeeInput')
export class RemoveEmployeeDto extends CommandDto {
  @TextField({ maxLength: 1000, optional: true, nullable: true }) @IsOptionalNullable() @IsText(1000) reason?: string | null;
}

@InputType('SetCommissionPlanInput')
export class SetCommissionPlanDto extends CommandDto {
  @EnumField(DepartmentEnum) @IsIn(DEPARTMENTS) department!: Department;
  @IntField({ minimum: 0, maximum: MAX_RATE_BASIS_POINTS, description: 'The commission rate in basis points: 500 is 5 %.', example: 500 })
  @IsInt()
  @Min(0)
  @Max(MAX_RATE_BASIS_POINTS)
  rateBasisPoints!: number;
  @ZonedTimeField({ description: "When the plan takes effect; after the department's latest plan." }) @IsDefined() @IsZonedTime() effectiveFrom!: string;
}

@InputType('ContactLeadInput')
export class ContactLeadDto extends CommandDto {
  @IdField({ example: 'anna' }) @IsId() repId!: string;
  @TextField({ maxLength: 200, optional: true, nullable: true, description: "The prospect's company; required on the first contact." })
  @IsOptionalNullable()
  @IsText(200)
  company?: string | null;
  @EnumField(ContactChannelEnum) @IsIn(CONTACT_CHANNELS) channel!: ContactChannel;
  @TextField({ maxLength: 200, example: 'interested' }) @IsText(200) outcome!: string;
  @TextField({ maxLength: 4000, allowEmpty: true, optional: true, nullable: true }) @IsOptionalNullable() @IsString() @MaxLength(4000) note?: string | null;
}

@InputType('LoseLeadInput')
export class LoseLeadDto extends CommandDto {
  @TextField({ maxLength: 1000 }) @IsText(1000) reason!: string;
}

@InputType('OrderInput')
export class OrderDto {
  @IdField({ example: 'o-1' }) @IsId() orderId!: string;
  @NestedField(() => MoneyDto) @IsDefined() @ValidateNested() @Type(() => MoneyDto) total!: MoneyDto;
}

@InputType('WinClientInput')
export class WinClientDto extends CommandDto {
  @IdField() @IsId() clientId!: string;
  @IdField({ description: 'The contacted lead this client is won from.' }) @IsId() leadId!: string;
  @IdField({ example: 'anna', description: 'The winning rep, of the sales department.' }) @IsId() repId!: string;
  @NestedField(() => OrderDto) @IsDefined() @ValidateNested() @Type(() => OrderDto) firstOrder!: OrderDto;
}

@InputType('PlaceReorderInput')
export class PlaceReorderDto extends CommandDto {
  @IdField({ example: 'o-2' }) @IsId() orderId!: string;
  @NestedField(() => MoneyDto) @IsDefined() @ValidateNested() @Type(() => MoneyDto) total!: MoneyDto;
  @IdField({ example: 'carl', description: 'The employee who took the order.' }) @IsId() takenBy!: string;
}

@InputType('HandOffClientInput')
export class HandOffClientDto extends CommandDto {
  @IdField({ example: 'carl', description: 'The receiving employee, of the client department.' }) @IsId() toManagerId!: string;
  @TextField({ maxLength: 1000 }) @IsText(1000) reason!: string;
}

@InputType('EscalateKeyAccountInput')
export class EscalateKeyAccountDto extends CommandDto {
  @IdField({ example: 'kim', description: 'The owner, of the key-accounts or client department.' }) @IsId() ownerId!: string;
  @TextField({ maxLength: 1000 }) @IsText(1000) reason!: string;
}

@InputType('LoseClientInput')
export class LoseClientDto extends CommandDto {
  @TextField({ maxLength: 1000 }) @IsText(1000) reason!: string;
  @TextField({ maxLength: 200, optional: true, nullable: true }) @IsOptionalNullable() @IsText(200) competitor?: string | null;
}

const DECIMAL_DIGITS = /^\d{1,16}$/;

/**
 * An integer query parameter, read in this one place: plain decimal digits
 * only. Number() would also read "0x10", "1e1", " 16", "+16" and "" (as 0);
 * those stay text, so IsInt refuses them with 400. GraphQL arguments arrive
 * as numbers and pass unchanged.
 */
export const QueryInteger = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && DECIMAL_DIGITS.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : value));

const AS_KNOWN_AT_DESCRIPTION =
  'The answer as the ledger knew it at this record time: only events recorded by then count, so history imported later does not change it. Combines with asOf.';

/** Read your writes on any API process: the parameter, and the header `MIN_POSITION_HEADER` that does the same. */
export const MIN_POSITION_DESCRIPTION =
  "Answer only once the read models have stored the log up to this position (every command's answer carries its position): read your writes, whichever API process answers. Waits up to LEDGER_READ_WAIT_MS, then 503 READ_MODEL_BEHIND. The header Ledger-Min-Position does the same.";

/** A read's position to wait for: one declaration for the query parameter and the GraphQL argument. */
const MinPositionField = () =>
  applyDecorators(SafeIntField({ optional: true, minimum: 0, description: MIN_POSITION_DESCRIPTION }), IsOptional(), QueryInteger(), IsInt(), Min(0));

@ArgsType()
export class AsOfQueryDto {
  @ZonedTimeField({ optional: true, description: 'The answer as of this business time; absent for now.' }) @IsOptional() @IsZonedTime() asOf?: string;
  @ZonedTimeField({ optional: true, description: AS_KNOWN_AT_DESCRIPTION }) @IsOptional() @IsZonedTime() asKnownAt?: string;
  @MinPositionField() minPosition?: number;
}

@ArgsType()
export class EventsQueryDto {
  @SafeIntField({ optional: true, minimum: 0, description: 'Read the events after this global position (0: from the start).' })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(0)
  after?: number;
  @SafeIntField({ optional: true, minimum: 0, description: 'Read up to and including this global position (default: the head when the read starts).' })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(0)
  upTo?: number;
  @IntField({ optional: true, minimum: 1, maximum: 1000, description: 'Events per JSON page, at most 1000 (default 100); NDJSON and CSV stream the whole range.' })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

/** Validates an id taken from the path with the same rule as ids in bodies. */
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ID_PATTERN.test(value)) throw new BadRequestException(`the id in the path ${ID_RULE}`);
    return value;
  }
}

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** A report's bound: a UTC day ("2024-06-30") or a zoned time; NaN when it is neither. */
function reportTime(value: unknown): number {
  if (typeof value !== 'string') return Number.NaN;
  return DAY_ONLY.test(value) ? parseZonedTime(`${value}T00:00:00Z`) : parseZonedTime(value);
}
const DAY_MS = 24 * 60 * 60 * 1000;
/** A day as a period's end counts whole: the period runs to the start of the next day. */
const reportEnd = (value: string): number => reportTime(value) + (DAY_ONLY.test(value) ? DAY_MS : 0);

const IsReportTime = () =>
  ValidateBy({
    name: 'isReportTime',
    validator: {
      validate: (value: unknown) => !Number.isNaN(reportTime(value)),
      defaultMessage: (args) => `${args?.property ?? 'value'} must be a day (2024-06-30, UTC) or an ISO 8601 time with a zone`,
    },
  });
const IsNotBeforeFrom = () =>
  ValidateBy({
    name: 'isNotBeforeFrom',
    validator: {
      validate: (value: unknown, args) => {
        const from = (args?.object as { from?: unknown }).from;
        if (typeof value !== 'string' || Number.isNaN(reportTime(from))) return true; // each bound is checked on its own too
        return reportEnd(value) > reportTime(from);
      },
      defaultMessage: () => 'to must come after from',
    },
  });

/** A report over a period of business time, optionally as it stood at a past moment. */
@ArgsType()
export class ReportQueryDto {
  /** Inclusive. */
  @ReportBoundField({ optional: true, description: 'Start of the period, inclusive: a UTC day (2024-01-01) or a zoned time.' })
  @IsOptional()
  @IsReportTime()
  from?: string;
  /** Exclusive for a time; a day counts whole. */
  @ReportBoundField({ optional: true, description: 'End of the period: a UTC day counts whole; a zoned time is exclusive.' })
  @IsOptional()
  @IsReportTime()
  @IsNotBeforeFrom()
  to?: string;
  @ZonedTimeField({ optional: true, description: 'The answer as of this business time; absent for the live answer.' })
  @IsOptional()
  @IsZonedTime()
  asOf?: string;
  @ZonedTimeField({ optional: true, description: AS_KNOWN_AT_DESCRIPTION }) @IsOptional() @IsZonedTime() asKnownAt?: string;
  @MinPositionField() minPosition?: number;
}

/** The period as normalised UTC bounds, [from, to). */
export function periodOf({ from, to }: ReportQueryDto): { from?: string; to?: string } {
  return {
    ...(from === undefined ? {} : { from: new Date(reportTime(from)).toISOString() }),
    ...(to === undefined ? {} : { to: new Date(reportEnd(to)).toISOString() }),
  };
}

const normalisedTime = (time: string | undefined): string | undefined => (time === undefined ? undefined : new Date(parseZonedTime(time)).toISOString());

/** A query's two clocks as normalised UTC times, business time (asOf) and record time (asKnownAt), and the position it waits for. */
export const historicalBounds = ({ asOf, asKnownAt, minPosition }: { asOf?: string; asKnownAt?: string; minPosition?: number }): HistoricalBounds => ({
  ...(asOf === undefined ? {} : { asOf: normalisedTime(asOf) }),
  ...(asKnownAt === undefined ? {} : { asKnownAt: normalisedTime(asKnownAt) }),
  ...(minPosition === undefined ? {} : { minPosition }),
});

@ArgsType()
export class PipelineQueryDto extends ReportQueryDto {
  @EnumField(DepartmentEnum, { optional: true, description: "Only leads of this department (their first contact's rep's)." })
  @IsOptional()
  @IsIn(DEPARTMENTS)
  department?: Department;
  @IdField({ optional: true, description: 'Only leads owned by this rep.' }) @IsOptional() @IsId() repId?: string;
  @EnumField(PipelineGroupByEnum, { optional: true, description: 'What a row is per (default rep).' })
  @IsOptional()
  @IsIn(['rep', 'department'])
  groupBy?: 'rep' | 'department';
}

@ArgsType()
export class RetentionQueryDto extends ReportQueryDto {
  @IntField({
    optional: true,
    minimum: 1,
    maximum: 3650,
    description: 'A client without an order for this many days is at risk (default LEDGER_AT_RISK_DAYS).',
  })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(3650)
  atRiskDays?: number;
}

@ArgsType()
export class RevenueQueryDto extends ReportQueryDto {
  @EnumField(RevenueGroupByEnum, { optional: true, description: 'What a row is per (default department).' })
  @IsOptional()
  @IsIn(['department', 'rep'])
  groupBy?: 'department' | 'rep';
  @EnumField(DepartmentEnum, { optional: true, description: 'Only orders credited to this department.' })
  @IsOptional()
  @IsIn(DEPARTMENTS)
  department?: Department;
}

/** GET /v1/clients: the directory, filtered, a page at a time in client id order. */
export class ListClientsQueryDto extends AsOfQueryDto {
  @EnumField(ClientStatusEnum, { optional: true }) @IsOptional() @IsIn(['active', 'lost']) status?: 'active' | 'lost';
  @EnumField(DepartmentEnum, { optional: true, description: 'The department that owns the client now (or at asOf).' })
  @IsOptional()
  @IsIn(DEPARTMENTS)
  owningDepartment?: Department;
  @IdField({ optional: true, description: 'The employee who owns the client now (or at asOf).' }) @IsOptional() @IsId() ownerId?: string;
  @TextField({ optional: true, maxLength: 1_024, description: "The previous page's nextCursor, unchanged; another value is CURSOR_INVALID." })
  @IsOptional()
  @IsString()
  @MaxLength(1_024)
  after?: string;
  @IntField({ optional: true, minimum: 1, maximum: MAX_CLIENTS_PAGE, description: `Clients per page (default ${DEFAULT_CLIENTS_PAGE}).` })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_CLIENTS_PAGE)
  limit?: number;
}

/** GET /v1/audit/handoffs and GraphQL `handoffs`: the audit trail's filters, over a period of business time like the reports. */
@ArgsType()
export class HandoffsQueryDto extends ReportQueryDto {
  @IdField({ optional: true }) @IsOptional() @IsId() clientId?: string;
  @IdField({ optional: true, description: 'Handoffs this employee gave, received, or did as the acting user.' }) @IsOptional() @IsId() employeeId?: string;
  @EnumField(DepartmentEnum, { optional: true, description: 'Handoffs from or to this department.' })
  @IsOptional()
  @IsIn(DEPARTMENTS)
  department?: Department;
}
