import {
  type ClientView as LedgerClientView,
  GetClientQuery,
  GetEmployeeQuery,
  GetLeadQuery,
  type LeadView as LedgerLeadView,
} from '@ledger/ledger';
import { QueryBus } from '@nestjs/cqrs';
import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';

import { Operation } from '../../auth/access.decorators';
import { ClientView } from '../../contract/client';
import { LeadView } from '../../contract/lead';
import { streamComplexity } from '../limits';
import { globalIdOf, NodeInterface, type NodeType, parseGlobalId } from '../node';

/** Any object with a global id, fetched again by it (as it stands now). */
@Resolver()
export class NodeResolver {
  constructor(private readonly queries: QueryBus) {}

  @Operation('node')
  @Query(() => NodeInterface, {
    nullable: true,
    complexity: streamComplexity,
    description: 'The object a global id names, as it stands now (VALIDATION_FAILED for an id this API did not give out).',
  })
  async node(@Args('id', { type: () => ID }) id: string): Promise<{ nodeType: NodeType } & object> {
    const { type, key } = parseGlobalId(id);
    const query = { Client: () => new GetClientQuery(key), Lead: () => new GetLeadQuery(key), Employee: () => new GetEmployeeQuery(key) }[
      type
    ]();
    return { ...(await this.queries.execute(query)), nodeType: type };
  }
}

@Resolver(() => ClientView)
export class ClientNodeFields {
  @ResolveField(() => ID)
  id(@Parent() client: LedgerClientView): string {
    return globalIdOf('Client', client.clientId);
  }
}

@Resolver(() => LeadView)
export class LeadNodeFields {
  @ResolveField(() => ID)
  id(@Parent() lead: LedgerLeadView): string {
    return globalIdOf('Lead', lead.leadId);
  }
}
