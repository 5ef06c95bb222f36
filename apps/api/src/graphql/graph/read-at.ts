import type { HistoricalBounds } from '@ledger/projections';
import type { Query, QueryBus } from '@nestjs/cqrs';

/**
 * The clocks an object was read on, carried hidden on it (a symbol key: never
 * serialised, never a GraphQL field), so the objects reached from it are read
 * on the same clocks: a client asked `asOf` March has the owner of March.
 */
const READ_AT = Symbol('readAt');

export type ReadAt = Pick<HistoricalBounds, 'asOf' | 'asKnownAt'>;

type Carrying<T> = T & { readonly [READ_AT]?: ReadAt };

/** A copy of `value` that remembers the clocks it was read on (copied, since read models may share their objects). */
export function readAt<T extends object>(value: T, { asOf, asKnownAt }: HistoricalBounds): T {
  const at: ReadAt = { ...(asOf === undefined ? {} : { asOf }), ...(asKnownAt === undefined ? {} : { asKnownAt }) };
  return { ...value, [READ_AT]: at };
}

/** What a query of the ledger answers, remembering the clocks it was asked on (the query's `at`). */
export async function answerReadAt<View extends object>(
  queries: QueryBus,
  query: Query<View> & { readonly at: HistoricalBounds },
): Promise<View> {
  return readAt(await queries.execute(query), query.at);
}

/** The clocks `parent` was read on; none (the live answer) when it carries none. */
export const readAtOf = (parent: object): ReadAt => (parent as Carrying<object>)[READ_AT] ?? {};

/** Items reached from `parent`, each carrying the clocks `parent` was read on. */
export const carriedFrom = <T extends object>(parent: object, items: readonly T[]): T[] =>
  items.map((item) => readAt(item, readAtOf(parent)));
