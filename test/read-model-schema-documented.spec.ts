import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { keepsTables, LEDGER_PROJECTIONS, readModelSchemaMarkdown, SCHEMA_END, SCHEMA_START } from '@ledger/projections';

describe('the README documents the read models as analysts query them', () => {
  it('lists every table and column of every projection with its meaning, as the code declares them', () => {
    const readme = readFileSync(path.resolve(__dirname, '..', 'README.md'), 'utf8');
    const start = readme.indexOf(SCHEMA_START);
    const end = readme.indexOf(SCHEMA_END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const documented = readme.slice(start + SCHEMA_START.length, end).trim();
    const expected = readModelSchemaMarkdown(LEDGER_PROJECTIONS.filter(keepsTables)).trim();
    // When this fails after a change to a projection's tables: npm run docs:schema
    expect(documented).toEqual(expected);
  });
});
