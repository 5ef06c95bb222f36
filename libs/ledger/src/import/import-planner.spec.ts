import { DEFAULT_EARLIEST_OCCURRED_AT, DEFAULT_MAX_CLOCK_SKEW_MS } from '@ledger/domain';
import type { EventMetadata, RecordedEvent } from '@ledger/event-store';

import { type ImportFormat, parseImportFile } from './import-file';
import { ImportPlanner, type PlannedAppend } from './import-planner';

const metadata: EventMetadata = {
  actor: { type: 'user', id: 'importer', role: 'admin' },
  correlationId: 'import-1',
  causationId: 'import-1',
};
const NOW = new Date('2024-06-01T12:00:00.000Z');

/** Given the ledger's streams, when the file is decided row by row: what is refused, what would be appended. */
function plan(content: string, format: ImportFormat, ledger: Record<string, RecordedEvent[]> = {}) {
  const parsed = parseImportFile(content, format);
  expect(parsed.invalid).toEqual([]);
  const planner = new ImportPlanner({
    recorded: (streamId) => ledger[streamId] ?? [],
    context: { now: NOW, maxClockSkewMs: DEFAULT_MAX_CLOCK_SKEW_MS, earliestOccurredAt: DEFAULT_EARLIEST_OCCURRED_AT },
    metadata,
  });
  const invalid = parsed.valid.flatMap((row) => planner.decide(row) ?? []);
  return { invalid, appends: planner.appends(), alreadyPresent: planner.alreadyPresent, events: planner.events };
}

/** The appends as the ledger would record them, to feed a second import as "the ledger". */
function recordedFrom(appends: PlannedAppend[]): Record<string, RecordedEvent[]> {
  let position = 0;
  return Object.fromEntries(
    appends.map(({ streamId, events }) => [
      streamId,
      events.map((event, revision) => ({ ...event, streamId, revision, position: ++position, recordedAt: NOW.toISOString() })),
    ]),
  );
}

const ndjson = (...rows: object[]) => rows.map((row) => JSON.stringify(row)).join('\n');
const at = (day: number) => `2024-02-${String(day).padStart(2, '0')}T10:00:00.000Z`;
const person = (employeeId: string, department: string, role = 'rep') => ({
  type: 'addEmployee',
  occurredAt: '2024-01-01T08:00:00Z',
  employeeId,
  name: employeeId,
  department,
  role,
});
const contact = (leadId: string, day: number, repId = 'anna') => ({
  type: 'contactLead',
  occurredAt: at(day),
  leadId,
  repId,
  company: `${leadId} Ltd`,
  channel: 'call',
  outcome: 'interested',
});
const win = (clientId: string, day: number, repId = 'anna') => ({
  type: 'winClient',
  occurredAt: at(day),
  clientId,
  leadId: clientId,
  repId,
  firstOrder: { orderId: `${clientId}-1`, total: { amount: 10_000, currency: 'EUR' } },
});
const reorder = (clientId: string, orderId: string, day: number, takenBy = 'anna') => ({
  type: 'placeReorder',
  occurredAt: at(day),
  clientId,
  orderId,
  total: { amount: 500, currency: 'EUR' },
  takenBy,
});
const organisation = [person('anna', 'sales'), person('carl', 'client', 'manager')];

describe('deciding an import with the ledger’s rules', () => {
  it('appends once per stream, in the order the streams were first written, at the revision each was read', () => {
    const { invalid, appends } = plan(
      ndjson(
        ...organisation,
        contact('acme', 1),
        win('acme', 2),
        reorder('acme', 'acme-2', 3),
        contact('beta', 4),
        reorder('acme', 'acme-3', 5),
      ),
      'ndjson',
    );
    expect(invalid).toEqual([]);
    expect(
      appends.map(({ streamId, expectedRevision, events }) => [streamId, expectedRevision, events.map((event) => event.type)]),
    ).toEqual([
      ['employee-anna', 'no_stream', ['EmployeeJoined']],
      ['employee-carl', 'no_stream', ['EmployeeJoined']],
      ['lead-acme', 'no_stream', ['LeadContacted', 'LeadConverted']],
      ['client-acme', 'no_stream', ['ClientWon', 'ReorderPlaced', 'ReorderPlaced']],
      ['lead-beta', 'no_stream', ['LeadContacted']],
    ]);
    expect(appends[3]!.events[1]).toMatchObject({
      occurredAt: at(3),
      data: { creditedDepartment: 'sales', creditedOwnerId: 'anna' },
      metadata,
    });
  });

  it('puts the lead and the client of a win in adjacent appends marked to be stored together, the lead split off when it is further back', () => {
    const { invalid, appends } = plan(
      ndjson(
        organisation[0]!,
        contact('acme', 1),
        contact('beta', 2),
        win('acme', 3),
        win('beta', 4),
        reorder('acme', 'acme-2', 5),
        contact('gamma', 6),
        win('gamma', 7),
      ),
      'ndjson',
    );
    expect(invalid).toEqual([]);
    expect(
      appends.map(({ streamId, expectedRevision, events, togetherWithNext }) => [
        streamId,
        expectedRevision,
        events.map((event) => event.type),
        togetherWithNext,
      ]),
    ).toEqual([
      ['employee-anna', 'no_stream', ['EmployeeJoined'], false],
      ['lead-acme', 'no_stream', ['LeadContacted'], false],
      ['lead-beta', 'no_stream', ['LeadContacted'], false],
      ['lead-acme', 0, ['LeadConverted'], true],
      ['client-acme', 'no_stream', ['ClientWon', 'ReorderPlaced'], false],
      ['lead-beta', 0, ['LeadConverted'], true],
      ['client-beta', 'no_stream', ['ClientWon'], false],
      // gamma's open append is the last one planned when it is won: the conversion joins it.
      ['lead-gamma', 'no_stream', ['LeadContacted', 'LeadConverted'], true],
      ['client-gamma', 'no_stream', ['ClientWon'], false],
    ]);
  });

  it('appends an employee who joins again at that row, so the leads before it stay with the department they were contacted in', () => {
    const { invalid, appends } = plan(
      ndjson(
        person('anna', 'sales'),
        contact('acme', 1),
        { type: 'removeEmployee', occurredAt: at(2), employeeId: 'anna', reason: 'moved' },
        { ...person('anna', 'client', 'manager'), occurredAt: at(3) },
        contact('beta', 4),
      ),
      'ndjson',
    );
    expect(invalid).toEqual([{ line: 5, code: 'EMPLOYEE_NOT_IN_SALES_DEPARTMENT', field: 'repId', message: expect.any(String) }]);
    expect(
      appends.map(({ streamId, expectedRevision, events }) => [streamId, expectedRevision, events.map((event) => event.type)]),
    ).toEqual([
      ['employee-anna', 'no_stream', ['EmployeeJoined', 'EmployeeLeft']],
      ['lead-acme', 'no_stream', ['LeadContacted']],
      ['employee-anna', 1, ['EmployeeJoined']],
    ]);
  });

  it('refuses, by line with the domain’s code, a reorder before the win, a duplicate order id, time running backwards and an unknown employee', () => {
    const { invalid } = plan(
      ndjson(
        ...organisation,
        reorder('acme', 'early', 1),
        contact('acme', 1),
        win('acme', 2),
        reorder('acme', 'acme-2', 3),
        reorder('acme', 'acme-2', 4),
        reorder('acme', 'acme-late', 2),
        reorder('acme', 'acme-4', 5, 'nobody'),
        win('ghost', 6),
        { type: 'handOffClient', occurredAt: at(7), clientId: 'acme', toManagerId: 'anna', reason: 'repeat' },
      ),
      'ndjson',
    );
    expect(invalid).toEqual([
      { line: 3, code: 'CLIENT_NOT_FOUND', message: 'client acme has not been won' },
      { line: 7, code: 'ORDER_ALREADY_PLACED', field: 'orderId', message: 'order acme-2 is already recorded for client acme' },
      {
        line: 8,
        code: 'OCCURRED_AT_BACKWARDS',
        field: 'occurredAt',
        message: expect.stringContaining("precedes the stream's latest event"),
      },
      { line: 9, code: 'EMPLOYEE_UNKNOWN', field: 'takenBy', message: 'takenBy nobody is not an active employee' },
      { line: 10, code: 'LEAD_NOT_CONTACTED', field: 'leadId', message: 'lead ghost has never been contacted' },
      { line: 11, code: 'EMPLOYEE_NOT_IN_CLIENT_DEPARTMENT', field: 'toManagerId', message: expect.any(String) },
    ]);
  });

  it('decides the rows after a refused one as if it were not in the file', () => {
    const { invalid, appends } = plan(
      ndjson(organisation[0]!, contact('acme', 1), { ...win('acme', 2), repId: 'carl' }, reorder('acme', 'acme-2', 3)),
      'ndjson',
    );
    expect(invalid.map(({ line, code }) => [line, code])).toEqual([
      [3, 'EMPLOYEE_UNKNOWN'],
      [4, 'CLIENT_NOT_FOUND'],
    ]);
    // The refused win converted no lead: its two streams are written together or not at all.
    expect(appends.map((append) => append.streamId)).toEqual(['employee-anna', 'lead-acme']);
    expect(appends[1]!.events.map((event) => event.type)).toEqual(['LeadContacted']);
  });

  it('wins a client with its first CSV order, contacting its lead first, and takes later orders as reorders', () => {
    const file = [
      'client,orderId,occurredAt,amount,currency,rep',
      'acme,o-1,2024-02-01T10:00:00Z,125000,EUR,anna',
      'acme,o-2,2024-03-01T10:00:00Z,50000,EUR,anna',
      'acme,o-2,2024-03-02T10:00:00Z,50000,EUR,anna',
      'acme,o-0,2024-01-15T10:00:00Z,100,EUR,anna',
      'beta,b-1,2024-03-01T10:00:00Z,100,EUR,carl',
    ].join('\n');
    const { invalid, appends } = plan(file, 'csv', recordedFrom(plan(ndjson(...organisation), 'ndjson').appends));
    expect(invalid).toEqual([
      { line: 4, code: 'ORDER_ALREADY_PLACED', field: 'orderId', message: expect.any(String) },
      { line: 5, code: 'OCCURRED_AT_BACKWARDS', field: 'occurredAt', message: expect.any(String) },
      { line: 6, code: 'EMPLOYEE_NOT_IN_SALES_DEPARTMENT', field: 'rep', message: expect.any(String) },
    ]);
    expect(appends.map(({ streamId, events }) => [streamId, events.map((event) => event.type)])).toEqual([
      ['lead-acme', ['LeadContacted', 'LeadConverted']],
      ['client-acme', ['ClientWon', 'ReorderPlaced']],
    ]);
    expect(appends[0]!.events[0]!.data).toEqual({
      leadId: 'acme',
      repId: 'anna',
      company: 'acme',
      channel: 'other',
      outcome: 'imported order',
      note: null,
    });
  });

  it('recognises the rows the ledger holds already by their event ids: the same file again plans nothing', () => {
    const file = ndjson(...organisation, contact('acme', 1), win('acme', 2), reorder('acme', 'acme-2', 3));
    const first = plan(file, 'ndjson');
    const again = plan(file, 'ndjson', recordedFrom(first.appends));
    expect(first.events).toBe(6);
    expect(again).toMatchObject({ invalid: [], appends: [], alreadyPresent: 6, events: 0 });
    // A longer file that starts with the same rows appends only the new ones, after the revision it read.
    const longer = plan(`${file}\n${JSON.stringify(reorder('acme', 'acme-3', 4))}`, 'ndjson', recordedFrom(first.appends));
    expect(longer.appends.map(({ streamId, expectedRevision, events }) => [streamId, expectedRevision, events.length])).toEqual([
      ['client-acme', 1, 1],
    ]);
    expect(longer.alreadyPresent).toBe(6);
  });

  it('refuses an exported event that the ledger decides differently from the line', () => {
    const exported = {
      eventId: '0190a7c2-3f1e-7b4a-9c3e-5d2f1a0b6c7d',
      type: 'ReorderPlaced',
      occurredAt: at(3),
      data: {
        clientId: 'acme',
        orderId: 'acme-2',
        total: { amount: 500, currency: 'EUR' },
        takenBy: 'anna',
        creditedDepartment: 'client',
        creditedOwnerId: 'carl',
      },
    };
    const { invalid, appends } = plan(ndjson(...organisation, contact('acme', 1), win('acme', 2), exported), 'ndjson');
    expect(invalid).toEqual([
      { line: 5, code: 'EVENT_MISMATCH', field: 'data.creditedDepartment', message: expect.stringContaining('"sales"') },
    ]);
    expect(appends.find((append) => append.streamId === 'client-acme')!.events).toHaveLength(1);
  });

  it('refuses a time beyond the clock’s allowed skew', () => {
    const { invalid } = plan(ndjson({ ...person('anna', 'sales'), occurredAt: '2030-01-01T00:00:00Z' }), 'ndjson');
    expect(invalid).toEqual([{ line: 1, code: 'OCCURRED_AT_IN_FUTURE', field: 'occurredAt', message: expect.any(String) }]);
  });
});
