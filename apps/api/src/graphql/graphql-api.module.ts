import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import { getStorageToken, type ThrottlerStorage } from '@nestjs/throttler';

import type { Authenticator } from '../auth/authenticator';
import type { HttpHardeningConfig } from '../edge/hardening-config';
import { RateLimiter } from '../edge/rate-limit';
import { withAnswerBudget } from './answer-budget';
import { GraphqlCommandRunner } from './command-runner';
import { graphqlContext } from './context';
import { formatGraphqlError } from './errors';
import { ClientEmployeeFields, ClientGraphFields, ClientOrderGraphFields } from './graph/client.fields';
import { RecordedEventPayloadFields } from './graph/event-payload.fields';
import { LeadContactGraphFields, LeadEmployeeFields, LeadGraphFields } from './graph/lead.fields';
import { RelatedReadsOfOperation } from './graph/related';
import {
  PipelineFiguresTypedFields,
  PipelineRowTypedFields,
  RetentionCohortMoneyFields,
  RevenueRowMoneyFields,
  SalesToClientRatioMoneyFields,
} from './graph/report-money.fields';
import {
  ClientAtRiskGraphFields,
  HandoffGraphFields,
  HandoffPartyGraphFields,
  HandoffTrailGraphFields,
  PipelineGraphFields,
  PipelineRowGraphFields,
  RetentionGraphFields,
  RevenueGraphFields,
  RevenueRowGraphFields,
} from './graph/rows.fields';
import { inputErrorsPlugin, requestIdPlugin } from './input-errors-plugin';
import { depthLimitRule, MAX_QUERY_TOKENS } from './limits';
import { RefusalAsPayload } from './payload/command-mutation';
import { CommandPayloadFields, CommandPayloadObjectFields } from './payload/payload-fields.resolver';
import { type GraphqlRequestLimits, requestLimitsPlugin } from './request-limits';
import { AuditResolver } from './resolvers/audit.resolver';
import { ChangesResolver } from './resolvers/changes.resolver';
import { ClientMutations, ClientsResolver } from './resolvers/clients.resolver';
import { EmployeesResolver } from './resolvers/employees.resolver';
import { EventsResolver } from './resolvers/events.resolver';
import { EvidenceResolver } from './resolvers/evidence.resolver';
import { LeadMutations, LeadsResolver } from './resolvers/leads.resolver';
import { ClientNodeFields, LeadNodeFields, NodeResolver } from './resolvers/node.resolver';
import { OrganisationResolver } from './resolvers/organisation.resolver';
import { ReportsResolver } from './resolvers/reports.resolver';
import { websocketOptions } from './websocket';

export const GRAPHQL_PATH = '/graphql';

export const RESOLVERS = [
  NodeResolver,
  ClientNodeFields,
  LeadNodeFields,
  OrganisationResolver,
  EmployeesResolver,
  LeadsResolver,
  LeadMutations,
  ClientsResolver,
  ClientMutations,
  CommandPayloadFields,
  CommandPayloadObjectFields,
  ReportsResolver,
  EventsResolver,
  ChangesResolver,
  AuditResolver,
  EvidenceResolver,
  ClientGraphFields,
  ClientEmployeeFields,
  ClientOrderGraphFields,
  LeadGraphFields,
  LeadEmployeeFields,
  LeadContactGraphFields,
  RevenueGraphFields,
  RevenueRowGraphFields,
  PipelineGraphFields,
  PipelineRowGraphFields,
  RetentionGraphFields,
  ClientAtRiskGraphFields,
  HandoffTrailGraphFields,
  HandoffGraphFields,
  HandoffPartyGraphFields,
  RevenueRowMoneyFields,
  SalesToClientRatioMoneyFields,
  PipelineFiguresTypedFields,
  PipelineRowTypedFields,
  RetentionCohortMoneyFields,
  RecordedEventPayloadFields,
];

export interface GraphqlApiOptions {
  /** The same instance the AccessGuard uses: websocket connections are checked against it when they open. */
  readonly authenticator: Authenticator;
  /** Production serves no GraphiQL page. */
  readonly production: boolean;
  /** The rate limit, the mutations a document may hold, and whether the schema is shown (introspection, "Did you mean"). */
  readonly hardening: Pick<HttpHardeningConfig, 'rateLimitPerMinute' | 'graphqlMaxMutations' | 'graphqlIntrospection'>;
}

/**
 * GraphQL at /graphql, code first: the same operations as REST (each field
 * named after its operation in OPERATION_ROLES) over the same command and
 * query buses, queries and mutations over HTTP, subscriptions (and anything
 * else) over graphql-ws on the same path. The schema is built in memory at
 * start-up, never written; apps/api/schema.graphql is its committed print.
 *
 * Every root field is nullable: a refused or failed field answers null with
 * its error beside the others, rather than nulling the whole answer (which
 * would hide the answer of a mutation that ran before a refused one).
 */
@Module({})
export class GraphqlApiModule {
  static forRoot({ authenticator, production, hardening }: GraphqlApiOptions): DynamicModule {
    return {
      module: GraphqlApiModule,
      imports: [
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [GraphQLSchemaHost, getStorageToken()],
          useFactory: (schemaHost: GraphQLSchemaHost, rateStorage: ThrottlerStorage): ApolloDriverConfig => {
            const limits: GraphqlRequestLimits = {
              maxMutations: hardening.graphqlMaxMutations,
              ...(hardening.rateLimitPerMinute > 0
                ? { rateLimiter: new RateLimiter(rateStorage, hardening.rateLimitPerMinute, authenticator) }
                : {}),
            };
            return {
              path: GRAPHQL_PATH,
              autoSchemaFile: true,
              sortSchema: true,
              context: graphqlContext,
              introspection: hardening.graphqlIntrospection,
              // "Did you mean …" names fields and types of a schema introspection would not show.
              hideSchemaDetailsFromClientErrors: !hardening.graphqlIntrospection,
              // Documents too long or nested too deep never reach the parser (document-shape.ts); this bounds any other way in.
              parseOptions: { maxTokens: MAX_QUERY_TOKENS },
              // Every value of an answer is charged to its budget (answer-budget.ts), over HTTP and graphql-ws alike.
              transformSchema: withAnswerBudget,
              graphiql: !production,
              playground: false,
              includeStacktraceInErrorResponses: false,
              // Errors are mapped once, in formatGraphqlError; Nest's own HTTP-exception mapping would add codes of its own.
              autoTransformHttpErrors: false,
              formatError: formatGraphqlError,
              validationRules: [depthLimitRule],
              plugins: [inputErrorsPlugin(), requestLimitsPlugin(limits), requestIdPlugin()],
              // Apollo's CSRF check lets a request through when it could not have been sent without a preflight; a bearer
              // token is such a header (and the only credentials the API takes), so a browser's GET query with its token
              // (urql's default) passes, as do Apollo Client's requests (JSON content type or apollo-require-preflight).
              csrfPrevention: { requestHeaders: ['authorization', 'x-apollo-operation-name', 'apollo-require-preflight'] },
              subscriptions: {
                'graphql-ws': {
                  path: GRAPHQL_PATH,
                  ...websocketOptions(authenticator, schemaHost, { ...limits, introspection: hardening.graphqlIntrospection }),
                },
              },
            };
          },
        }),
      ],
      providers: [GraphqlCommandRunner, RefusalAsPayload, RelatedReadsOfOperation, ...RESOLVERS],
    };
  }
}
