import type { LedgerEvent } from '@ledger/domain';

import { at, recordedLate } from '../testing/fold';
import { storedForSpecs } from '../testing/tables';
import { type ClientsAnswer, clientsProjection, type ClientsQuery, encodeClientCursor, InvalidCursorError } from '.';

const contact = (time: string, leadId: string, company: string) =>
  at(time, 'LeadContacted', { leadId, repId: 'rep-a', company, channel: 'call', outcome: 'talked', note: null });
const won = (time: string, clientId: string, leadId: string) =>
  at(time, 'ClientWon', {
    clientId,
    leadId,
    repId: 'rep-a',
    department: 'sales',
    firstOrder: { orderId: `${clientId}-1`, total: { amount: 100, currency: 'EUR' } },
  });
const reorder = (time: string, clientId: string, orderId: string) =>
  at(time, 'ReorderPlaced', {
    clientId,
    orderId,
    total: { amount: 10, currency: 'EUR' },
    takenBy: 'rep-a',
    creditedDepartment: 'sales',
    creditedOwnerId: 'rep-a',
  });

// Four clients of four leads: lead-z renamed its company on a second contact; c-2's reorder of
// 20 March was recorded on 1 May; c-4 was won on 1 April, recorded on 2 April.
const history: LedgerEvent[] = [
  contact('2024-01-01T09:00:00.000Z', 'lead-z', 'Zeta Works'),
  contact('2024-01-02T09:00:00.000Z', 'lead-z', 'ACME Zeta'),
  contact('2024-01-03T09:00:00.000Z', 'lead-b', 'bravo & Söhne'),
  contact('2024-01-04T09:00:00.000Z', 'lead-m', 'Mike 100%'),
  contact('2024-01-05T09:00:00.000Z', 'lead-q', 'acme_quebec'),
  won('2024-02-01T10:00:00.000Z', 'c-1', 'lead-z'),
  won('2024-02-05T10:00:00.000Z', 'c-2', 'lead-b'),
  won('2024-02-10T10:00:00.000Z', 'c-3', 'lead-m'),
  reorder('2024-03-01T10:00:00.000Z', 'c-1', 'c-1-2'),
  reorder('2024-03-20T10:00:00.000Z', 'c-2', 'c-2-2'),
  won('2024-04-01T10:00:00.000Z', 'c-4', 'lead-q'),
];
const events = recordedLate(history, { 9: '2024-05-01T00:00:00.000Z', 10: '2024-04-02T00:00:00.000Z' });

const { ask } = storedForSpecs(clientsProjection, events);
const idsOf = (answer: ClientsAnswer) => answer.clients.map((client) => client.clientId);

/** Every client of the listing, a page of `limit` at a time, following the cursors to the end. */
async function allPages(query: ClientsQuery, limit: number, bounds: { asOf?: string; asKnownAt?: string } = {}): Promise<string[][]> {
  const pages: string[][] = [];
  let after: string | undefined;
  do {
    const page = await ask({ ...query, limit, ...(after === undefined ? {} : { after }) }, bounds);
    pages.push(idsOf(page));
    after = page.nextCursor ?? undefined;
  } while (after !== undefined);
  return pages;
}

describe('the client directory: company, search and sort keys', () => {
  it("names each client's company as its lead's latest contact named it", async () => {
    const answer = await ask({});
    expect(answer.clients.map((client) => [client.clientId, client.company])).toEqual([
      ['c-1', 'ACME Zeta'],
      ['c-2', 'bravo & Söhne'],
      ['c-3', 'Mike 100%'],
      ['c-4', 'acme_quebec'],
    ]);
  });

  it('searches the company and the client id, case-insensitively, counting only the matches', async () => {
    expect(await ask({ search: 'acme' })).toMatchObject({ total: 2, clients: [{ clientId: 'c-1' }, { clientId: 'c-4' }] });
    expect(idsOf(await ask({ search: 'SÖHNE' }))).toEqual(['c-2']);
    expect(idsOf(await ask({ search: 'C-3' }))).toEqual(['c-3']);
    // % and _ are letters of a search, not patterns.
    expect(idsOf(await ask({ search: '100%' }))).toEqual(['c-3']);
    expect(idsOf(await ask({ search: 'e_q' }))).toEqual(['c-4']);
    expect(idsOf(await ask({ search: 'e%q' }))).toEqual([]);
    expect((await ask({ search: '' })).total).toBe(4);
    expect(idsOf(await ask({ search: 'acme', status: 'active', ownerId: 'rep-a' }))).toEqual(['c-1', 'c-4']);
  });

  it.each([
    // Case-insensitive: "acme zeta" before "acme_quebec" (a space sorts before an underscore), then "bravo", "mike".
    [{ key: 'company', direction: 'asc' }, ['c-1', 'c-4', 'c-2', 'c-3']],
    [{ key: 'company', direction: 'desc' }, ['c-3', 'c-2', 'c-4', 'c-1']],
    [{ key: 'wonAt', direction: 'desc' }, ['c-4', 'c-3', 'c-2', 'c-1']],
    [{ key: 'lastOrderAt', direction: 'asc' }, ['c-3', 'c-1', 'c-2', 'c-4']],
    [{ key: 'clientId', direction: 'desc' }, ['c-4', 'c-3', 'c-2', 'c-1']],
  ] as const)('sorts by %j and pages through every client with its cursors', async (orderBy, expected) => {
    expect(idsOf(await ask({ orderBy }))).toEqual(expected);
    expect((await allPages({ orderBy }, 3)).flat()).toEqual(expected);
    expect(await allPages({ orderBy }, 1)).toEqual(expected.map((id) => [id]));
  });

  it('sorts and searches as of a business time and as the ledger knew it', async () => {
    const lastOrder = { key: 'lastOrderAt', direction: 'desc' } as const;
    // As of 10 March: c-2's reorder had not happened, c-4 not won.
    expect(await allPages({ orderBy: lastOrder }, 2, { asOf: '2024-03-10T00:00:00.000Z' })).toEqual([['c-1', 'c-3'], ['c-2']]);
    // Known on 15 April: c-4 won, c-2's reorder not recorded yet.
    expect((await allPages({ orderBy: lastOrder }, 2, { asKnownAt: '2024-04-15T00:00:00.000Z' })).flat()).toEqual([
      'c-4',
      'c-1',
      'c-3',
      'c-2',
    ]);
    expect((await allPages({ orderBy: lastOrder }, 2)).flat()).toEqual(['c-4', 'c-2', 'c-1', 'c-3']);
    expect(await ask({ search: 'acme' }, { asOf: '2024-03-31T00:00:00.000Z' })).toMatchObject({
      total: 1,
      clients: [{ company: 'ACME Zeta' }],
    });
  });

  it("refuses a cursor of another sort, filter or search, and a sorted listing's cursor in client id order", async () => {
    const byCompany = await ask({ orderBy: { key: 'company', direction: 'asc' }, limit: 1 });
    const cursor = byCompany.nextCursor!;
    expect(idsOf(await ask({ orderBy: { key: 'company', direction: 'asc' }, after: cursor }))).toEqual(['c-4', 'c-2', 'c-3']);
    for (const other of [
      { orderBy: { key: 'company', direction: 'desc' } },
      { orderBy: { key: 'wonAt', direction: 'asc' } },
      { orderBy: { key: 'company', direction: 'asc' }, status: 'active' },
      { orderBy: { key: 'company', direction: 'asc' }, search: 'a' },
      {},
    ] as ClientsQuery[]) {
      await expect(ask({ ...other, after: cursor })).rejects.toThrow(InvalidCursorError);
    }
    await expect(ask({ orderBy: { key: 'company', direction: 'asc' }, after: encodeClientCursor('c-1') })).rejects.toThrow(
      InvalidCursorError,
    );
    await expect(ask({ search: 'acme', after: encodeClientCursor('c-1') })).rejects.toThrow(InvalidCursorError);
  });
});
