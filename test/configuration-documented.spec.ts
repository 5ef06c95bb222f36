import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { loadApiConfig } from '../apps/api/src/config';

/** The variable names in the first column of the README's Configuration table. */
function documentedVariables(): Map<string, string> {
  const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration\n'), readme.indexOf('\n## ', readme.indexOf('## Configuration\n') + 1));
  const rows = new Map<string, string>();
  for (const [, name, fallback] of section.matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]*) \|/gm)) rows.set(name!, fallback!.trim());
  return rows;
}

/** Every variable the configuration reads, whichever store and mode: the environment is watched as it is read. */
function variablesRead(): Set<string> {
  const read = new Set<string>();
  const settings: NodeJS.ProcessEnv[] = [
    {},
    { LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: 'postgresql://ledger@db/ledger' },
    {
      LEDGER_STORE: 'eventstoredb',
      EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
      LEDGER_READ_MODEL_STORE: 'postgres',
      LEDGER_POSTGRES_URL: 'postgresql://ledger@db/ledger',
    },
    { NODE_ENV: 'production', LEDGER_JWT_SECRET: 'a-production-secret-of-thirty-two-chars' },
  ];
  for (const environment of settings) {
    const watched = new Proxy(environment, {
      get(target, name) {
        if (typeof name === 'string') read.add(name);
        return target[name as string];
      },
    });
    loadApiConfig(watched);
  }
  return read;
}

describe('configuration', () => {
  it('documents every variable it reads in the README, each with its default, and documents none it does not read', () => {
    const documented = documentedVariables();
    const read = variablesRead();
    expect([...read].filter((name) => !documented.has(name)).sort()).toEqual([]);
    expect([...documented.keys()].filter((name) => !read.has(name)).sort()).toEqual([]);
    expect([...documented].filter(([, fallback]) => fallback === '').map(([name]) => name)).toEqual([]);
  });
});
