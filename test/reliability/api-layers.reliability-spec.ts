import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The API's two transports share what both use (request classes, the error
 * contract, the edge's limits) from neutral folders: GraphQL code never
 * reaches into the REST layer, so a change there cannot break it unseen.
 */

const ROOT = resolve(__dirname, '../..');
const API = join(ROOT, 'apps/api/src');

const sourcesUnder = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));

const relativeImports = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)].map((match) => relative(API, resolve(dirname(file), match[1]!)));

describe('the API layer', () => {
  it('has nothing in graphql/ import from http/', () => {
    const crossings = sourcesUnder(join(API, 'graphql')).flatMap((file) =>
      relativeImports(file)
        .filter((target) => target.startsWith('http/'))
        .map((target) => `${relative(API, file)} -> ${target}`),
    );
    expect(crossings).toEqual([]);
  });

  it('keeps the request classes out of http/ and graphql/', () => {
    expect(sourcesUnder(join(API, 'http')).map((file) => relative(API, file))).not.toContain('http/dto.ts');
  });
});
