import { type Department, EVENT_SCHEMA_VERSIONS, LEDGER_EVENT_TYPES, type LedgerEventType, streamIds } from '@ledger/domain';

import { type CommandType, type FieldIssue, id as idCheck, type ImportCommand, validateCommand, zonedTime } from './row-validation';

/**
 * An exported event (a line of GET /v1/events as NDJSON, or a row of its CSV)
 * is imported as the command that records it: the ledger decides it afresh,
 * with every rule, and the event it decides must be the one the line shows.
 */
interface Translation {
  readonly command: CommandType;
  /** The data fields that are the command's input. */
  readonly input: readonly string[];
  /** The data fields the ledger works out itself (from the stream or the employee); compared, not taken. */
  readonly derived: readonly string[];
  /** The stream the event belongs to, from its data. */
  readonly stream: (data: Record<string, unknown>) => string;
}

const lead = (data: Record<string, unknown>) => streamIds.lead(String(data.leadId));
const client = (data: Record<string, unknown>) => streamIds.client(String(data.clientId));
const employee = (data: Record<string, unknown>) => streamIds.employee(String(data.employeeId));

const TRANSLATIONS: Readonly<Record<Exclude<LedgerEventType, 'LeadConverted'>, Translation>> = {
  EmployeeJoined: { command: 'addEmployee', input: ['employeeId', 'name', 'department', 'role'], derived: [], stream: employee },
  EmployeeLeft: { command: 'removeEmployee', input: ['employeeId', 'reason'], derived: [], stream: employee },
  CommissionPlanSet: {
    command: 'setCommissionPlan',
    input: ['department', 'rateBasisPoints', 'effectiveFrom'],
    derived: [],
    stream: (data) => streamIds.commissionPlan(data.department as Department),
  },
  LeadContacted: { command: 'contactLead', input: ['leadId', 'repId', 'company', 'channel', 'outcome', 'note'], derived: [], stream: lead },
  LeadLost: { command: 'loseLead', input: ['leadId', 'reason'], derived: [], stream: lead },
  ClientWon: { command: 'winClient', input: ['clientId', 'leadId', 'repId', 'firstOrder'], derived: ['department'], stream: client },
  ReorderPlaced: {
    command: 'placeReorder',
    input: ['clientId', 'orderId', 'total', 'takenBy'],
    derived: ['creditedDepartment', 'creditedOwnerId'],
    stream: client,
  },
  ClientHandedToClientDepartment: {
    command: 'handOffClient',
    input: ['clientId', 'toManagerId', 'reason'],
    derived: ['fromDepartment', 'fromOwnerId', 'toDepartment'],
    stream: client,
  },
  KeyAccountEscalated: {
    command: 'escalateKeyAccount',
    input: ['clientId', 'ownerId', 'reason'],
    derived: ['fromDepartment', 'fromOwnerId', 'ownerDepartment'],
    stream: client,
  },
  ClientLost: { command: 'loseClient', input: ['clientId', 'reason', 'competitor'], derived: [], stream: client },
};

export const isEventType = (value: unknown): value is LedgerEventType =>
  typeof value === 'string' && (LEDGER_EVENT_TYPES as readonly string[]).includes(value);

/** The members of an exported event; the ones beside type, occurredAt, data and eventId are where the old ledger kept it. */
const EVENT_LINE_MEMBERS = new Set([
  'eventId',
  'type',
  'schemaVersion',
  'streamId',
  'revision',
  'position',
  'occurredAt',
  'recordedAt',
  'data',
  'metadata',
]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An event line read: the command that records it, or (LeadConverted) the conversion a later ClientWon makes. */
export type EventLine =
  | {
      readonly kind: 'command';
      readonly command: ImportCommand;
      readonly eventId?: string;
      /** The event as the line shows it, occurredAt normalised. */
      readonly recorded: { readonly type: string; readonly occurredAt: string; readonly data: Record<string, unknown> };
    }
  | { readonly kind: 'conversion'; readonly leadId: string; readonly clientId: string; readonly eventId?: string };

/** Names a field of the event's command as the line names it: data.<field>, occurredAt itself. */
export const eventLineField = (field: string): string => (field === 'occurredAt' ? 'occurredAt' : `data.${field}`);

export function readEventLine(line: Record<string, unknown>): { event?: EventLine; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const type = line.type as LedgerEventType;
  for (const key of Object.keys(line))
    if (!EVENT_LINE_MEMBERS.has(key)) issues.push({ code: 'VALIDATION_FAILED', field: key, message: `property ${key} should not exist` });
  const { eventId, schemaVersion, data } = line;
  if (eventId !== undefined && (typeof eventId !== 'string' || !UUID.test(eventId))) {
    issues.push({ code: 'VALIDATION_FAILED', field: 'eventId', message: 'eventId must be a UUID' });
  }
  if (schemaVersion !== undefined && schemaVersion !== EVENT_SCHEMA_VERSIONS[type]) {
    issues.push({
      code: 'VALIDATION_FAILED',
      field: 'schemaVersion',
      message: `${type} has schema version ${EVENT_SCHEMA_VERSIONS[type]}, not ${JSON.stringify(schemaVersion)}`,
    });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    issues.push({ code: 'VALIDATION_FAILED', field: 'data', message: 'data must be a JSON object' });
    return { issues };
  }
  const fields = data as Record<string, unknown>;
  const id = eventId as string | undefined;

  if (type === 'LeadConverted') {
    // Not a command of its own: the ClientWon that follows it in the file makes it, as the win does.
    for (const key of Object.keys(fields)) if (key !== 'leadId' && key !== 'clientId') issues.push(unknownData(key));
    const leadId = idCheck(fields.leadId, 'data.leadId', issues);
    const clientId = idCheck(fields.clientId, 'data.clientId', issues);
    if (line.occurredAt === undefined) issues.push({ code: 'VALIDATION_FAILED', field: 'occurredAt', message: 'occurredAt is required' });
    else zonedTime(line.occurredAt, 'occurredAt', issues);
    if (issues.length === 0) checkStream(line, streamIds.lead(leadId), issues);
    return issues.length > 0 ? { issues } : { event: { kind: 'conversion', leadId, clientId, eventId: id }, issues };
  }

  const translation = TRANSLATIONS[type];
  const known = new Set([...translation.input, ...translation.derived]);
  for (const key of Object.keys(fields)) if (!known.has(key)) issues.push(unknownData(key));
  for (const key of translation.derived)
    if (fields[key] === undefined) issues.push({ code: 'VALIDATION_FAILED', field: `data.${key}`, message: `data.${key} is required` });
  const input: Record<string, unknown> = { occurredAt: line.occurredAt };
  for (const key of translation.input) input[key] = fields[key];
  const { command, issues: own } = validateCommand(translation.command, input);
  issues.push(...own.map(onData));
  if (issues.length > 0 || !command) return { issues };
  checkStream(line, translation.stream(fields), issues);
  if (issues.length > 0) return { issues };
  return { event: { kind: 'command', command, eventId: id, recorded: { type, occurredAt: command.occurredAt, data: fields } }, issues };
}

const onData = (issue: FieldIssue): FieldIssue => (issue.field === undefined ? issue : { ...issue, field: eventLineField(issue.field) });
const unknownData = (key: string): FieldIssue => ({
  code: 'VALIDATION_FAILED',
  field: `data.${key}`,
  message: `property data.${key} should not exist`,
});

function checkStream(line: Record<string, unknown>, expected: string, issues: FieldIssue[]): void {
  if (line.streamId !== undefined && line.streamId !== expected) {
    issues.push({
      code: 'VALIDATION_FAILED',
      field: 'streamId',
      message: `a ${String(line.type)} with this data belongs to ${expected}, not ${JSON.stringify(line.streamId)}`,
    });
  }
}
