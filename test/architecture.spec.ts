import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The layering of the README's Architecture section, checked: inner libraries never import outer ones,
 * and the domain imports no framework and no I/O at all.
 */
const root = path.resolve(__dirname, '..');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(
      /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((match) => match[1] ?? match[2] ?? match[3]);
}

function violations(library: string, allowed: (specifier: string) => boolean): string[] {
  return sourceFiles(path.join(root, 'libs', library, 'src')).flatMap((file) =>
    importsOf(file)
      .filter((specifier) => !allowed(specifier))
      .map((specifier) => `${path.relative(root, file)} imports ${specifier}`),
  );
}

const relative = (specifier: string) => specifier.startsWith('.');

describe('architecture', () => {
  it('libs/domain imports nothing but itself: no Nest, no I/O, no other library', () => {
    expect(violations('domain', relative)).toEqual([]);
  });

  it('libs/event-store knows nothing of the domain, the application or the apps', () => {
    expect(violations('event-store', (s) => relative(s) || !/^@ledger\/|apps\//.test(s))).toEqual([]);
  });

  it("libs/evidence is plain TypeScript over node:crypto and the hash chain's canonical form: no Nest, no I/O, no database", () => {
    expect(violations('evidence', (s) => relative(s) || s === 'node:crypto' || s === '@ledger/event-store/event-chain')).toEqual([]);
  });

  it('libs/projections is plain TypeScript over the domain and the event-store port: no Nest, no application', () => {
    expect(
      violations('projections', (s) => relative(s) || /^@ledger\/(domain|event-store)(\/|$)/.test(s) || /^(rxjs|fast-check|node:)/.test(s)),
    ).toEqual([]);
  });

  it('libs/ledger imports the domain, the event store, the evidence and the projections, never an app', () => {
    expect(
      violations(
        'ledger',
        (s) => relative(s) || /^@ledger\/(domain|event-store|evidence|projections)(\/|$)/.test(s) || !/^@ledger\/|apps\//.test(s),
      ),
    ).toEqual([]);
  });

  it('no library reaches into apps/', () => {
    for (const library of ['domain', 'event-store', 'evidence', 'projections', 'ledger']) {
      expect(violations(library, (s) => !s.includes('apps/'))).toEqual([]);
    }
  });
});
