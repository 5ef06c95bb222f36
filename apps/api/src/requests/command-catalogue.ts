import {
  AddEmployeeCommand,
  type CommandAnswer,
  type CommandContext,
  ContactLeadCommand,
  EscalateKeyAccountCommand,
  HandOffClientCommand,
  LoseClientCommand,
  LoseLeadCommand,
  type Operation as OperationName,
  PlaceReorderCommand,
  RemoveEmployeeCommand,
  SetCommissionPlanCommand,
  WinClientCommand,
} from '@ledger/ledger';
import type { Type } from '@nestjs/common';
import type { Command } from '@nestjs/cqrs';

import {
  AddEmployeeDto,
  ContactLeadDto,
  EscalateKeyAccountDto,
  HandOffClientDto,
  LoseClientDto,
  LoseLeadDto,
  PlaceReorderDto,
  RemoveEmployeeDto,
  SetCommissionPlanDto,
  WinClientDto,
} from './commands';

/** The objects a command writes, by id: what a GraphQL payload shows as the command left them. */
export interface CommandTarget {
  readonly clientId?: string;
  readonly leadId?: string;
  readonly employeeId?: string;
}

/**
 * One command as both APIs offer it: a REST route (POST, the body; the id
 * of `on` in the path) and a GraphQL mutation (the `input` argument; the id
 * of `on` as an argument), both named after the operation.
 */
export interface LedgerCommandSpec {
  /** The REST operationId, the GraphQL mutation, the access table's key. */
  readonly operation: OperationName;
  /** What the command does (the mutation's description). */
  readonly description: string;
  /** The input: the REST body, the GraphQL `input`. */
  readonly body: Type;
  readonly command: new (input: never, context: CommandContext) => Command<CommandAnswer>;
  /** The one object the command is on: the name of its id, and the REST path below that id. */
  readonly on?: { readonly id: keyof CommandTarget; readonly below: string };
  /** Without `on`: the objects the input names. */
  readonly target?: (input: never) => CommandTarget;
  /** GraphQL's `input` may be left out (none of its fields is required). */
  readonly optionalInput?: boolean;
}

const onClient = (below: string) => ({ id: 'clientId', below }) as const;
const onLead = (below: string) => ({ id: 'leadId', below }) as const;

export const CLIENT_COMMANDS: readonly LedgerCommandSpec[] = [
  {
    operation: 'winClient',
    description: 'A contacted lead becomes a client with its first order (LeadConverted on the lead, ClientWon on the client).',
    body: WinClientDto,
    command: WinClientCommand,
    target: ({ clientId, leadId }: WinClientDto) => ({ clientId, leadId }),
  },
  {
    operation: 'placeReorder',
    description: 'A reorder, credited to the department and owner holding the client at its business time (ReorderPlaced).',
    body: PlaceReorderDto,
    command: PlaceReorderCommand,
    on: onClient('orders'),
  },
  {
    operation: 'handOffClient',
    description: 'The sales department hands the client to a client-department employee (ClientHandedToClientDepartment).',
    body: HandOffClientDto,
    command: HandOffClientCommand,
    on: onClient('handoff'),
  },
  {
    operation: 'escalateKeyAccount',
    description: 'The client becomes a key account with a named owner (KeyAccountEscalated).',
    body: EscalateKeyAccountDto,
    command: EscalateKeyAccountCommand,
    on: onClient('key-account'),
  },
  {
    operation: 'loseClient',
    description: 'The client is lost, perhaps to a competitor (ClientLost).',
    body: LoseClientDto,
    command: LoseClientCommand,
    on: onClient('loss'),
  },
];

export const LEAD_COMMANDS: readonly LedgerCommandSpec[] = [
  {
    operation: 'contactLead',
    description: 'A rep of the sales department reached a prospect (LeadContacted); the first contact opens the lead.',
    body: ContactLeadDto,
    command: ContactLeadCommand,
    on: onLead('contacts'),
  },
  {
    operation: 'loseLead',
    description: 'An open lead is lost, with the reason (LeadLost).',
    body: LoseLeadDto,
    command: LoseLeadCommand,
    on: onLead('loss'),
  },
];

export const EMPLOYEE_COMMANDS: readonly LedgerCommandSpec[] = [
  {
    operation: 'addEmployee',
    description: 'An employee joins a department in a role (EmployeeJoined).',
    body: AddEmployeeDto,
    command: AddEmployeeCommand,
    target: ({ employeeId }: AddEmployeeDto) => ({ employeeId }),
  },
  {
    operation: 'removeEmployee',
    description: 'An employee leaves (EmployeeLeft).',
    body: RemoveEmployeeDto,
    command: RemoveEmployeeCommand,
    on: { id: 'employeeId', below: 'departure' },
    optionalInput: true,
  },
];

export const COMMISSION_PLAN_COMMANDS: readonly LedgerCommandSpec[] = [
  {
    operation: 'setCommissionPlan',
    description: "A department's commission rate from a date on (CommissionPlanSet).",
    body: SetCommissionPlanDto,
    command: SetCommissionPlanCommand,
  },
];

/** Every command the APIs offer. */
export const LEDGER_COMMANDS: readonly LedgerCommandSpec[] = [
  ...EMPLOYEE_COMMANDS,
  ...COMMISSION_PLAN_COMMANDS,
  ...LEAD_COMMANDS,
  ...CLIENT_COMMANDS,
];
