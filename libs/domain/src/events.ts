import type { ClientEvent } from './client/client';
import type { CommissionPlanEvent } from './commission-plan/commission-plan';
import type { EmployeeEvent } from './employee/employee';
import type { LeadEvent } from './lead/lead';
import { isId } from './shared/id';
import { type Department, DEPARTMENTS } from './shared/organisation';

/** Every event the ledger records. */
export type LedgerEvent = EmployeeEvent | CommissionPlanEvent | LeadEvent | ClientEvent;
export type LedgerEventType = LedgerEvent['type'];

/** The schema version of each event's data; bump it when a shape changes and keep an upcaster. */
export const EVENT_SCHEMA_VERSIONS: Readonly<Record<LedgerEventType, number>> = {
  EmployeeJoined: 1,
  EmployeeLeft: 1,
  CommissionPlanSet: 1,
  LeadContacted: 1,
  LeadLost: 1,
  LeadConverted: 1,
  ClientWon: 1,
  ReorderPlaced: 1,
  ClientHandedToClientDepartment: 1,
  KeyAccountEscalated: 1,
  ClientLost: 1,
};

export const LEDGER_EVENT_TYPES = Object.keys(EVENT_SCHEMA_VERSIONS) as LedgerEventType[];

/** One naming scheme for streams, shared by every adapter and query. */
export const streamIds = {
  lead: (leadId: string) => `lead-${leadId}`,
  client: (clientId: string) => `client-${clientId}`,
  employee: (employeeId: string) => `employee-${employeeId}`,
  commissionPlan: (department: Department) => `commission-plan-${department}`,
};

/** The streams of one kind of object, by the prefix streamIds gives their names. */
const OBJECT_STREAM_PREFIXES = ['lead-', 'client-', 'employee-'] as const;

/** Whether `name` is a stream name streamIds makes (an object's stream with a valid id, or a department's plans). */
export function isLedgerStreamId(name: string): boolean {
  if (DEPARTMENTS.some((department) => name === streamIds.commissionPlan(department))) return true;
  const prefix = OBJECT_STREAM_PREFIXES.find((candidate) => name.startsWith(candidate));
  return prefix !== undefined && isId(name.slice(prefix.length));
}

/** The shapes of the names isLedgerStreamId accepts, in words, for a refusal. */
export const LEDGER_STREAM_NAMES = `lead-<id>, client-<id>, employee-<id> or ${DEPARTMENTS.map((department) => streamIds.commissionPlan(department)).join(', ')}`;
