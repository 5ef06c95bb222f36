import { LedgerError } from '@ledger/ledger';
import { ArgsType, type Complexity } from '@nestjs/graphql';

import { type Connection, connectionOf } from '../../contract/connection';
import { IntField, OpaqueTextField } from '../../contract/fields';
import { STREAM_LIST_ITEMS } from '../limits';

/** Items of a list read whole (a stream's orders or events, the handoff trail) a connection's page holds unless `first` says. */
export const DEFAULT_LIST_PAGE = 100;

/** `first` of a connection over a list read whole. */
export const ListPageSizeField = () =>
  IntField({
    optional: true,
    minimum: 1,
    maximum: STREAM_LIST_ITEMS,
    description: `Items per page, at most ${STREAM_LIST_ITEMS} (default ${DEFAULT_LIST_PAGE}).`,
  });

/** `after` of a connection over a list read whole. */
export const ListCursorField = () =>
  OpaqueTextField({
    optional: true,
    maxLength: 1_024,
    description: 'An edge’s cursor (or `pageInfo.endCursor`), unchanged: read on after that item; another value is CURSOR_INVALID.',
  });

@ArgsType()
export class ListPageArgs {
  @ListPageSizeField() first?: number;
  @ListCursorField() after?: string;
}

/** A page of `first` items of a list read whole costs its fields once per item. */
export const listPageComplexity: Complexity = ({ args, childComplexity }) =>
  1 + ((args as { first?: number | null }).first ?? DEFAULT_LIST_PAGE) * childComplexity;

const cursorOf = (list: string, key: string): string => Buffer.from(`${list}:${key}`, 'utf8').toString('base64url');

/**
 * A page of a list the ledger reads whole, as a connection: each item's
 * cursor names the list and the item's own key (an order id, an event id),
 * so it stays valid while the list grows at its end. A cursor of another
 * list, or of an item not in it, is CURSOR_INVALID on `after`.
 */
export function pageOfList<T>(
  list: string,
  items: readonly T[],
  keyOf: (item: T) => string,
  { first = DEFAULT_LIST_PAGE, after }: { first?: number; after?: string },
): Connection<T> {
  let start = 0;
  if (after !== undefined) {
    const index = items.findIndex((item) => cursorOf(list, keyOf(item)) === after);
    if (index < 0) {
      throw new LedgerError({
        code: 'CURSOR_INVALID',
        message: 'after is not a cursor of this list: pass an edge’s cursor or pageInfo.endCursor unchanged',
        field: 'after',
      });
    }
    start = index + 1;
  }
  const page = items.slice(start, start + first);
  return connectionOf(page, (item) => cursorOf(list, keyOf(item)), start + first < items.length, items.length);
}
