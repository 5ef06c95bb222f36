/** Writes the read models' tables into the README between its schema markers (npm run docs:schema). */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

import { keepsTables, LEDGER_PROJECTIONS, readModelSchemaMarkdown, SCHEMA_END, SCHEMA_START } from '@ledger/projections';

const file = path.resolve(__dirname, '..', 'README.md');
const readme = readFileSync(file, 'utf8');
const start = readme.indexOf(SCHEMA_START);
const end = readme.indexOf(SCHEMA_END);
if (start < 0 || end < start) throw new Error(`README.md has no ${SCHEMA_START} … ${SCHEMA_END} section`);
const schema = readModelSchemaMarkdown(LEDGER_PROJECTIONS.filter(keepsTables));
writeFileSync(file, `${readme.slice(0, start + SCHEMA_START.length)}\n${schema}\n${readme.slice(end)}`);
