import type { ClientView as LedgerClientView, LeadView as LedgerLeadView } from '@ledger/ledger';
import { Args, Context, ID, Parent, ResolveField, Resolver } from '@nestjs/graphql';

import type { GraphqlRequestContext } from '../../auth/access.guard';
import { ClientView } from '../../contract/client';
import { LeadView } from '../../contract/lead';
import { RelatedReadsOfOperation } from '../graph/related';
import { streamComplexity } from '../limits';
import { globalIdOf, NodeInterface, type NodeType, parseGlobalId } from '../node';
import { OperationQuery } from '../operation-query';

/** Any object with a global id, fetched again by it (as it stands now). */
@Resolver()
export class NodeResolver {
  constructor(private readonly related: RelatedReadsOfOperation) {}

  @OperationQuery('node', () => NodeInterface, {
    complexity: streamComplexity,
    description: 'The object a global id names, as it stands now (VALIDATION_FAILED for an id this API did not give out).',
  })
  async node(
    @Args('id', { type: () => ID }) id: string,
    @Context() context: GraphqlRequestContext,
  ): Promise<{ nodeType: NodeType } & object> {
    const { type, key } = parseGlobalId(id);
    // An unknown id of a known type is its type's NOT_FOUND error (the field answers null beside it).
    return { ...(await this.related.of(context).get(type, key)), nodeType: type };
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
