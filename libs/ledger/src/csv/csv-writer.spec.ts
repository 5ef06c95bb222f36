import { parse } from 'csv-parse/sync';

import { csvText, csvWriter } from './csv-writer';

const DANGEROUS = [
  '=1+1',
  '+1+1',
  '-1+1',
  '@SUM(A1)',
  '\tTAB',
  '\rCR',
  '＝1+1',
  "=cmd|'/Ccalc'!A0",
  '=HYPERLINK("http://evil.example.com","x")',
];

describe('the CSV writer every export uses', () => {
  it('prefixes every cell a spreadsheet would run as a formula with a quote, and quotes the cell', () => {
    const text = csvText(
      DANGEROUS.map((cell) => [cell]),
      ['cell'],
    );
    const lines = text.trimEnd().split('\n').slice(1);
    expect(lines.slice(0, 4)).toEqual(['"\'=1+1"', '"\'+1+1"', '"\'-1+1"', '"\'@SUM(A1)"']);
    expect((parse(text, { columns: true }) as { cell: string }[]).map((row) => row.cell)).toEqual(DANGEROUS.map((cell) => `'${cell}`));
  });

  it('leaves other text, JSON and numbers (negative ones too) as they are', () => {
    expect(csvText([['plain', '{"a":1}', 42, -7, 'a,b', '2024-01-01T00:00:00.000Z']], ['t', 'j', 'n', 'm', 'c', 'd'])).toBe(
      't,j,n,m,c,d\nplain,"{""a"":1}",42,-7,"a,b",2024-01-01T00:00:00.000Z\n',
    );
  });

  it('streams rows as objects by column with the same rule', async () => {
    const writer = csvWriter(['id', 'reason']);
    let text = '';
    writer.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const ended = new Promise((resolve) => writer.on('end', resolve));
    writer.write({ id: 'a', reason: '@evil' });
    writer.end();
    await ended;
    expect(text).toBe('id,reason\na,"\'@evil"\n');
  });
});
