import type { Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';

/**
 * Relay's cursor connections, the one shape of every GraphQL list that can grow
 * (clients, leads, employees, orders, events, handoffs): `first`/`after` in,
 * `edges { cursor node }`, `nodes`, `pageInfo` and `totalCount` out, so Apollo's
 * `relayStylePagination` and urql's `relayPagination` page them as they are.
 * Paging is forward only: a cursor is the listing's own opaque `nextCursor`
 * (REST names it so and takes it back as `after`), and CURSOR_INVALID otherwise.
 */
@ObjectType('PageInfo', { description: 'Where a page stands in its list (Relay cursor connections; forward paging).' })
export class PageInfoView {
  @Field(() => Boolean, { description: 'True when a later page exists: pass `endCursor` as `after`.' })
  hasNextPage!: boolean;
  @Field(() => Boolean, { description: 'Always false: lists page forward from their start.' })
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: "The first edge's cursor; null on an empty page." })
  startCursor!: string | null;
  @Field(() => String, { nullable: true, description: "The last edge's cursor; pass it as `after` for the next page." })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfoView;
  totalCount: number;
}

/** The GraphQL class of an edge to a `node` item: `<Name>Edge`. */
export function edgeType<T>(node: Type<T>, name: string): Type<Edge<T>> {
  @ObjectType(`${name}Edge`, { description: `One ${name} of a page, with its cursor.` })
  class EdgeView implements Edge<T> {
    @Field(() => String, { description: 'Pass as `after` to read on from this item.' })
    cursor!: string;
    @Field(() => node)
    node!: T;
  }
  return EdgeView;
}

/** The GraphQL classes of a connection of `node` items: `<Name>Connection` and `<Name>Edge`. */
export function connectionTypes<T>(node: Type<T>, name: string, description: string): Type<Connection<T>> {
  const EdgeView = edgeType(node, name);
  @ObjectType(`${name}Connection`, { description })
  class ConnectionView implements Connection<T> {
    @Field(() => [EdgeView])
    edges!: Edge<T>[];
    @Field(() => [node], { description: 'The edges’ nodes, for clients that need no cursors.' })
    nodes!: T[];
    @Field(() => PageInfoView)
    pageInfo!: PageInfoView;
    @Field(() => Int, { description: 'Items matching the filters, on every page.' })
    totalCount!: number;
  }
  return ConnectionView;
}

/**
 * A page as a connection: `cursorOf` gives each item's cursor (what `after`
 * takes back to read on after it), `hasNextPage` whether more follow.
 */
export function connectionOf<T>(
  items: readonly T[],
  cursorOf: (item: T) => string,
  hasNextPage: boolean,
  totalCount: number,
): Connection<T> {
  const edges = items.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    nodes: [...items],
    pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}

/**
 * The connection fields (edges, nodes, pageInfo, totalCount) for an answer
 * type that has fields of its own besides (a stream's events with nothing
 * else, the handoff trail with the clocks it was read on): its class extends
 * this. GraphQL only; REST keeps its own shape. `Item`: what the answer
 * holds, where the `node` type resolves what an item lacks.
 */
export function connectionFields<T, Item = T>(
  node: Type<T>,
  edge: Type<Edge<T>>,
  {
    edgesDescription = 'The items of the page, each with its cursor.',
    nodesDescription = 'The edges’ nodes, for clients that need no cursors.',
    totalCountDescription = 'Items matching the filters, on every page.',
    totalCountNullable = false,
  } = {},
) {
  @ObjectType({ isAbstract: true })
  abstract class ConnectionFields {
    @Field(() => [edge], { description: edgesDescription })
    edges?: Edge<Item>[];
    @Field(() => [node], { description: nodesDescription })
    nodes?: Item[];
    @Field(() => PageInfoView)
    pageInfo?: PageInfoView;
    @Field(() => Int, { nullable: totalCountNullable, description: totalCountDescription })
    totalCount?: number | null;
  }
  return ConnectionFields;
}
