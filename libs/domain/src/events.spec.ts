import { EVENT_SCHEMA_VERSIONS, LEDGER_EVENT_TYPES, streamIds } from './events';

describe('event catalogue', () => {
  it('names every event of the catalogue with a schema version', () => {
    expect([...LEDGER_EVENT_TYPES].sort()).toEqual(
      [
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
      ].sort(),
    );
    expect(Object.values(EVENT_SCHEMA_VERSIONS).every((version) => Number.isInteger(version) && version >= 1)).toBe(true);
  });

  it('names streams by kind and id', () => {
    expect([streamIds.lead('a'), streamIds.client('a'), streamIds.employee('a'), streamIds.commissionPlan('sales')]).toEqual([
      'lead-a',
      'client-a',
      'employee-a',
      'commission-plan-sales',
    ]);
  });
});
