import type { ApiProcess } from '../../e2e/support/api-process';
import { tokenFor } from '../../e2e/support/test-app';

/** What the reliability suites check a ledger against after a fault: shared so each checks the same. */
export const ADMIN = { authorization: `Bearer ${tokenFor('admin', 'test-admin')}`, 'content-type': 'application/json' };

export interface LoggedEvent {
  eventId: string;
  streamId: string;
  type: string;
  data: Record<string, unknown>;
}

export async function get(api: ApiProcess, url: string): Promise<unknown> {
  const response = await fetch(`${api.url}${url}`, { headers: ADMIN });
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

export async function allEvents(api: ApiProcess): Promise<LoggedEvent[]> {
  const events: LoggedEvent[] = [];
  let after = 0;
  for (;;) {
    const page = (await get(api, `/v1/events?after=${after}&limit=1000`)) as { events: LoggedEvent[]; nextAfter: number | null };
    events.push(...page.events);
    if (page.nextAfter === null) return events;
    after = page.nextAfter;
  }
}

/** The log after a load of reorders: the acknowledged ones it lacks, and how many order ids it holds twice (both should be none). */
export async function keptOnce(
  api: ApiProcess,
  acknowledged: ReadonlyArray<{ eventId: string }>,
): Promise<{ events: LoggedEvent[]; missing: string[]; ordersTwice: number }> {
  const events = await allEvents(api);
  const ids = new Set(events.map((event) => event.eventId));
  const orderIds = events
    .filter((event) => event.type === 'ReorderPlaced')
    .map((event) => `${event.streamId}/${String(event.data.orderId)}`);
  return {
    events,
    missing: acknowledged.filter((order) => !ids.has(order.eventId)).map((order) => order.eventId),
    ordersTwice: orderIds.length - new Set(orderIds).size,
  };
}

/** Answers differ only in the position they reflect (a rebuild reads to the same head). */
export const withoutPosition = (answer: unknown) =>
  JSON.parse(JSON.stringify(answer, (key, value: unknown) => (key === 'position' || key === 'asKnownAt' ? undefined : value)));

/** Waits for `check`; on timeout the error says what `lastSeen` (the last state read) was, so a failure explains itself. */
export async function until(check: () => Promise<boolean>, timeoutMs = 60_000, lastSeen?: () => unknown): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const seen = lastSeen ? `; last seen: ${JSON.stringify(lastSeen())}` : '';
      throw new Error(`not settled within ${timeoutMs} ms${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every projection and policy has applied the whole log, and no policy has a due client left. */
export function settled(api: ApiProcess): Promise<void> {
  let seen: unknown;
  return until(
    async () => {
      const [projections, policies] = await Promise.all([get(api, '/v1/admin/projections'), get(api, '/v1/admin/policies')]);
      seen = { projections, policies };
      return (
        (projections as { lag: number }[]).every((status) => status.lag === 0) &&
        (policies as { lag: number; due: number; waiting: number }[]).every(
          (status) => status.lag === 0 && status.due === 0 && status.waiting === 0,
        )
      );
    },
    60_000,
    () => ({ ...(seen as object), apiTold: told(api.printed) }),
  );
}

/** What an API process logged besides its request lines (warnings, errors, notices), the last of them. */
function told(printed: string): string[] {
  return printed
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.includes('"req":{'))
    .slice(-30);
}

/** The reads of every projection, as a client sees them. */
const READS = ['/v1/clients?limit=500', '/v1/revenue?groupBy=department', '/v1/pipeline', '/v1/retention', '/v1/audit/handoffs'];

/** Rebuilds every projection from position 0 and answers the reads before and after: equal when nothing was skipped or applied twice. */
export async function readsBeforeAndAfterRebuild(api: ApiProcess): Promise<{ live: unknown[]; rebuilt: unknown[] }> {
  const live = await Promise.all(READS.map((read) => get(api, read)));
  const projections = (await get(api, '/v1/admin/projections')) as { name?: string; projection?: string }[];
  for (const projection of projections) {
    const response = await fetch(`${api.url}/v1/admin/projections/${projection.name ?? projection.projection!}/rebuild`, {
      method: 'POST',
      headers: ADMIN,
    });
    if (response.status !== 202) throw new Error(`rebuild ${projection.name ?? projection.projection}: ${response.status}`);
  }
  await until(async () =>
    ((await get(api, '/v1/admin/projections')) as { rebuild: unknown; lag: number }[]).every(
      (status) => !status.rebuild && status.lag === 0,
    ),
  );
  const rebuilt = await Promise.all(READS.map((read) => get(api, read)));
  return { live: live.map(withoutPosition), rebuilt: rebuilt.map(withoutPosition) };
}

/**
 * Handoffs by the auto-handoff policy: how many each client got, and the clients due one (at least `afterReorders`
 * reorders while sales owned it). Exactly once means every count is 1 and every due client has one.
 */
export function handoffsOf(events: readonly LoggedEvent[], afterReorders: number): { handoffs: Map<string, number>; due: string[] } {
  const handoffs = new Map<string, number>();
  for (const event of events)
    if (event.type === 'ClientHandedToClientDepartment') handoffs.set(event.streamId, (handoffs.get(event.streamId) ?? 0) + 1);
  const reorders = new Map<string, number>();
  for (const event of events) {
    if (event.type === 'ReorderPlaced' && event.data.creditedDepartment === 'sales')
      reorders.set(event.streamId, (reorders.get(event.streamId) ?? 0) + 1);
  }
  return { handoffs, due: [...reorders].filter(([, count]) => count >= afterReorders).map(([streamId]) => streamId) };
}
