import { type EmployeesAnswer, employeesProjection, InvalidCursorError } from '..';
import { at, recordedLate } from '../testing/fold';
import { storedForSpecs } from '../testing/tables';

const joined = (time: string, employeeId: string, name: string, department: 'sales' | 'client', role: 'rep' | 'head' | 'manager') =>
  at(time, 'EmployeeJoined', { employeeId, name, department, role });
const left = (time: string, employeeId: string) => at(time, 'EmployeeLeft', { employeeId, reason: null });

// Anna (sales rep) leaves on 1 March and rejoins the client department on 1 May (recorded on 10 May);
// Bert heads sales; Carl manages clients; Åsa is a rep from 1 April.
const history = [
  joined('2024-01-01T08:00:00.000Z', 'anna', 'Anna Berg', 'sales', 'rep'),
  joined('2024-01-01T08:00:00.000Z', 'bert', 'bert Olsen', 'sales', 'head'),
  joined('2024-01-02T08:00:00.000Z', 'carl', 'Carl Lund', 'client', 'manager'),
  left('2024-03-01T08:00:00.000Z', 'anna'),
  joined('2024-04-01T08:00:00.000Z', 'asa', 'Åsa Berglund', 'sales', 'rep'),
  joined('2024-05-01T08:00:00.000Z', 'anna', 'Anna Berg', 'client', 'manager'),
];
const events = recordedLate(history, { 5: '2024-05-10T00:00:00.000Z' });

const { ask } = storedForSpecs(employeesProjection, events);
const idsOf = (answer: EmployeesAnswer) => answer.employees.map((employee) => employee.employeeId);

describe('employees projection', () => {
  it('lists everyone by name (case-insensitively), as their stream leaves them, with their revision', async () => {
    const answer = await ask({});
    expect(idsOf(answer)).toEqual(['anna', 'bert', 'carl', 'asa']);
    expect(answer.employees[0]).toEqual({
      employeeId: 'anna',
      name: 'Anna Berg',
      department: 'client',
      role: 'manager',
      status: 'active',
      joinedAt: '2024-05-01T08:00:00.000Z',
      leftAt: null,
      revision: 2,
    });
    expect(answer.total).toBe(4);
  });

  it('filters by department, role and status, and searches the name', async () => {
    expect(idsOf(await ask({ department: 'sales' }))).toEqual(['bert', 'asa']);
    expect(idsOf(await ask({ role: 'manager' }))).toEqual(['anna', 'carl']);
    expect(idsOf(await ask({ search: 'BERG' }))).toEqual(['anna', 'asa']);
    expect(idsOf(await ask({ search: 'åsa' }))).toEqual(['asa']);
    expect((await ask({ status: 'left' })).total).toBe(0);
  });

  it('as of 15 March: Anna had left sales, Åsa not joined yet', async () => {
    const answer = await ask({ status: 'left' }, { asOf: '2024-03-15T00:00:00.000Z' });
    expect(answer.employees).toEqual([
      {
        employeeId: 'anna',
        name: 'Anna Berg',
        department: 'sales',
        role: 'rep',
        status: 'left',
        joinedAt: '2024-01-01T08:00:00.000Z',
        leftAt: '2024-03-01T08:00:00.000Z',
        revision: 1,
      },
    ]);
    expect(idsOf(await ask({}, { asOf: '2024-03-15T00:00:00.000Z' }))).toEqual(['anna', 'bert', 'carl']);
  });

  it('as known on 5 May: the rejoining of 1 May was not recorded yet', async () => {
    expect(await ask({ department: 'client' }, { asKnownAt: '2024-05-05T00:00:00.000Z' })).toMatchObject({
      employees: [{ employeeId: 'carl' }],
      total: 1,
    });
    expect((await ask({ status: 'left' }, { asKnownAt: '2024-05-05T00:00:00.000Z' })).total).toBe(1);
  });

  it('pages by id descending to the end, and refuses the cursor under another sort or filter', async () => {
    const orderBy = { key: 'employeeId', direction: 'desc' } as const;
    const first = await ask({ orderBy, limit: 3 });
    expect([idsOf(first), first.total]).toEqual([['carl', 'bert', 'asa'], 4]);
    const last = await ask({ orderBy, limit: 3, after: first.nextCursor! });
    expect([idsOf(last), last.nextCursor]).toEqual([['anna'], null]);
    await expect(ask({ limit: 3, after: first.nextCursor! })).rejects.toThrow(InvalidCursorError);
    await expect(ask({ orderBy, department: 'sales', after: first.nextCursor! })).rejects.toThrow(InvalidCursorError);
  });
});
