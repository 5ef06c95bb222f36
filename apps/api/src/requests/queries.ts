import type { Department } from '@ledger/domain';
import { type EventFilter, TEXT_RULES } from '@ledger/ledger';
import { CLIENT_SORT_KEYS, DEFAULT_CLIENTS_PAGE, type ListingOrder, MAX_CLIENTS_PAGE, MAX_CURSOR_LENGTH } from '@ledger/projections';
import { ArgsType } from '@nestjs/graphql';

import { ClientStatusEnum, DepartmentEnum, EventTypeEnum, PipelineGroupByEnum, RevenueGroupByEnum } from '../contract/enums';
import {
  type ContractFieldOptions,
  EnumField,
  EnumListField,
  IdField,
  IntField,
  LedgerStreamIdField,
  OpaqueTextField,
  ReportBoundField,
  SafeIntField,
  SortField,
  TextField,
  TimeZoneField,
  ZonedTimeField,
} from '../contract/fields';
import { IsNotBeforeFrom } from '../contract/validators';
import { CLIENT_EXPANSIONS, type ClientExpansion, ExpandField, LEAD_EXPANSIONS, type LeadExpansion } from './expand';

// The reads' parameters: each class is at once the REST query string, the
// GraphQL arguments and the OpenAPI parameters, declared and checked by the
// contract's field decorators.

const AS_KNOWN_AT_DESCRIPTION =
  'The answer as the ledger knew it at this record time: only events recorded by then count, so history imported later does not change it. Combines with asOf.';

/** The header twin of the `minPosition` parameter, for any read over REST and every GraphQL operation. */
export const MIN_POSITION_HEADER = 'Ledger-Min-Position';

/** Read your writes on any API process: the parameter, and the header `MIN_POSITION_HEADER` that does the same. */
export const MIN_POSITION_DESCRIPTION =
  "Answer only once the read models have stored the log up to this position (every command's answer carries its position): read your writes, whichever API process answers. Waits up to LEDGER_READ_WAIT_MS, then 503 READ_MODEL_BEHIND. The header Ledger-Min-Position does the same.";

/** A read's position to wait for: one declaration for the query parameter and the GraphQL argument. */
const MinPositionField = () => SafeIntField({ optional: true, minimum: 0, fromQueryString: true, description: MIN_POSITION_DESCRIPTION });

@ArgsType()
export class AsOfQueryDto {
  @ZonedTimeField({ optional: true, description: 'The answer as of this business time; absent for now.' }) asOf?: string;
  @ZonedTimeField({ optional: true, description: AS_KNOWN_AT_DESCRIPTION }) asKnownAt?: string;
  @MinPositionField() minPosition?: number;
}

export const DEFAULT_EVENT_PAGE_SIZE = 100;

/** A filter by stream, for reading the log and for following it. */
export const STREAM_FILTER_DESCRIPTION =
  'Only events of this stream, by the name the ledger gives it (client-acme, lead-l-1, employee-anna, commission-plan-sales); another name is VALIDATION_FAILED.';
export const MAX_EVENT_PAGE_SIZE = 1000;

@ArgsType()
export class EventsQueryDto {
  @SafeIntField({
    optional: true,
    minimum: 0,
    fromQueryString: true,
    description: 'Read the events after this global position (0: from the start).',
  })
  after?: number;
  @SafeIntField({
    optional: true,
    minimum: 0,
    fromQueryString: true,
    description: 'Read up to and including this global position (default: the head when the read starts).',
  })
  upTo?: number;
  @IntField({
    optional: true,
    minimum: 1,
    maximum: MAX_EVENT_PAGE_SIZE,
    fromQueryString: true,
    description: `Events per JSON page, at most ${MAX_EVENT_PAGE_SIZE} (default ${DEFAULT_EVENT_PAGE_SIZE}); NDJSON and CSV stream the whole range.`,
  })
  limit?: number;

  // The filters: a page holds up to `limit` matching events, and `nextAfter` reads on past the last one examined.
  @LedgerStreamIdField({ optional: true, description: STREAM_FILTER_DESCRIPTION }) streamId?: string;
  @EnumListField(EventTypeEnum, {
    optional: true,
    description: 'Only events of these types (REST: repeat the parameter or separate by commas).',
  })
  type?: string[];
  @ZonedTimeField({ optional: true, description: 'Only events recorded at or after this record time.' }) recordedFrom?: string;
  @ZonedTimeField({ optional: true, description: 'Only events recorded at or before this record time.' }) recordedTo?: string;
  @ZonedTimeField({ optional: true, description: 'Only events that occurred at or after this business time.' }) occurredFrom?: string;
  @ZonedTimeField({ optional: true, description: 'Only events that occurred at or before this business time.' }) occurredTo?: string;
}

/** The filters of GET /v1/events as the ledger reads them. */
export function eventFilterOf({ streamId, type, recordedFrom, recordedTo, occurredFrom, occurredTo }: EventsQueryDto): EventFilter {
  return { streamId, types: type, recordedFrom, recordedTo, occurredFrom, occurredTo };
}

/** A report over a period of business time, optionally as it stood at a past moment. */
@ArgsType()
export class ReportQueryDto {
  /** Inclusive. */
  @ReportBoundField({
    optional: true,
    description: 'Start of the period, inclusive: a day (2024-01-01, from its start in timeZone) or a zoned time.',
  })
  from?: string;
  /** Exclusive for a time; a day counts whole. */
  @ReportBoundField({ optional: true, description: 'End of the period: a day (in timeZone) counts whole; a zoned time is exclusive.' })
  @IsNotBeforeFrom()
  to?: string;
  @TimeZoneField({
    optional: true,
    description: "IANA time zone of the report's days and months (default LEDGER_TIME_ZONE, the company's); the answer names it.",
  })
  timeZone?: string;
  @ZonedTimeField({ optional: true, description: 'The answer as of this business time; absent for the live answer.' }) asOf?: string;
  @ZonedTimeField({ optional: true, description: AS_KNOWN_AT_DESCRIPTION }) asKnownAt?: string;
  @MinPositionField() minPosition?: number;
}

@ArgsType()
export class PipelineQueryDto extends ReportQueryDto {
  @EnumField(DepartmentEnum, { optional: true, description: "Only leads of this department (their first contact's rep's)." })
  department?: Department;
  @IdField({ optional: true, description: 'Only leads owned by this rep.' }) repId?: string;
  @EnumField(PipelineGroupByEnum, { optional: true, description: 'What a row is per (default rep).' }) groupBy?: 'rep' | 'department';
}

@ArgsType()
export class RetentionQueryDto extends ReportQueryDto {
  @IntField({
    optional: true,
    minimum: 1,
    maximum: 3650,
    fromQueryString: true,
    description: 'A client without an order for this many days is at risk (default LEDGER_AT_RISK_DAYS).',
  })
  atRiskDays?: number;
}

@ArgsType()
export class RevenueQueryDto extends ReportQueryDto {
  @EnumField(RevenueGroupByEnum, { optional: true, description: 'What a row is per (default department).' }) groupBy?: 'department' | 'rep';
  @EnumField(DepartmentEnum, { optional: true, description: 'Only orders credited to this department.' }) department?: Department;
}

// The client directory's filters and paging, for the REST query string and the GraphQL filter and arguments.
export const ClientStatusFilterField = () => EnumField(ClientStatusEnum, { optional: true });
export const OwningDepartmentFilterField = () =>
  EnumField(DepartmentEnum, { optional: true, description: 'The department that owns the client now (or at asOf).' });
/** Every list's `after`: the cursor a page gave out, opaque. */
export const ListCursorField = () =>
  OpaqueTextField({
    optional: true,
    maxLength: MAX_CURSOR_LENGTH,
    description:
      "The previous page's nextCursor, unchanged; another value (or one of a list sorted, filtered or searched otherwise) is CURSOR_INVALID.",
  });
export const ClientsCursorField = ListCursorField;
/** Every list's page size. */
export const PageSizeField = (
  items: string,
  { defaultSize, maximum }: { defaultSize: number; maximum: number },
  options: ContractFieldOptions = {},
) =>
  IntField({
    optional: true,
    minimum: 1,
    maximum,
    fromQueryString: true,
    description: `${items} per page (default ${defaultSize}).`,
    ...options,
  });
/** A list's search: case-insensitive text within what `within` names. */
export const SearchField = (within: string) =>
  TextField({
    rule: TEXT_RULES.search,
    optional: true,
    description: `Only items with this text (case-insensitive) within ${within}; empty searches nothing.`,
  });
export const ClientsPageSizeField = (options: ContractFieldOptions = {}) =>
  PageSizeField('Clients', { defaultSize: DEFAULT_CLIENTS_PAGE, maximum: MAX_CLIENTS_PAGE }, options);
export const ClientsSearchField = () => SearchField('the company or the client id');

/** GET /v1/clients: the directory, filtered, a page at a time in client id order. */
export class ListClientsQueryDto extends AsOfQueryDto {
  @ClientStatusFilterField() status?: 'active' | 'lost';
  @OwningDepartmentFilterField() owningDepartment?: Department;
  @IdField({ optional: true, description: 'The employee who owns the client now (or at asOf).' }) ownerId?: string;
  @ClientsSearchField() search?: string;
  @SortField(CLIENT_SORT_KEYS, { optional: true, description: 'A sort key, `-` before it for descending (default clientId).' })
  sort?: string;
  @ClientsCursorField() after?: string;
  @ClientsPageSizeField() limit?: number;
  @ExpandField(CLIENT_EXPANSIONS) expand?: ClientExpansion[];
}

/** GET /v1/clients/:clientId: as of a time, with the objects it points at if asked. */
export class ClientQueryDto extends AsOfQueryDto {
  @ExpandField(CLIENT_EXPANSIONS) expand?: ClientExpansion[];
}

/** GET /v1/leads/:leadId: as of a time, with the objects it points at if asked. */
export class LeadQueryDto extends AsOfQueryDto {
  @ExpandField(LEAD_EXPANSIONS) expand?: LeadExpansion[];
}

/** A REST `sort` value as the list's order: `key` ascending, `-key` descending. */
export function sortOf<Key extends string>(sort: string | undefined): ListingOrder<Key> | undefined {
  if (sort === undefined) return undefined;
  return sort.startsWith('-') ? { key: sort.slice(1) as Key, direction: 'desc' } : { key: sort as Key, direction: 'asc' };
}

/** GET /v1/audit/handoffs and GraphQL `handoffs`: the audit trail's filters, over a period of business time like the reports. */
@ArgsType()
export class HandoffsQueryDto extends ReportQueryDto {
  @IdField({ optional: true }) clientId?: string;
  @IdField({ optional: true, description: 'Handoffs this employee gave, received, or did as the acting user.' }) employeeId?: string;
  @EnumField(DepartmentEnum, { optional: true, description: 'Handoffs from or to this department.' }) department?: Department;
}
