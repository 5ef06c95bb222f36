import { CONTACT_CHANNELS, DEPARTMENTS, isKnownCurrency, parseZonedTime, ROLES, type ContactChannel, type Department, type Role } from '@ledger/domain';
import { applyDecorators, BadRequestException, type PipeTransform } from '@nestjs/common';
import { Type } from 'class-transformer';
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

/** Ids become part of stream names, so they keep to a safe alphabet. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
const ID_RULE = 'must be 1-128 characters: letters, digits and . _ : @ - (starting with a letter or digit)';

const IsId = () => applyDecorators(IsString(), Matches(ID_PATTERN, { message: `$property ${ID_RULE}` }));
const IsText = (max: number) => applyDecorators(IsString(), IsNotEmpty(), MaxLength(max));
/** ISO 8601 with a zone: a time without one means different moments in different offices. */
const IsZonedTime = () =>
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

export class MoneyDto {
  @IsDefined()
  @IsInt({ message: 'amount must be an integer number of minor units (e.g. 1999 for 19.99)' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amount!: number;

  @IsDefined()
  @IsKnownCurrency()
  currency!: string;
}

/** Commands may carry their business time, so history can be imported. */
class CommandDto {
  @IsOptional()
  @IsZonedTime()
  occurredAt?: string;
}

export class AddEmployeeDto extends CommandDto {
  @IsId() employeeId!: string;
  @IsText(200) name!: string;
  @IsIn(DEPARTMENTS) department!: Department;
  @IsIn(ROLES) role!: Role;
}

export class RemoveEmployeeDto extends CommandDto {
  @IsOptionalNullable() @IsText(1000) reason?: string | null;
}

export class SetCommissionPlanDto extends CommandDto {
  @IsIn(DEPARTMENTS) department!: Department;
  @IsInt() @Min(0) @Max(10_000) rateBasisPoints!: number;
  @IsDefined() @IsZonedTime() effectiveFrom!: string;
}

export class ContactLeadDto extends CommandDto {
  @IsId() repId!: string;
  @IsOptionalNullable() @IsText(200) company?: string | null;
  @IsIn(CONTACT_CHANNELS) channel!: ContactChannel;
  @IsText(200) outcome!: string;
  @IsOptionalNullable() @IsString() @MaxLength(4000) note?: string | null;
}

export class LoseLeadDto extends CommandDto {
  @IsText(1000) reason!: string;
}

export class OrderDto {
  @IsId() orderId!: string;
  @IsDefined() @ValidateNested() @Type(() => MoneyDto) total!: MoneyDto;
}

export class WinClientDto extends CommandDto {
  @IsId() clientId!: string;
  @IsId() leadId!: string;
  @IsId() repId!: string;
  @IsDefined() @ValidateNested() @Type(() => OrderDto) firstOrder!: OrderDto;
}

export class PlaceReorderDto extends CommandDto {
  @IsId() orderId!: string;
  @IsDefined() @ValidateNested() @Type(() => MoneyDto) total!: MoneyDto;
  @IsId() takenBy!: string;
}

export class HandOffClientDto extends CommandDto {
  @IsId() toManagerId!: string;
  @IsText(1000) reason!: string;
}

export class EscalateKeyAccountDto extends CommandDto {
  @IsId() ownerId!: string;
  @IsText(1000) reason!: string;
}

export class LoseClientDto extends CommandDto {
  @IsText(1000) reason!: string;
  @IsOptionalNullable() @IsText(200) competitor?: string | null;
}

export class AsOfQueryDto {
  @IsOptional() @IsZonedTime() asOf?: string;
}

export class EventsQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) after?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
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
class ReportQueryDto {
  /** Inclusive. */
  @IsOptional() @IsReportTime() from?: string;
  /** Exclusive for a time; a day counts whole. */
  @IsOptional() @IsReportTime() @IsNotBeforeFrom() to?: string;
  @IsOptional() @IsZonedTime() asOf?: string;
}

/** The period as normalised UTC bounds, [from, to). */
export function periodOf({ from, to }: ReportQueryDto): { from?: string; to?: string } {
  return {
    ...(from === undefined ? {} : { from: new Date(reportTime(from)).toISOString() }),
    ...(to === undefined ? {} : { to: new Date(reportEnd(to)).toISOString() }),
  };
}

export const normalisedAsOf = (asOf: string | undefined): string | undefined => (asOf === undefined ? undefined : new Date(parseZonedTime(asOf)).toISOString());

export class PipelineQueryDto extends ReportQueryDto {
  @IsOptional() @IsIn(DEPARTMENTS) department?: Department;
  @IsOptional() @IsId() repId?: string;
  @IsOptional() @IsIn(['rep', 'department']) groupBy?: 'rep' | 'department';
}

export class RetentionQueryDto extends ReportQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3650) atRiskDays?: number;
}

export class RevenueQueryDto extends ReportQueryDto {
  @IsOptional() @IsIn(['department', 'rep']) groupBy?: 'department' | 'rep';
  @IsOptional() @IsIn(DEPARTMENTS) department?: Department;
}
