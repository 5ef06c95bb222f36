import { mergeValue } from './read-model-tables';

describe('merging a written row with the stored one', () => {
  it('adds integers exactly past 2^53, as the database adds them, handing the sum on as decimal text', () => {
    const sum = mergeValue('add', Number.MAX_SAFE_INTEGER, 2);
    expect(sum).toBe('9007199254740993');
    expect(mergeValue('add', sum, 1_000_000_000_000)).toBe('9008199254740993');
  });

  it('keeps a safe sum a number', () => {
    expect(mergeValue('add', 1_000, 234)).toBe(1_234);
    expect(mergeValue('add', null, 5)).toBe(5);
    expect(mergeValue('add', 5, null)).toBe(5);
  });
});
