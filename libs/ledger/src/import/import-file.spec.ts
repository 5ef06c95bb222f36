import { type ImportRow, parseImportFile } from './import-file';

const ndjson = (...rows: unknown[]) => rows.map((row) => (typeof row === 'string' ? row : JSON.stringify(row))).join('\n');
const csv = (...lines: string[]) => lines.join('\n');
const ORDERS_HEADER = 'client,orderId,occurredAt,amount,currency,rep';

const anna = {
  type: 'addEmployee',
  occurredAt: '2024-01-01T08:00:00Z',
  employeeId: 'anna',
  name: 'Anna Berg',
  department: 'sales',
  role: 'rep',
};
const win = {
  type: 'winClient',
  occurredAt: '2024-02-10T10:00:00+01:00',
  clientId: 'acme',
  leadId: 'acme',
  repId: 'anna',
  firstOrder: { orderId: 'o-1', total: { amount: 125_000, currency: 'EUR' } },
};

const idsOf = (row: ImportRow) => ({ main: row.eventId('main'), lead: row.eventId('lead') });

describe('reading an import file', () => {
  describe('NDJSON of commands', () => {
    it('reads each command by its operation name, times normalised to UTC, optional texts as null', () => {
      const parsed = parseImportFile(
        ndjson(anna, win, {
          type: 'contactLead',
          occurredAt: '2024-02-01T09:00:00Z',
          leadId: 'acme',
          repId: 'anna',
          company: 'ACME',
          channel: 'call',
          outcome: 'interested',
        }),
        'ndjson',
      );
      expect(parsed.invalid).toEqual([]);
      expect(parsed.rows).toBe(3);
      expect(parsed.valid.map((row) => [row.line, row.request])).toEqual([
        [1, { ...anna, occurredAt: '2024-01-01T08:00:00.000Z' }],
        [2, { ...win, occurredAt: '2024-02-10T09:00:00.000Z' }],
        [3, expect.objectContaining({ type: 'contactLead', note: null })],
      ]);
    });

    it('reports every bad field of every bad line, with the line number, the code and the field', () => {
      const parsed = parseImportFile(
        ndjson(
          anna,
          { ...win, occurredAt: '2024-02-30T10:00:00Z' },
          { ...win, firstOrder: { orderId: 'o-2', total: { amount: 19.99, currency: 'XXY' } } },
          '',
          '{"type": "placeReorder", oops',
          { type: 'placeReorder', clientId: 'acme', orderId: 'o-3', total: { amount: 100, currency: 'EUR' }, takenBy: 'anna' },
          { type: 'sellStuff', occurredAt: '2024-01-01T00:00:00Z' },
          { ...anna, department: 'marketing', nickname: 'A' },
          [1, 2],
        ),
        'ndjson',
      );
      expect(parsed.rows).toBe(8);
      expect(parsed.valid.map((row) => row.line)).toEqual([1]);
      expect(parsed.invalid).toEqual([
        { line: 2, code: 'OCCURRED_AT_INVALID', field: 'occurredAt', message: expect.stringContaining('ISO 8601 time with a zone') },
        { line: 3, code: 'MONEY_AMOUNT_NOT_INTEGER', field: 'firstOrder.total.amount', message: expect.any(String) },
        { line: 3, code: 'CURRENCY_UNKNOWN', field: 'firstOrder.total.currency', message: expect.stringContaining('"XXY"') },
        { line: 5, code: 'MALFORMED_JSON', message: expect.stringContaining('not JSON') },
        {
          line: 6,
          code: 'VALIDATION_FAILED',
          field: 'occurredAt',
          message: 'occurredAt is required: imported history keeps its business time',
        },
        { line: 7, code: 'VALIDATION_FAILED', field: 'type', message: expect.stringContaining('addEmployee') },
        { line: 8, code: 'VALIDATION_FAILED', field: 'department', message: expect.stringContaining('sales, client, key_accounts') },
        { line: 8, code: 'VALIDATION_FAILED', field: 'nickname', message: 'property nickname should not exist' },
        { line: 9, code: 'VALIDATION_FAILED', message: 'each line must be a JSON object with a type' },
      ]);
    });

    it('names the events of a row by its content: the same file gives the same ids, identical rows different ones', () => {
      const file = ndjson(anna, win, win);
      const [first, second] = [parseImportFile(file, 'ndjson'), parseImportFile(file, 'ndjson')];
      expect(first.valid.map(idsOf)).toEqual(second.valid.map(idsOf));
      expect(new Set(first.valid.map((row) => row.eventId('main'))).size).toBe(3);
      // The same instant written in another zone is the same row.
      const rewritten = parseImportFile(ndjson({ ...anna, occurredAt: '2024-01-01T09:00:00+01:00' }), 'ndjson');
      expect(rewritten.valid[0]!.eventId('main')).toBe(first.valid[0]!.eventId('main'));
    });
  });

  describe('NDJSON of exported events', () => {
    const exported = (type: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      eventId: `0190a7c2-3f1e-7b4a-9c3e-5d2f1a0b6c${String(Object.keys(extra).length + type.length).padStart(2, '0')}`,
      type,
      schemaVersion: 1,
      streamId: 'client-acme',
      revision: 0,
      position: 7,
      occurredAt: '2024-02-10T09:00:00.000Z',
      recordedAt: '2024-06-01T00:00:00.000Z',
      data,
      metadata: { actor: { type: 'user', id: 'anna', role: 'rep' }, correlationId: 'c', causationId: 'c' },
      ...extra,
    });
    const wonData = { clientId: 'acme', leadId: 'acme', repId: 'anna', department: 'sales', firstOrder: win.firstOrder };

    it('reads each event as the command that records it, keeping its event id; the ClientWon takes its LeadConverted id', () => {
      const converted = {
        ...exported('LeadConverted', { leadId: 'acme', clientId: 'acme' }, { streamId: 'lead-acme' }),
        eventId: '11111111-2222-4333-8444-555555555555',
      };
      const won = exported('ClientWon', wonData);
      const parsed = parseImportFile(ndjson(converted, won), 'ndjson');
      expect(parsed.invalid).toEqual([]);
      expect(parsed.rows).toBe(2);
      expect(parsed.valid).toHaveLength(1);
      const [row] = parsed.valid;
      expect(row!.request).toEqual({ ...win, occurredAt: '2024-02-10T09:00:00.000Z' });
      expect(idsOf(row!)).toEqual({ main: won.eventId, lead: converted.eventId });
      expect(row!.recorded).toEqual({ type: 'ClientWon', occurredAt: '2024-02-10T09:00:00.000Z', data: wonData });
      expect(row!.field('repId')).toBe('data.repId');
    });

    it('refuses what an export cannot hold: unknown data, a missing derived field, another schema version, a repeated id, a stray conversion', () => {
      const won = exported('ClientWon', wonData);
      const parsed = parseImportFile(
        ndjson(
          won,
          { ...won, position: 8 },
          exported('ReorderPlaced', {
            clientId: 'acme',
            orderId: 'o-2',
            total: { amount: 5, currency: 'EUR' },
            takenBy: 'anna',
            creditedDepartment: 'sales',
            bonus: 1,
          }),
          { ...exported('ClientLost', { clientId: 'acme', reason: 'price', competitor: null }), schemaVersion: 2 },
          exported('LeadConverted', { leadId: 'beta', clientId: 'beta' }, { streamId: 'lead-beta' }),
          { ...exported('LeadLost', { leadId: 'x', reason: 'price' }), streamId: 'lead-y' },
        ),
        'ndjson',
      );
      expect(parsed.valid.map((row) => row.line)).toEqual([1]);
      expect(parsed.invalid).toEqual([
        { line: 2, code: 'VALIDATION_FAILED', field: 'eventId', message: `eventId ${won.eventId} is on line 1 already` },
        { line: 3, code: 'VALIDATION_FAILED', field: 'data.bonus', message: 'property data.bonus should not exist' },
        { line: 3, code: 'VALIDATION_FAILED', field: 'data.creditedOwnerId', message: 'data.creditedOwnerId is required' },
        { line: 4, code: 'VALIDATION_FAILED', field: 'schemaVersion', message: 'ClientLost has schema version 1, not 2' },
        { line: 5, code: 'VALIDATION_FAILED', message: expect.stringContaining('has no ClientWon after it') },
        { line: 6, code: 'VALIDATION_FAILED', field: 'streamId', message: expect.stringContaining('belongs to lead-x') },
      ]);
    });
  });

  describe('CSV of orders', () => {
    it('reads each order, in the columns of the header in any order', () => {
      const parsed = parseImportFile(
        csv('rep,client,orderId,occurredAt,amount,currency', 'anna,acme,o-1,2024-02-01T10:00:00Z,125000,EUR', ''),
        'csv',
      );
      expect(parsed.invalid).toEqual([]);
      expect(parsed.valid.map((row) => [row.line, row.request])).toEqual([
        [
          2,
          {
            type: 'order',
            client: 'acme',
            orderId: 'o-1',
            occurredAt: '2024-02-01T10:00:00.000Z',
            total: { amount: 125_000, currency: 'EUR' },
            rep: 'anna',
          },
        ],
      ]);
      expect(parsed.valid[0]!.field('firstOrder.total.amount')).toBe('amount');
      expect(parsed.valid[0]!.field('takenBy')).toBe('rep');
    });

    it('reports bad dates, float and negative money, unknown currencies, bad ids and short lines by line and column', () => {
      const parsed = parseImportFile(
        csv(
          ORDERS_HEADER,
          'acme,o-1,2024-02-01T10:00:00Z,125000,EUR,anna',
          'acme,o-2,01/03/2024,5000,EUR,anna',
          'acme,o-3,2024-03-01 10:00:00,5000,EUR,anna',
          'acme,o-4,2024-03-02T10:00:00Z,12.50,EUR,anna',
          'acme,o-5,2024-03-03T10:00:00Z,-300,EUR,anna',
          'acme,o-6,2024-03-04T10:00:00Z,300,XXY,anna',
          'acme corp,o 7,2024-03-05T10:00:00Z,1e3,eur,',
          'acme,o-8,2024-03-06T10:00:00Z,300',
        ),
        'csv',
      );
      expect(parsed.rows).toBe(8);
      expect(parsed.valid.map((row) => row.line)).toEqual([2]);
      expect(parsed.invalid.map(({ line, code, field }) => [line, code, field])).toEqual([
        [3, 'OCCURRED_AT_INVALID', 'occurredAt'],
        [4, 'OCCURRED_AT_INVALID', 'occurredAt'],
        [5, 'MONEY_AMOUNT_NOT_INTEGER', 'amount'],
        [6, 'MONEY_AMOUNT_NEGATIVE', 'amount'],
        [7, 'CURRENCY_UNKNOWN', 'currency'],
        [8, 'VALIDATION_FAILED', 'client'],
        [8, 'VALIDATION_FAILED', 'orderId'],
        [8, 'MONEY_AMOUNT_NOT_INTEGER', 'amount'],
        [8, 'CURRENCY_UNKNOWN', 'currency'],
        [8, 'VALIDATION_FAILED', 'rep'],
        [9, 'MALFORMED_ROW', undefined],
      ]);
    });

    it('refuses a header that does not name the columns, saying which are missing and unknown', () => {
      const parsed = parseImportFile(csv('client,order,occurredAt,amount,currency,rep', 'acme,o-1,2024-02-01T10:00:00Z,1,EUR,anna'), 'csv');
      expect(parsed.valid).toEqual([]);
      expect(parsed.invalid).toEqual([
        { line: 1, code: 'MALFORMED_ROW', message: expect.stringMatching(/missing: orderId; unknown: order$/) },
      ]);
    });

    it('reads the event export’s CSV as exported events', () => {
      const header = 'position,eventId,streamId,revision,type,schemaVersion,occurredAt,recordedAt,actor,correlationId,causationId,data';
      const data = JSON.stringify({ employeeId: 'anna', name: 'Anna Berg', department: 'sales', role: 'rep' }).replace(/"/g, '""');
      const parsed = parseImportFile(
        csv(
          header,
          `1,0190a7c2-3f1e-7b4a-9c3e-5d2f1a0b6c7d,employee-anna,0,EmployeeJoined,1,2024-01-01T08:00:00.000Z,2024-06-01T00:00:00.000Z,"{}",c,c,"${data}"`,
        ),
        'csv',
      );
      expect(parsed.invalid).toEqual([]);
      expect(parsed.valid[0]!.request).toEqual({ ...anna, occurredAt: '2024-01-01T08:00:00.000Z' });
      expect(parsed.valid[0]!.eventId('main')).toBe('0190a7c2-3f1e-7b4a-9c3e-5d2f1a0b6c7d');
    });
  });
});
