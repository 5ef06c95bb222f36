import {
  type ClientView,
  type EmployeeView,
  GetClientQuery,
  GetEmployeeQuery,
  GetLeadQuery,
  type LeadView,
  LedgerError,
  type StreamBounds,
} from '@ledger/ledger';
import type { HistoricalBounds } from '@ledger/projections';
import type { Query, QueryBus } from '@nestjs/cqrs';
import DataLoader from 'dataloader';

/** The types of object another one points at by id (an owner, a lead, a client), named as their GraphQL types. */
export type RelatedType = 'Employee' | 'Lead' | 'Client';

/** What each type reads as. */
export interface Related {
  Employee: EmployeeView;
  Lead: LeadView;
  Client: ClientView;
}

/** How each type is read by its id from its stream, within bounds. */
const QUERIES: { [T in RelatedType]: (id: string, at: StreamBounds) => Query<Related[T]> } = {
  Employee: (id, at) => new GetEmployeeQuery(id, at),
  Lead: (id, at) => new GetLeadQuery(id, at),
  Client: (id, at) => new GetClientQuery(id, at),
};

/** The query that reads the object of this type and id from its stream, within bounds. */
export const streamQueryOf = <T extends RelatedType>(type: T, id: string, at: StreamBounds): Query<Related[T]> => QUERIES[type](id, at);

const NOT_FOUND = new Set(['EMPLOYEE_NOT_FOUND', 'LEAD_NOT_FOUND', 'CLIENT_NOT_FOUND']);
/** Whether a read failed only because its stream does not know the id (at its clocks). */
export const isNotFound = (error: unknown): error is LedgerError => error instanceof LedgerError && NOT_FOUND.has(error.failure.code);

/**
 * The objects one request's answer points at, read once each however many
 * times they are pointed at (a page of 50 clients with 3 owners reads 3
 * employees, in one batch), with DataLoader: ids asked for in the same tick
 * are gathered into one batch, repeats are answered from the request's cache.
 * One instance per request (GraphQL: in its context; REST: per expanded
 * answer), so nothing is cached past it. Each pair of clocks (asOf,
 * asKnownAt) has its own loaders: an object read as of March points at March's.
 * An id its stream does not know (at those clocks) answers null, or with
 * `get` its type's NOT_FOUND error (for a read that must find it).
 */
export class RelatedReads {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();

  constructor(private readonly queries: QueryBus) {}

  employee(employeeId: string, at: HistoricalBounds = {}): Promise<EmployeeView | null> {
    return this.find('Employee', employeeId, at);
  }

  lead(leadId: string, at: HistoricalBounds = {}): Promise<LeadView | null> {
    return this.find('Lead', leadId, at);
  }

  client(clientId: string, at: HistoricalBounds = {}): Promise<ClientView | null> {
    return this.find('Client', clientId, at);
  }

  /** The object, or null when its stream does not know the id (at those clocks). */
  async find<T extends RelatedType>(type: T, id: string, at: HistoricalBounds = {}): Promise<Related[T] | null> {
    try {
      return await this.get(type, id, at);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** The object; its type's NOT_FOUND error when its stream does not know the id (at those clocks). */
  get<T extends RelatedType>(type: T, id: string, { asOf, asKnownAt }: HistoricalBounds = {}): Promise<Related[T]> {
    const name = JSON.stringify([type, asOf ?? null, asKnownAt ?? null]);
    let loader = this.loaders.get(name);
    if (loader === undefined) {
      const at = { ...(asOf === undefined ? {} : { asOf }), ...(asKnownAt === undefined ? {} : { asKnownAt }) };
      loader = new DataLoader<string, unknown>((ids) => Promise.all(ids.map((key) => this.read(type, key, at))));
      this.loaders.set(name, loader);
    }
    return loader.load(id) as Promise<Related[T]>;
  }

  /** A NOT_FOUND error is answered, not thrown, so DataLoader keeps it for this id alone (the rest of the batch stands). */
  private async read<T extends RelatedType>(type: T, id: string, at: HistoricalBounds): Promise<Related[T] | LedgerError> {
    try {
      return await this.queries.execute(QUERIES[type](id, at));
    } catch (error) {
      if (isNotFound(error)) return error;
      throw error;
    }
  }
}
