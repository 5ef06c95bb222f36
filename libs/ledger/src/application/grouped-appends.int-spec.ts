import { randomUUID } from 'node:crypto';

import { type NewEvent, SqliteEventStore, WrongExpectedRevisionError } from '@ledger/event-store';

import { GroupedAppends } from './grouped-appends';

const event = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'Noted',
  schemaVersion: 1,
  occurredAt: '2024-06-01T12:00:00.000Z',
  data: {},
  metadata: { actor: { type: 'user', id: 'anna', role: null }, correlationId: 'c', causationId: 'c' },
});

describe('GroupedAppends', () => {
  let store: SqliteEventStore;
  let appends: GroupedAppends;
  beforeEach(() => {
    store = SqliteEventStore.open({ path: ':memory:' });
    appends = new GroupedAppends(store);
  });
  afterEach(() => store.close());

  it('appends at once, alone, when no other command is deciding', async () => {
    const many = jest.spyOn(store, 'appendMany');
    appends.enter();
    await expect(
      appends.leaveToAppend({ streamId: 's-1', events: [event()], options: { expectedRevision: 'no_stream' } }),
    ).resolves.toMatchObject({ revision: 0 });
    expect(many).not.toHaveBeenCalled();
  });

  it('sends the appends of commands deciding together in one appendMany when the last stops deciding, each judged and answered alone', async () => {
    const many = jest.spyOn(store, 'appendMany');
    await store.append('s-taken', [event()], { expectedRevision: 'no_stream' });
    appends.enter();
    appends.enter();
    appends.enter();
    appends.enter();
    const first = appends.leaveToAppend({ streamId: 's-1', events: [event()], options: { expectedRevision: 'no_stream' } });
    const stale = appends.leaveToAppend({ streamId: 's-taken', events: [event()], options: { expectedRevision: 'no_stream' } });
    // A command refused while deciding appends nothing; the last one deciding sends the group.
    appends.leave();
    expect(many).not.toHaveBeenCalled();
    const last = appends.leaveToAppend({ streamId: 's-2', events: [event(), event()], options: { expectedRevision: 'no_stream' } });
    expect(many).toHaveBeenCalledTimes(1);
    await expect(first).resolves.toMatchObject({ revision: 0 });
    await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(last).resolves.toMatchObject({ revision: 1 });
    expect((await store.readStream('s-2')).length).toBe(2);
  });

  it('does not hold an append for a command that keeps deciding: it goes at the event loop’s next turn', async () => {
    appends.enter();
    appends.enter();
    const answer = appends.leaveToAppend({ streamId: 's-1', events: [event()], options: { expectedRevision: 'no_stream' } });
    await expect(answer).resolves.toMatchObject({ revision: 0 });
    appends.leave();
  });
});
