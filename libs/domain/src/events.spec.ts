import { clientDecider } from './client/client';
import { commissionPlanDecider } from './commission-plan/commission-plan';
import { employeeDecider } from './employee/employee';
import { EVENT_SCHEMA_VERSIONS, isLedgerStreamId, LEDGER_EVENT_TYPES, type LedgerEvent, streamIds } from './events';
import { leadDecider } from './lead/lead';
import { type DecisionContext, DEFAULT_EARLIEST_OCCURRED_AT, DEFAULT_MAX_CLOCK_SKEW_MS } from './shared/business-time';
import { type Decider, fold } from './shared/decider';
import { SPEC_NOW } from './testing/given-when-then';

const context: DecisionContext = {
  now: SPEC_NOW,
  maxClockSkewMs: DEFAULT_MAX_CLOCK_SKEW_MS,
  earliestOccurredAt: DEFAULT_EARLIEST_OCCURRED_AT,
};

/** Runs commands one after another against a decider, as the store would, and returns every event decided. */
function play<Command, Event, State>(decider: Decider<Command, Event, State>, commands: Command[]): Event[] {
  const history: Event[] = [];
  for (const command of commands) {
    const result = decider.decide(command, fold(decider, history), context);
    if (!result.ok) throw new Error(`refused: ${result.failure.code} (${result.failure.message})`);
    history.push(...result.value);
  }
  return history;
}

const time = (day: number) => `2024-05-${String(day).padStart(2, '0')}T10:00:00.000Z`;
const EUR = (amount: number) => ({ amount, currency: 'EUR' });

// Every command of every decider, on its success path.
const produced: LedgerEvent[] = [
  ...play(employeeDecider, [
    { type: 'AddEmployee', occurredAt: time(1), data: { employeeId: 'anna', name: 'Anna', department: 'sales', role: 'rep' } },
    { type: 'RemoveEmployee', occurredAt: time(2), data: { employeeId: 'anna', reason: null } },
  ]),
  ...play(commissionPlanDecider, [
    { type: 'SetCommissionPlan', occurredAt: time(1), data: { department: 'sales', rateBasisPoints: 500, effectiveFrom: time(1) } },
  ]),
  ...play(leadDecider, [
    {
      type: 'ContactLead',
      occurredAt: time(1),
      data: { leadId: 'a', repId: 'anna', company: 'ACME', channel: 'call', outcome: 'keen', note: null },
    },
    { type: 'ConvertLead', occurredAt: time(2), data: { leadId: 'a', clientId: 'a' } },
  ]),
  ...play(leadDecider, [
    {
      type: 'ContactLead',
      occurredAt: time(1),
      data: { leadId: 'b', repId: 'anna', company: 'Globex', channel: 'email', outcome: 'cold', note: null },
    },
    { type: 'LoseLead', occurredAt: time(2), data: { leadId: 'b', reason: 'no budget' } },
  ]),
  ...play(clientDecider, [
    {
      type: 'WinClient',
      occurredAt: time(3),
      data: { clientId: 'a', leadId: 'a', repId: 'anna', firstOrder: { orderId: 'o-1', total: EUR(100) } },
    },
    { type: 'PlaceReorder', occurredAt: time(4), data: { clientId: 'a', orderId: 'o-2', total: EUR(50), takenBy: 'anna' } },
    { type: 'HandOffClient', occurredAt: time(5), data: { clientId: 'a', toManagerId: 'carl', reason: 'repeat buyer' } },
    {
      type: 'EscalateKeyAccount',
      occurredAt: time(6),
      data: { clientId: 'a', ownerId: 'kim', ownerDepartment: 'key_accounts', reason: 'big' },
    },
    { type: 'LoseClient', occurredAt: time(7), data: { clientId: 'a', reason: 'price', competitor: null } },
  ]),
];

describe('event catalogue', () => {
  it('every event type the deciders produce has a schema version', () => {
    const versions: Readonly<Record<string, number>> = EVENT_SCHEMA_VERSIONS;
    for (const event of produced)
      expect({ type: event.type, version: versions[event.type] }).toEqual({ type: event.type, version: expect.any(Number) });
  });

  it('every catalogued event type is produced by some decider: the catalogue lists nothing dead', () => {
    expect([...new Set(produced.map((event) => event.type))].sort()).toEqual([...LEDGER_EVENT_TYPES].sort());
  });

  it('names exactly the eleven events of the ledger', () => {
    expect([...LEDGER_EVENT_TYPES].sort()).toEqual([
      'ClientHandedToClientDepartment',
      'ClientLost',
      'ClientWon',
      'CommissionPlanSet',
      'EmployeeJoined',
      'EmployeeLeft',
      'KeyAccountEscalated',
      'LeadContacted',
      'LeadConverted',
      'LeadLost',
      'ReorderPlaced',
    ]);
  });

  it('every schema version is a whole number from 1', () => {
    for (const version of Object.values(EVENT_SCHEMA_VERSIONS)) {
      expect(Number.isInteger(version)).toBe(true);
      expect(version).toBeGreaterThanOrEqual(1);
    }
  });

  it('names streams by kind and id', () => {
    const names = [streamIds.lead('a'), streamIds.client('a'), streamIds.employee('a'), streamIds.commissionPlan('sales')];
    expect(names).toEqual(['lead-a', 'client-a', 'employee-a', 'commission-plan-sales']);
  });
});

describe('stream names a filter may ask for', () => {
  it('given the names streamIds makes, then each is a ledger stream name', () => {
    for (const name of [streamIds.client('acme'), streamIds.lead('l-1'), streamIds.employee('anna'), streamIds.commissionPlan('sales')])
      expect(isLedgerStreamId(name)).toBe(true);
  });

  it('given a bare id, an unknown prefix, an invalid id or an unknown department, then none is', () => {
    for (const name of ['acme', 'clients-acme', 'client-', 'client-a b', 'commission-plan-marketing', 'Client-acme'])
      expect(isLedgerStreamId(name)).toBe(false);
  });
});
