import type { ClientState, Department, EmployeeState, LeadState, Role } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';

import type { LedgerFailure } from '../application/ledger-error';

/** The roles a token or API key may carry: who the caller is to the ledger. */
export const ACCESS_ROLES = ['rep', 'head', 'manager', 'key_account_owner', 'analyst', 'auditor', 'admin'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

export const isAccessRole = (value: unknown): value is AccessRole =>
  typeof value === 'string' && (ACCESS_ROLES as readonly string[]).includes(value);

const STAFF: readonly AccessRole[] = ['rep', 'head', 'manager', 'key_account_owner', 'analyst', 'admin'];
const LOG_READERS: readonly AccessRole[] = [...STAFF, 'auditor'];

/**
 * Every operation of the public API (REST route or GraphQL field) and the roles
 * that may call it. Both transports name their operations from this table, so a
 * route without a rule cannot be declared. Rules that depend on the data (a rep
 * acts as themselves and works their own leads, a reorder is the owning
 * department's, a head acts for their own department) are the functions below,
 * asked by the command handlers through AccessPolicy.
 */
export const OPERATION_ROLES = {
  // Organisation: heads manage their own department's reps and managers; admins any, and appoint heads.
  addEmployee: ['head', 'admin'],
  removeEmployee: ['head', 'admin'],
  setCommissionPlan: ['head', 'admin'],
  // Sales work: reps as themselves on their own leads, heads for their department.
  contactLead: ['rep', 'head', 'admin'],
  loseLead: ['rep', 'head', 'admin'],
  winClient: ['rep', 'head', 'admin'],
  // The department looking after a client (a key account: its owner) takes its reorders, as themselves.
  placeReorder: ['rep', 'manager', 'key_account_owner', 'head', 'admin'],
  handOffClient: ['head', 'admin'],
  escalateKeyAccount: ['head', 'admin'],
  loseClient: ['head', 'admin'],
  // Reading the business: everyone but auditors, whose view is the log, the audit trail and the state of the one
  // client or lead whose trail they trace (as of any time), not the directories or reports.
  client: LOG_READERS,
  clients: STAFF,
  lead: LOG_READERS,
  employee: STAFF,
  // Changes to clients and leads as a screen draws them (GraphQL subscriptions).
  clientChanged: STAFF,
  leadChanged: STAFF,
  employees: STAFF,
  leads: STAFF,
  // Who the caller is: anyone with credentials.
  viewer: ACCESS_ROLES,
  // Any object by its global id (GraphQL); what it may name is read by staff only.
  node: STAFF,
  pipeline: STAFF,
  retention: STAFF,
  revenue: STAFF,
  // The log itself and the audit views.
  clientEvents: LOG_READERS,
  events: LOG_READERS,
  eventAppended: LOG_READERS,
  handoffs: LOG_READERS,
  verifyLog: ['analyst', 'auditor', 'admin'],
  // The auditors' evidence (ADR 0013): signed checkpoints of the Merkle tree over the log, proofs against them, bundles.
  makeCheckpoint: ['auditor', 'admin'],
  checkpoints: ['auditor', 'admin'],
  inclusionProof: ['auditor', 'admin'],
  consistencyProof: ['auditor', 'admin'],
  evidenceBundle: ['auditor', 'admin'],
  // Bringing years of another system's history in: an administrator's job.
  importHistory: ['admin'],
  // Read models: analysts rebuild them (it writes no event), admins too.
  projectionStatus: ['analyst', 'admin'],
  policyStatus: ['analyst', 'auditor', 'admin'],
  rebuildProjection: ['analyst', 'admin'],
  // Checking the stored read models against the log: its answer shows stored rows, so auditors and admins only.
  checkReadModels: ['auditor', 'admin'],
  // Prometheus metrics (GET /metrics): volumes and lags, no business data, but not for the public either.
  metrics: ['analyst', 'admin'],
} as const satisfies Record<string, readonly AccessRole[]>;

export type Operation = keyof typeof OPERATION_ROLES;
export const OPERATIONS = Object.keys(OPERATION_ROLES) as Operation[];

/** Operations one transport cannot carry well: a live feed is GraphQL's, a file upload REST's. */
export const GRAPHQL_ONLY_OPERATIONS: readonly Operation[] = ['eventAppended', 'clientChanged', 'leadChanged', 'node'];
export const REST_ONLY_OPERATIONS: readonly Operation[] = [
  'importHistory',
  'metrics',
  // Signing a checkpoint writes no event: no command payload to answer over GraphQL.
  'makeCheckpoint',
];

export const mayCall = (role: AccessRole, operation: Operation): boolean =>
  (OPERATION_ROLES[operation] as readonly AccessRole[]).includes(role);

/** Roles whose people record work only as themselves. */
const ACT_AS_THEMSELVES: readonly AccessRole[] = ['rep', 'manager', 'key_account_owner'];
const HEAD_ROLES = new Set(['head', 'assistant_head']);

const forbidden = (message: string, field?: string): LedgerFailure => ({ code: 'FORBIDDEN', message, ...(field ? { field } : {}) });

/**
 * May the actor record work done by `employeeId` (the rep of a contact, the
 * taker of an order)? Reps, managers and key-account owners only as
 * themselves; heads for people of their own department; admins for anyone.
 * Returns the refusal, or undefined when allowed.
 */
export function refuseActingFor(
  actor: Actor,
  actorEmployee: EmployeeState | undefined,
  employeeId: string,
  employee: EmployeeState,
  field: string,
): LedgerFailure | undefined {
  if (actor.type === 'policy' || actor.role === 'admin') return undefined;
  const role = actor.role as AccessRole;
  if (ACT_AS_THEMSELVES.includes(role)) {
    return actor.id === employeeId
      ? undefined
      : forbidden(`a ${role} records work as themselves: ${field} must be ${actor.id}, not ${employeeId}`, field);
  }
  if (role === 'head') {
    const headRefusal = refuseUnlessHead(actor, actorEmployee);
    if (headRefusal) return headRefusal;
    if (employee.status === 'active' && employee.department !== actorEmployee!.department) {
      return forbidden(
        `head ${actor.id} acts for the ${actorEmployee!.department} department; ${employeeId} works in ${employee.department}`,
        field,
      );
    }
    return undefined;
  }
  return forbidden(`the role ${role ?? 'none'} may not record work for others`, field);
}

/** May the actor manage the given department (its people, its plans, its handoffs)? Heads their own; admins any. */
export function refuseManagingDepartment(
  actor: Actor,
  actorEmployee: EmployeeState | undefined,
  departments: readonly Department[],
  field?: string,
): LedgerFailure | undefined {
  if (actor.type === 'policy' || actor.role === 'admin') return undefined;
  if (actor.role !== 'head') return forbidden(`the role ${actor.role ?? 'none'} may not manage a department`, field);
  const headRefusal = refuseUnlessHead(actor, actorEmployee);
  if (headRefusal) return headRefusal;
  const department = actorEmployee!.department!;
  return departments.includes(department)
    ? undefined
    : forbidden(`head ${actor.id} manages the ${department} department, not ${departments.join(' or ')}`, field);
}

/** A head token is honoured for an active employee the ledger records as a head. */
function refuseUnlessHead(actor: Extract<Actor, { type: 'user' }>, actorEmployee: EmployeeState | undefined): LedgerFailure | undefined {
  if (actorEmployee?.status !== 'active') return forbidden(`${actor.id} is not an active employee, so cannot act as a head`);
  if (!HEAD_ROLES.has(actorEmployee.role!)) return forbidden(`${actor.id} is recorded as a ${actorEmployee.role}, not a head`);
  return undefined;
}

/**
 * May the actor win or lose this lead? Its owner (the rep of its first contact)
 * works it; leads are the sales department's, so its heads work any of them
 * (crediting a win to one of their reps when the owner cannot close it).
 * A lead nobody contacted has no owner: the ledger refuses it as such.
 */
export function refuseWorkingLead(
  actor: Actor,
  actorEmployee: EmployeeState | undefined,
  lead: LeadState,
  field: string,
): LedgerFailure | undefined {
  if (actor.type === 'policy' || actor.role === 'admin' || lead.ownerId === undefined) return undefined;
  if (actor.role === 'head') return refuseManagingDepartment(actor, actorEmployee, ['sales'], field);
  if (actor.id === lead.ownerId) return undefined;
  return forbidden(`lead ${lead.leadId} is ${lead.ownerId}'s (the rep of its first contact): a rep works only their own leads`, field);
}

/**
 * May this reorder be recorded as taken by `takerId`? A client's reorders are
 * taken by people of the department looking after it; a key account's by its
 * owner, or a head of its department covering for them. Admins and policies
 * record any. A client not yet won is the ledger's to refuse.
 */
export function refuseTakingReorder(actor: Actor, takerId: string, taker: EmployeeState, client: ClientState): LedgerFailure | undefined {
  if (actor.type === 'policy' || actor.role === 'admin' || client.status === 'none') return undefined;
  const department = client.owningDepartment!;
  if (client.keyAccount) {
    const coveringHead = taker.department === department && HEAD_ROLES.has(taker.role!);
    return takerId === client.ownerId || coveringHead
      ? undefined
      : forbidden(
          `client ${client.clientId} is a key account: its owner ${client.ownerId} takes its reorders (or a head of ${department}), not ${takerId}`,
          'takenBy',
        );
  }
  return taker.department === department
    ? undefined
    : forbidden(
        `client ${client.clientId} is looked after by the ${department} department; ${takerId} works in ${taker.department ?? 'no department'}`,
        'takenBy',
      );
}

/** May the actor add or remove an employee of this department in this role? Heads their own department's reps and managers; only admins heads. */
export function refuseManagingEmployee(
  actor: Actor,
  actorEmployee: EmployeeState | undefined,
  department: Department,
  role: Role | undefined,
): LedgerFailure | undefined {
  const refusal = refuseManagingDepartment(actor, actorEmployee, [department], 'department');
  if (refusal || actor.type === 'policy' || actor.role === 'admin') return refusal;
  return role !== undefined && HEAD_ROLES.has(role)
    ? forbidden(`only an admin appoints or removes a head; ${role} is a head's role`, 'role')
    : undefined;
}
