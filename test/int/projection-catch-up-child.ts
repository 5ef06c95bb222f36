import { SqliteEventStore, SqliteProjectionStore } from '@ledger/event-store';
import { LEDGER_PROJECTIONS, ProjectionRunner } from '@ledger/projections';

/**
 * A process catching its projections up on a large log, small batch after small
 * batch, printing each projection's stored checkpoint as it goes, until killed.
 */
async function main(file: string): Promise<void> {
  const events = SqliteEventStore.open({ path: file });
  const runner = new ProjectionRunner(events, new SqliteProjectionStore(events.database), LEDGER_PROJECTIONS, {
    batchSize: 100,
    commitIntervalMs: 0,
  });
  const progress = setInterval(() => {
    void runner.status().then((statuses) => process.stdout.write(`${statuses.map((status) => status.checkpoint).join(' ')}\n`));
  }, 2);
  await runner.start({ follow: false });
  clearInterval(progress);
  process.stdout.write('caught up\n');
  await events.close();
}

main(process.argv[2]!).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
