import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { openLedgerStorage, StorageUnavailableError } from './ledger-storage';
import { newEvent } from './testing/contract-helpers';

describe('openLedgerStorage in EventStoreDB mode', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'ledger-storage-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const readModels = () => ({ kind: 'sqlite' as const, path: path.join(folder, 'ledger.db'), synchronous: 'NORMAL' as const });

  it('refuses a read-model database that holds a SQL ledger of its own, before it calls the server', async () => {
    const ledger = await openLedgerStorage(readModels());
    await ledger.eventStore.append('client-x', [newEvent('ClientWon', {})], { expectedRevision: 'no_stream' });
    await ledger.close();

    const opening = openLedgerStorage({ kind: 'eventstoredb', url: 'esdb://127.0.0.1:1?tls=false', readModels: readModels() });
    await expect(opening).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(opening).rejects.toThrow(/holds a sqlite ledger's own events; give the EventStoreDB read models a database of their own/);
  });

  it('says in one line that the server cannot be reached', async () => {
    const opening = openLedgerStorage({ kind: 'eventstoredb', url: 'esdb://127.0.0.1:1?tls=false', readModels: readModels() });
    await expect(opening).rejects.toThrow(
      /^cannot reach EventStoreDB at esdb:\/\/127\.0\.0\.1:1\?tls=false: .+; check EVENTSTORE_URL and that the server runs$/,
    );
  }, 20_000);
});
