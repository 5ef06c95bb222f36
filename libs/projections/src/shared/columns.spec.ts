import { integer, mergedTable, text } from './columns';

describe('mergedTable: a table with its merges beside its columns', () => {
  const table = {
    name: 'totals',
    description: 'Totals.',
    columns: [text('day', 'The day.'), integer('orders', 'Orders.'), text('last_at', 'The latest.')],
    primaryKey: ['day'],
  };

  it('gives each column named its merge, in place, and leaves the others to take the new value', () => {
    expect(mergedTable({ ...table, merges: { add: ['orders'], max: ['last_at'] } }).columns).toEqual([
      { name: 'day', type: 'text', description: 'The day.' },
      { name: 'orders', type: 'integer', merge: 'add', description: 'Orders.' },
      { name: 'last_at', type: 'text', merge: 'max', description: 'The latest.' },
    ]);
  });

  it('refuses a merge of a column the table does not have: a misspelt name would otherwise merge nothing', () => {
    expect(() => mergedTable({ ...table, merges: { add: ['order'] } })).toThrow('table totals has no column order to add');
  });
});
