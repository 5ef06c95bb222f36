import { CONTACT_CHANNELS, DEPARTMENTS, KNOWN_CURRENCY_CODES, LEDGER_EVENT_TYPES, ROLES } from '@ledger/domain';
import { ACCESS_ROLES } from '@ledger/ledger';
import { CLIENT_SORT_KEYS, EMPLOYEE_SORT_KEYS, LEAD_SORT_KEYS } from '@ledger/projections';
import { registerEnumType } from '@nestjs/graphql';

/** A closed set of values, named once for GraphQL (registerEnumType) and OpenAPI (enumName). */
export interface ContractEnum<V extends string> {
  readonly name: string;
  readonly values: readonly V[];
  /** The enum object GraphQL resolves against: each value is its own name, so both APIs carry the same strings. */
  readonly ref: Readonly<Record<V, V>>;
}

function contractEnum<const V extends string>(name: string, values: readonly V[], description: string): ContractEnum<V> {
  const ref = Object.fromEntries(values.map((value) => [value, value])) as Record<V, V>;
  registerEnumType(ref, { name, description });
  return { name, values, ref };
}

// From the domain's own lists, so a value added there reaches both schemas.
export const DepartmentEnum = contractEnum('Department', DEPARTMENTS, 'A department of the sales organisation.');
export const EmployeeRoleEnum = contractEnum('EmployeeRole', ROLES, "An employee's role in their department.");
export const ContactChannelEnum = contractEnum('ContactChannel', CONTACT_CHANNELS, 'How a rep reached a prospect.');
export const CurrencyCodeEnum = contractEnum('CurrencyCode', KNOWN_CURRENCY_CODES, 'An ISO 4217 currency code the ledger knows.');
export const EventTypeEnum = contractEnum('EventType', LEDGER_EVENT_TYPES, 'The kind of an event the ledger records.');

export const EmployeeStatusEnum = contractEnum(
  'EmployeeStatus',
  ['active', 'left'],
  'An employee is active from joining until they leave.',
);
export const ClientStatusEnum = contractEnum('ClientStatus', ['active', 'lost'], 'A won client is active until it is lost.');
export const OrderKindEnum = contractEnum('OrderKind', ['first', 'reorder'], 'The first order wins the client; later ones are reorders.');
export const LeadStageEnum = contractEnum('LeadStage', ['open', 'won', 'lost'], 'A lead is open from its first contact until won or lost.');
export const PipelineGroupByEnum = contractEnum('PipelineGroupBy', ['rep', 'department'], "What a pipeline row's key is.");
export const RevenueGroupByEnum = contractEnum('RevenueGroupBy', ['department', 'rep'], "What a revenue row's key is.");
export const ProjectionStateEnum = contractEnum(
  'ProjectionState',
  ['live', 'failed', 'stopped', 'elsewhere'],
  'Whether a read model or policy follows the log (`elsewhere`: another API process over the same database runs it).',
);
export const ActorTypeEnum = contractEnum('ActorType', ['user', 'policy'], 'Who caused an event: a person in a role, or a named policy.');
export const HandoffKindEnum = contractEnum(
  'HandoffKind',
  ['handoff', 'escalation'],
  'A handoff to the client department, or an escalation.',
);
export const ReactionsStateEnum = contractEnum(
  'ReactionsState',
  ['complete', 'pending', 'elsewhere'],
  "How complete a mutation's reactions are: `complete` (the policies, run by this process, had decided on the command's events: none will follow), `pending` (not within the wait: more may follow), `elsewhere` (another API process runs them): follow the pointer.",
);
export const AccessRoleEnum = contractEnum('AccessRole', ACCESS_ROLES, 'What credentials allow (see the access table).');
export const SortDirectionEnum = contractEnum('SortDirection', ['asc', 'desc'], 'Ascending or descending.');
export const ClientSortKeyEnum = contractEnum(
  'ClientSortKey',
  CLIENT_SORT_KEYS,
  'What the client directory sorts by; the client id breaks ties.',
);
export const EmployeeSortKeyEnum = contractEnum(
  'EmployeeSortKey',
  EMPLOYEE_SORT_KEYS,
  'What the employee directory sorts by; the employee id breaks ties.',
);
export const LeadSortKeyEnum = contractEnum('LeadSortKey', LEAD_SORT_KEYS, 'What the lead list sorts by; the lead id breaks ties.');
