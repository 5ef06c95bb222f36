import { Client } from 'pg';

import { postgresReachable, TEST_POSTGRES_URL } from '../testing/postgres-test-server';
import { binaryTextArray } from './pg-binary-text-array';

const reachable = postgresReachable('binary text arrays');

(reachable ? describe : describe.skip)('binaryTextArray', () => {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  it('reaches the server as the same strings, whatever they hold', async () => {
    const values = ['{"a":"b\\"c"}', 'back\\slash', 'comma, {brace}', '', 'NULL', ' spaced ', 'é ☃ 😀 \u2028'];
    const { rows } = await client.query<{ values: string[]; count: number }>(
      'SELECT $1::text[] AS values, cardinality($1::text[]) AS count',
      [binaryTextArray(values)],
    );
    expect(rows[0]!.values).toEqual(values);
    expect(rows[0]!.count).toBe(values.length);
  });

  it('sends an empty array', async () => {
    const { rows } = await client.query<{ count: number }>('SELECT cardinality($1::text[]) AS count', [binaryTextArray([])]);
    expect(rows[0]!.count).toBe(0);
  });

  it('indexes from 1, as PL/pgSQL expects', async () => {
    const { rows } = await client.query<{ first: string }>('SELECT ($1::text[])[1] AS first', [binaryTextArray(['x', 'y'])]);
    expect(rows[0]!.first).toBe('x');
  });
});
