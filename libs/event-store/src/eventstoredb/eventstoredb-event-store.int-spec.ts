import { eventStoreContract } from '../testing/event-store-contract';
import { ChainNotStoredError, EventStoreDbEventStore } from './eventstoredb-event-store';
import { redactConnectionString } from './eventstoredb-mapping';

/**
 * The EventStoreDB adapter against a real server, only when EVENTSTORE_URL
 * names one, e.g. after `docker compose -f docker/compose.yaml --profile
 * eventstoredb up -d eventstoredb`: EVENTSTORE_URL=esdb://localhost:2113?tls=false.
 * The server must accept appends of more than 1 MiB (EVENTSTORE_MAX_APPEND_SIZE,
 * set in the compose file): the contract appends a payload of about 1 MB.
 * Every test works in streams of its own name, so a server can be reused.
 *
 * The shared contract runs here unchanged and should pass in full: it reads
 * the adapter's capabilities (all four false, see its class comment and
 * eventstoredb-mapping.ts) and checks what this store promises instead:
 * positions that grow, not 1, 2, 3…; a repeat of stored ids refused in its
 * own stream, as far as the server's idempotency looks, not across the log; a
 * verifyChain that rejects; a multi-stream append whose loser in a race stores
 * nothing or says what it stored (PartialAppendError). The test below adds only what the contract cannot
 * name: the error verifyChain rejects with.
 */
const URL = process.env.EVENTSTORE_URL;

if (!URL) {
  process.stdout.write(
    'EVENTSTORE_URL is not set: the EventStoreDB event store suite is skipped (it needs a running server, e.g. EVENTSTORE_URL=esdb://localhost:2113?tls=false)\n',
  );
}

const connect = () => EventStoreDbEventStore.connect({ url: URL! });

(URL ? describe : describe.skip)(`EventStoreDB event store at ${URL ? redactConnectionString(URL) : '(none)'}`, () => {
  eventStoreContract('EventStoreDB', connect, undefined, connect);

  describe('what this adapter adds to the contract', () => {
    let store: EventStoreDbEventStore | undefined;
    beforeEach(async () => {
      store = undefined;
      store = await connect();
    });
    afterEach(() => store?.close());

    it('says the hash chain is not kept', async () => {
      await expect(store!.verifyChain()).rejects.toBeInstanceOf(ChainNotStoredError);
    });
  });
});
