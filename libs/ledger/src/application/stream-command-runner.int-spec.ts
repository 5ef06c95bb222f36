import { randomUUID } from 'node:crypto';

import { clientDecider, DEFAULT_EARLIEST_OCCURRED_AT, employeeDecider, fold, leadDecider, streamIds } from '@ledger/domain';
import { clientWon, EUR } from '@ledger/domain/testing/events';
import { type EventStore, type NewEvent, type ReadStreamOptions, SqliteEventStore } from '@ledger/event-store';

import type { CommandContext } from './command-context';
import { FoldedStreams, toDomainEvent } from './folded-streams';
import { LedgerError } from './ledger-error';
import { StreamCommandRunner } from './stream-command-runner';
import { StreamReader } from './stream-reader';

const now = new Date('2024-06-01T12:00:00.000Z');
const context: CommandContext = { actor: { type: 'user', id: 'rep-anna', role: 'rep' }, correlationId: 'corr-1' };
const stream = streamIds.client('acme');

const won = clientWon('acme', EUR(100), '2024-03-05T10:00:00.000Z');
const asNew = (event: { type: string; occurredAt: string; data: unknown }): NewEvent => ({
  ...event,
  eventId: randomUUID(),
  schemaVersion: 1,
  metadata: { actor: { type: 'user', id: 'other', role: null }, correlationId: 'x', causationId: 'x' },
});
const reorder = (orderId: string) => ({
  type: 'PlaceReorder' as const,
  occurredAt: '2024-05-01T00:00:00.000Z',
  data: { clientId: 'acme', orderId, total: { amount: 10, currency: 'EUR' }, takenBy: 'rep-anna' },
});
const reorderPlaced = (orderId: string) =>
  asNew({
    type: 'ReorderPlaced',
    occurredAt: '2024-04-01T00:00:00.000Z',
    data: {
      clientId: 'acme',
      orderId,
      total: { amount: 5, currency: 'EUR' },
      takenBy: 'x',
      creditedDepartment: 'sales',
      creditedOwnerId: 'rep-anna',
    },
  });

/** A real store in which another writer slips an append in after each of the first `times` reads. */
function withConcurrentWriter(store: SqliteEventStore, times: number): EventStore {
  let interruptions = 0;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'readStream') return Reflect.get(target, property, receiver);
      return async (streamId: string, options?: ReadStreamOptions) => {
        const events = await target.readStream(streamId, options);
        if (interruptions < times) {
          interruptions += 1;
          await target.append(streamId, [reorderPlaced(`theirs-${interruptions}`)], { expectedRevision: 'any' });
        }
        return events;
      };
    },
  });
}

describe('StreamCommandRunner', () => {
  let store: SqliteEventStore;
  beforeEach(async () => {
    store = SqliteEventStore.open({ path: ':memory:' });
    await store.append(stream, [asNew(won)], { expectedRevision: 'no_stream' });
  });
  afterEach(() => store.close());

  const runnerOver = (eventStore: EventStore, folded?: FoldedStreams) =>
    new StreamCommandRunner(
      eventStore,
      () => now,
      { maxClockSkewMs: 300_000, earliestOccurredAt: DEFAULT_EARLIEST_OCCURRED_AT, atRiskDays: 90 },
      undefined,
      folded,
    );

  it('decides a command without occurredAt at the moment of each attempt: one beaten by a later append is retried at a later moment, not refused as backwards', async () => {
    // The clock moves a millisecond at each reading; the other writer's reorder lands a moment after ours was first timed.
    let tick = 0;
    const clock = () => new Date(now.getTime() + tick++);
    const racing = new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'readStream') return Reflect.get(target, property, receiver);
        return async (streamId: string) => {
          const events = await target.readStream(streamId);
          if (tick === 0) {
            const theirs = { ...reorderPlaced('theirs'), occurredAt: new Date(now.getTime() + 5).toISOString() };
            await target.append(streamId, [theirs], { expectedRevision: 'any' });
            tick = 10;
          }
          return events;
        };
      },
    });
    const runner = new StreamCommandRunner(racing, clock, {
      maxClockSkewMs: 300_000,
      earliestOccurredAt: DEFAULT_EARLIEST_OCCURRED_AT,
      atRiskDays: 90,
    });
    const command = { ...reorder('mine'), occurredAt: undefined };
    const answer = await runner.execute({ streamId: stream, decider: clientDecider, command, context });
    const [, theirs, mine] = await store.readStream(stream);
    expect(answer.revision).toBe(2);
    expect(mine!.occurredAt > theirs!.occurredAt).toBe(true);
  });

  it('decides once more on fresh state when another writer got there first', async () => {
    const answer = await runnerOver(withConcurrentWriter(store, 1)).execute({
      streamId: stream,
      decider: clientDecider,
      command: reorder('mine'),
      context,
    });
    expect(answer.revision).toBe(2);
    const events = await store.readStream(stream);
    expect(events.map((e) => (e.data as { orderId?: string }).orderId)).toEqual([undefined, 'theirs-1', 'mine']);
  });

  it('answers CONCURRENCY_CONFLICT when the second decision clashes too, appending nothing of its own', async () => {
    const error = await runnerOver(withConcurrentWriter(store, 2))
      .execute({ streamId: stream, decider: clientDecider, command: reorder('mine'), context })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as LedgerError).failure.code).toBe('CONCURRENCY_CONFLICT');
    expect((await store.readStream(stream)).map((e) => (e.data as { orderId?: string }).orderId)).toEqual([
      undefined,
      'theirs-1',
      'theirs-2',
    ]);
  });

  it('does not retry when If-Match named the revision: the clash is the answer', async () => {
    const error = await runnerOver(withConcurrentWriter(store, 1))
      .execute({ streamId: stream, decider: clientDecider, command: reorder('mine'), context: { ...context, expectedRevision: 0 } })
      .catch((e: unknown) => e);
    expect((error as LedgerError).failure.code).toBe('CONCURRENCY_CONFLICT');
  });

  it('answers REVISION_MISMATCH before deciding when If-Match is stale', async () => {
    const error = await runnerOver(store)
      .execute({ streamId: stream, decider: clientDecider, command: reorder('mine'), context: { ...context, expectedRevision: 5 } })
      .catch((e: unknown) => e);
    expect((error as LedgerError).failure.code).toBe('REVISION_MISMATCH');
  });

  it("folds on from what it folded before, reading only the events since, another writer's among them", async () => {
    const ours = runnerOver(store);
    const theirs = runnerOver(store);
    await ours.execute({ streamId: stream, decider: clientDecider, command: reorder('o-2'), context });
    await theirs.execute({ streamId: stream, decider: clientDecider, command: reorder('o-3'), context });
    const read = jest.spyOn(store, 'readStream');
    await expect(ours.execute({ streamId: stream, decider: clientDecider, command: reorder('o-3'), context })).rejects.toMatchObject({
      failure: { code: 'ORDER_ALREADY_PLACED' },
    });
    // It folded its own o-2 on after appending it (revision 1): it reads only their o-3.
    expect(read).toHaveBeenLastCalledWith(stream, { fromRevision: 2 });
    const answer = await ours.execute({ streamId: stream, decider: clientDecider, command: reorder('o-4'), context });
    expect(answer.revision).toBe(3);
    expect((await store.readStream(stream)).map((event) => (event.data as { orderId?: string }).orderId ?? 'won')).toEqual([
      'won',
      'o-2',
      'o-3',
      'o-4',
    ]);
  });

  it("decides on the state it folded without reading the stream; another writer's append since makes it read and decide again, not a conflict", async () => {
    const ours = runnerOver(store);
    await ours.execute({ streamId: stream, decider: clientDecider, command: reorder('o-2'), context });
    const read = jest.spyOn(store, 'readStream');
    await ours.execute({ streamId: stream, decider: clientDecider, command: reorder('o-3'), context });
    expect(read).not.toHaveBeenCalled();
    await store.append(stream, [reorderPlaced('theirs')], { expectedRevision: 2 });
    const answer = await ours.execute({ streamId: stream, decider: clientDecider, command: reorder('o-4'), context });
    expect(answer.revision).toBe(4);
    expect(read.mock.calls).toEqual([[stream, { fromRevision: 3 }]]);
  });

  it('does not count the conflict of a decision on the unread state: a race after the read still gets its retry', async () => {
    const folded = new FoldedStreams();
    await runnerOver(store, folded).execute({ streamId: stream, decider: clientDecider, command: reorder('o-2'), context });
    await store.append(stream, [reorderPlaced('theirs')], { expectedRevision: 1 });
    // Another writer slips in after its first read too.
    const answer = await runnerOver(withConcurrentWriter(store, 1), folded).execute({
      streamId: stream,
      decider: clientDecider,
      command: reorder('o-3'),
      context,
    });
    expect(answer.revision).toBe(4);
  });

  it('refuses only on the stream as stored: a refusal on the folded state reads what was appended since', async () => {
    const ours = runnerOver(store);
    await ours.execute({ streamId: stream, decider: clientDecider, command: reorder('o-2'), context });
    const read = jest.spyOn(store, 'readStream');
    await expect(ours.execute({ streamId: stream, decider: clientDecider, command: reorder('o-2'), context })).rejects.toMatchObject({
      failure: { code: 'ORDER_ALREADY_PLACED' },
    });
    expect(read).toHaveBeenCalledWith(stream, { fromRevision: 2 });
  });

  it('remembers after its append the very state a fold of the stored stream gives', async () => {
    const folded = new FoldedStreams();
    const runner = runnerOver(store, folded);
    await runner.execute({ streamId: stream, decider: clientDecider, command: reorder('o-2'), context });
    await runner.execute({ streamId: stream, decider: clientDecider, command: reorder('o-3'), context });
    const stored = await store.readStream(stream);
    const known = folded.get(stream, clientDecider);
    expect(known?.state).toEqual(fold(clientDecider, stored.map(toDomainEvent)));
    expect(known?.revision).toBe(2);
  });

  it("reads an employee from where the process last folded them, and sees another writer's change", async () => {
    const employee = streamIds.employee('rep-anna');
    const joined = { employeeId: 'rep-anna', name: 'Anna', department: 'sales', role: 'rep' };
    await store.append(employee, [asNew({ type: 'EmployeeJoined', occurredAt: '2024-01-01T00:00:00.000Z', data: joined })], {
      expectedRevision: 'no_stream',
    });
    const reader = new StreamReader(store, new FoldedStreams());
    expect(await reader.employee('rep-anna')).toMatchObject({ status: 'active', department: 'sales' });
    const read = jest.spyOn(store, 'readStream');
    const left = { employeeId: 'rep-anna', reason: 'moved on' };
    await store.append(employee, [asNew({ type: 'EmployeeLeft', occurredAt: '2024-02-01T00:00:00.000Z', data: left })], {
      expectedRevision: 0,
    });
    expect(await reader.employee('rep-anna')).toEqual(fold(employeeDecider, (await store.readStream(employee)).map(toDomainEvent)));
    expect(read).toHaveBeenNthCalledWith(1, employee, { fromRevision: 1 });
  });

  it('records the context as metadata and derives event ids from the idempotency key', async () => {
    const runner = runnerOver(store);
    const request = { streamId: stream, decider: clientDecider, command: reorder('o-2'), context: { ...context, idempotencyKey: 'key-1' } };
    const first = await runner.execute(request);
    const retried = await runner.execute(request);
    expect(retried).toEqual(first);
    const [, appended, extra] = await store.readStream(stream);
    expect(extra).toBeUndefined();
    expect(appended).toMatchObject({
      eventId: first.eventId,
      metadata: { actor: context.actor, correlationId: 'corr-1', causationId: 'corr-1' },
    });
  });

  describe('runTogether: one decision on several streams', () => {
    const lead = streamIds.lead('lead-b');
    const newClient = streamIds.client('beta');
    const occurredAt = '2024-05-02T10:00:00.000Z';
    const convert = { type: 'ConvertLead' as const, occurredAt, data: { leadId: 'lead-b', clientId: 'beta' } };
    const win = {
      type: 'WinClient' as const,
      occurredAt,
      data: {
        clientId: 'beta',
        leadId: 'lead-b',
        repId: 'rep-anna',
        firstOrder: { orderId: 'b-1', total: { amount: 10, currency: 'EUR' } },
      },
    };
    const winOn = (context: CommandContext) => [
      { streamId: lead, decider: leadDecider, command: convert, context, step: 'lead', ifMatchApplies: false },
      { streamId: newClient, decider: clientDecider, command: win, context, step: 'client' },
    ];
    const types = async (streamId: string) => (await store.readStream(streamId)).map((event) => event.type);
    beforeEach(async () => {
      const contacted = { leadId: 'lead-b', repId: 'rep-anna', company: 'Beta', channel: 'call', outcome: 'interested', note: null };
      await store.append(lead, [asNew({ type: 'LeadContacted', occurredAt: '2024-05-01T10:00:00.000Z', data: contacted })], {
        expectedRevision: 'no_stream',
      });
    });

    it('appends every stream together, each at the revision it was decided on', async () => {
      const [converted, started] = await runnerOver(store).runTogether(winOn(context));
      expect(converted).toMatchObject({ streamId: lead, revision: 1 });
      expect(started).toMatchObject({ streamId: newClient, revision: 0, position: converted!.position + 1 });
      expect(await types(lead)).toEqual(['LeadContacted', 'LeadConverted']);
    });

    it('stores none of them when another writer wins the client meanwhile; decided again, the win is refused and the lead stays open', async () => {
      const wonElsewhere = asNew({ ...won, data: { ...won.data, clientId: 'beta', leadId: 'lead-elsewhere' } });
      const racing = new Proxy(store, {
        get(target, property, receiver) {
          if (property !== 'readStream') return Reflect.get(target, property, receiver);
          return async (streamId: string, options?: ReadStreamOptions) => {
            const events = await target.readStream(streamId, options);
            if (streamId === newClient && events.length === 0) await target.append(newClient, [wonElsewhere], { expectedRevision: 'any' });
            return events;
          };
        },
      });
      const head = await store.headPosition();
      await expect(runnerOver(racing).runTogether(winOn(context))).rejects.toMatchObject({ failure: { code: 'CLIENT_ALREADY_WON' } });
      expect(await types(lead)).toEqual(['LeadContacted']);
      expect(await store.headPosition()).toBe(head + 1);
    });

    it('answers a retry with the same idempotency key with the first answers; after a lead converted alone (an older, interrupted win), stores only the client', async () => {
      const keyed = { ...context, idempotencyKey: 'win-beta' };
      const runner = runnerOver(store);
      // As an interrupted win left it before both streams were appended together: the lead converted, the client not won.
      const [converted] = await runner.runTogether(winOn(keyed).slice(0, 1));
      const [again, started] = await runner.runTogether(winOn(keyed));
      expect(again).toEqual(converted);
      expect(started).toMatchObject({ streamId: newClient, revision: 0 });
      const head = await store.headPosition();
      expect(await runner.runTogether(winOn(keyed))).toEqual([converted, started]);
      expect(await store.headPosition()).toBe(head);
      expect(await types(lead)).toEqual(['LeadContacted', 'LeadConverted']);
    });
  });
});
