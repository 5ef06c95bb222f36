import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import type { Authenticator } from '../auth/authenticator';
import { GraphqlCommandRunner } from './command-runner';
import { graphqlContext } from './context';
import { formatGraphqlError } from './errors';
import { complexityLimitPlugin, depthLimitRule } from './limits';
import { AuditResolver } from './resolvers/audit.resolver';
import { ClientsResolver } from './resolvers/clients.resolver';
import { EventsResolver } from './resolvers/events.resolver';
import { LeadsResolver } from './resolvers/leads.resolver';
import { OrganisationResolver } from './resolvers/organisation.resolver';
import { ReportsResolver } from './resolvers/reports.resolver';
import { websocketOptions } from './websocket';

export const GRAPHQL_PATH = '/graphql';

export const RESOLVERS = [OrganisationResolver, LeadsResolver, ClientsResolver, ReportsResolver, EventsResolver, AuditResolver];

export interface GraphqlApiOptions {
  /** The same instance the AccessGuard uses: websocket connections are checked against it when they open. */
  readonly authenticator: Authenticator;
  /** Production serves no GraphiQL page (introspection stays on for tools). */
  readonly production: boolean;
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
  static forRoot({ authenticator, production }: GraphqlApiOptions): DynamicModule {
    return {
      module: GraphqlApiModule,
      imports: [
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [GraphQLSchemaHost],
          useFactory: (schemaHost: GraphQLSchemaHost): ApolloDriverConfig => ({
            path: GRAPHQL_PATH,
            autoSchemaFile: true,
            sortSchema: true,
            context: graphqlContext,
            introspection: true,
            graphiql: !production,
            playground: false,
            includeStacktraceInErrorResponses: false,
            // Errors are mapped once, in formatGraphqlError; Nest's own HTTP-exception mapping would add codes of its own.
            autoTransformHttpErrors: false,
            formatError: formatGraphqlError,
            validationRules: [depthLimitRule],
            plugins: [complexityLimitPlugin],
            subscriptions: { 'graphql-ws': { path: GRAPHQL_PATH, ...websocketOptions(authenticator, schemaHost) } },
          }),
        }),
      ],
      providers: [GraphqlCommandRunner, ...RESOLVERS],
    };
  }
}
