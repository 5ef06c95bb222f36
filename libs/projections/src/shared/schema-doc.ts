import { viewName } from '@ledger/event-store';

import type { TableProjection } from './projection';

/** Between these markers the README shows the read models' tables; `npm run docs:schema` writes them. */
export const SCHEMA_START = '<!-- read-model-schema:start (npm run docs:schema writes this part) -->';
export const SCHEMA_END = '<!-- read-model-schema:end -->';

/**
 * The read models' tables as analysts see them (one view per table, always on
 * the live generation), written from the same declarations the stores create
 * the tables from: the README's schema section is this text, and a test keeps
 * it so.
 */
export function readModelSchemaMarkdown(projections: readonly TableProjection[]): string {
  const sections: string[] = [];
  for (const projection of projections) {
    for (const table of projection.tables) {
      const key = table.primaryKey.map((column) => `\`${column}\``).join(', ');
      const rows = table.columns.map((column) => `| \`${column.name}\` | ${column.type} | ${column.description.replace(/\|/g, '\\|')} |`);
      sections.push(
        [
          `#### \`${viewName(projection.name, table.name)}\``,
          '',
          `${table.description} One row per ${key}.`,
          '',
          '| column | type | meaning |',
          '|---|---|---|',
          ...rows,
        ].join('\n'),
      );
    }
  }
  return sections.join('\n\n');
}
