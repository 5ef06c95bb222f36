import type { ClientView, EmployeeView, HandoffTrailEntry } from '@ledger/ledger';
import type { ClientAtRisk, HandoffParty } from '@ledger/projections';
import type { Type } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';

import type { GraphqlRequestContext } from '../../auth/access.guard';
import { HandoffPartyView, HandoffTrailView, HandoffView } from '../../contract/audit';
import { ClientView as ClientType } from '../../contract/client';
import { EmployeeView as EmployeeType } from '../../contract/employee';
import { ClientAtRiskView, PipelineRowView, PipelineView, RetentionView, RevenueRowView, RevenueView } from '../../contract/reports';
import { computedFields } from './computed-fields';
import { carriedFrom, readAt, readAtOf } from './read-at';
import { employeeNamedBy, RelatedReadsOfOperation } from './related';

/** Marks a report row whose key is a rep's id (the report was grouped by rep). */
const KEYED_BY_REP = Symbol('keyedByRep');
type Row<T> = T & { readonly [KEYED_BY_REP]?: boolean };

const rowsOf = <T extends object>(report: { groupBy: string; rows: T[] }): Row<T>[] =>
  carriedFrom(report, report.rows).map((row) => Object.assign(row, { [KEYED_BY_REP]: report.groupBy === 'rep' }));

// Report rows and handoffs carry the report's clocks down to the employees and clients they name.

/** The rows of a report that may be grouped by rep (revenue, pipeline), each marked when it was. */
function reportRowsFields(report: Type, row: Type) {
  @Resolver(() => report)
  class ReportRowsFields {
    @ResolveField(() => [row])
    rows(@Parent() parent: { groupBy: string; rows: object[] }): Row<object>[] {
      return rowsOf(parent);
    }
  }
  return ReportRowsFields;
}

/** A report row's rep as an object, when the report was grouped by rep. */
function rowRepFields(row: Type) {
  @Resolver(() => row)
  class RowRepFields {
    constructor(private readonly related: RelatedReadsOfOperation) {}

    @ResolveField(() => EmployeeType, {
      nullable: true,
      description: 'The rep the row is about, when grouped by rep (`key`); null when grouped by department.',
    })
    rep(@Parent() row: Row<{ key: string }>, @Context() context: GraphqlRequestContext): Promise<EmployeeView | null> | null {
      return row[KEYED_BY_REP] ? this.related.of(context).employee(row.key, readAtOf(row)) : null;
    }
  }
  return RowRepFields;
}

export const RevenueGraphFields = reportRowsFields(RevenueView, RevenueRowView);
export const PipelineGraphFields = reportRowsFields(PipelineView, PipelineRowView);
export const RevenueRowGraphFields = rowRepFields(RevenueRowView);
export const PipelineRowGraphFields = rowRepFields(PipelineRowView);

@Resolver(() => RetentionView)
export class RetentionGraphFields {
  @ResolveField(() => [ClientAtRiskView], { description: 'The longest silent first, at most 100.' })
  clientsAtRisk(@Parent() retention: { clientsAtRisk: ClientAtRisk[] }): ClientAtRisk[] {
    return carriedFrom(retention, retention.clientsAtRisk);
  }
}

@Resolver(() => ClientAtRiskView)
export class ClientAtRiskGraphFields {
  constructor(private readonly related: RelatedReadsOfOperation) {}

  @ResolveField(() => ClientType, { nullable: true, description: 'The client (`clientId`).' })
  async client(@Parent() row: ClientAtRisk, @Context() context: GraphqlRequestContext): Promise<ClientView | null> {
    const client = await this.related.of(context).client(row.clientId, readAtOf(row));
    return client && readAt(client, readAtOf(row));
  }
}

@Resolver(() => HandoffTrailView)
export class HandoffTrailGraphFields {
  @ResolveField(() => [HandoffView])
  handoffs(@Parent() trail: { handoffs: HandoffTrailEntry[] }): HandoffTrailEntry[] {
    return carriedFrom(trail, trail.handoffs);
  }
}

@Resolver(() => HandoffView)
export class HandoffGraphFields {
  @ResolveField(() => HandoffPartyView)
  from(@Parent() handoff: HandoffTrailEntry): HandoffParty {
    return readAt(handoff.from, readAtOf(handoff));
  }

  @ResolveField(() => HandoffPartyView)
  to(@Parent() handoff: HandoffTrailEntry): HandoffParty {
    return readAt(handoff.to, readAtOf(handoff));
  }
}

export const HandoffPartyGraphFields = computedFields(
  () => HandoffPartyView,
  { employee: employeeNamedBy((party: HandoffParty) => party.employeeId, 'The employee (`employeeId`).') },
  RelatedReadsOfOperation,
);
