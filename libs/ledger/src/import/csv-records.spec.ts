import { readCsvRecords } from './csv-records';

describe('reading CSV records', () => {
  it('numbers each record by the line it starts on, skipping blank lines', () => {
    expect(readCsvRecords('a,b\n1,2\n\n3,4\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
      { line: 4, cells: ['3', '4'] },
    ]);
  });

  it('reads CRLF, a byte order mark, trims cells, and keeps empty cells', () => {
    expect(readCsvRecords('\ufeffa , b\r\n 1,\r\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', ''] },
    ]);
  });

  it('reads quoted cells with commas, doubled quotes and line breaks, counting the lines they span', () => {
    expect(readCsvRecords('"ACME, Inc","say ""hi""","two\nlines"\nnext,x,y')).toEqual([
      { line: 1, cells: ['ACME, Inc', 'say "hi"', 'two\nlines'] },
      { line: 3, cells: ['next', 'x', 'y'] },
    ]);
  });

  it('reports a record it cannot read and goes on at the next line', () => {
    expect(readCsvRecords('a,b\n"bad"x,1\n2,3\n"never closed,4\n5,6')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, error: expect.stringContaining('after a quoted cell') },
      { line: 3, cells: ['2', '3'] },
      { line: 4, error: expect.stringContaining('never closed') },
    ]);
  });

  it('reads nothing from an empty file', () => {
    expect(readCsvRecords('')).toEqual([]);
    expect(readCsvRecords('\n\n')).toEqual([]);
  });
});
