import * as path from 'node:path';

import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';

/** The committed print of the schema, for clients' code generation and for review of every change to it. */
export const SCHEMA_FILE = path.resolve(__dirname, '../../schema.graphql');

export const REGENERATE_SCHEMA_COMMAND = 'npm run schema:graphql';

/** The schema exactly as the running app serves it (sorted), as the file holds it. */
export function schemaFileText(app: INestApplication): string {
  const schema = app.get(GraphQLSchemaHost).schema;
  return [
    `# Generated from the code by \`${REGENERATE_SCHEMA_COMMAND}\`; do not edit.`,
    '# The API builds the same schema in memory at start-up and serves it at /graphql.',
    '',
    printSchema(schema),
    '',
  ].join('\n');
}
