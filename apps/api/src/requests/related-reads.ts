import {
  type ClientView,
  type EmployeeView,
  GetClientQuery,
  GetEmployeeQuery,
  GetLeadQuery,
  type LeadView,
  LedgerError,
} from '@ledger/ledger';
import type { HistoricalBounds } from '@ledger/projections';
import type { Query, QueryBus } from '@nestjs/cqrs';
import DataLoader from 'dataloader';

/** Objects another one points at by id: an owner, a lead, a client. */
type RelatedKind = 'employee' | 'lead' | 'client';

const NOT_FOUND = new Set(['EMPLOYEE_NOT_FOUND', 'LEAD_NOT_FOUND', 'CLIENT_NOT_FOUND']);

const QUERIES: { [K in RelatedKind]: (id: string, at: HistoricalBounds) => Query<Related[K]> } = {
  employee: (id, at) => new GetEmployeeQuery(id, at),
  lead: (id, at) => new GetLeadQuery(id, at),
  client: (id, at) => new GetClientQuery(id, at),
};

interface Related {
  employee: EmployeeView;
  lead: LeadView;
  client: ClientView;
}

/**
 * The objects one request's answer points at, read once each however many
 * times they are pointed at (a page of 50 clients with 3 owners reads 3
 * employees, in one batch), with DataLoader: ids asked for in the same tick
 * are gathered into one batch, repeats are answered from the request's cache.
 * One instance per request (GraphQL: in its context; REST: per expanded
 * answer), so nothing is cached past it. Each pair of clocks (asOf,
 * asKnownAt) has its own loaders: an object read as of March points at March's.
 * An id its stream does not know (at those clocks) answers null.
 */
export class RelatedReads {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();

  constructor(private readonly queries: QueryBus) {}

  employee(employeeId: string, at: HistoricalBounds = {}): Promise<EmployeeView | null> {
    return this.load('employee', employeeId, at);
  }

  lead(leadId: string, at: HistoricalBounds = {}): Promise<LeadView | null> {
    return this.load('lead', leadId, at);
  }

  client(clientId: string, at: HistoricalBounds = {}): Promise<ClientView | null> {
    return this.load('client', clientId, at);
  }

  private load<K extends RelatedKind>(kind: K, id: string, { asOf, asKnownAt }: HistoricalBounds): Promise<Related[K] | null> {
    const name = JSON.stringify([kind, asOf ?? null, asKnownAt ?? null]);
    let loader = this.loaders.get(name);
    if (loader === undefined) {
      const at = { ...(asOf === undefined ? {} : { asOf }), ...(asKnownAt === undefined ? {} : { asKnownAt }) };
      loader = new DataLoader<string, unknown>((ids) => Promise.all(ids.map((key) => this.read(kind, key, at))));
      this.loaders.set(name, loader);
    }
    return loader.load(id) as Promise<Related[K] | null>;
  }

  private async read<K extends RelatedKind>(kind: K, id: string, at: HistoricalBounds): Promise<Related[K] | null> {
    try {
      return await this.queries.execute(QUERIES[kind](id, at));
    } catch (error) {
      if (error instanceof LedgerError && NOT_FOUND.has(error.failure.code)) return null;
      throw error;
    }
  }
}
