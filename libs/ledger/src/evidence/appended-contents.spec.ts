import { AppendedContents } from './appended-contents';

const appended = (...positions: number[]) => positions.map((position) => ({ position, content: `c${position}` }));

describe('AppendedContents: what this process appended, for the Merkle follower', () => {
  it('answers the contents from a position on while they run without a gap, at most the limit', () => {
    const contents = new AppendedContents(100);
    contents.add(appended(1, 2, 3));
    contents.add(appended(6, 7));
    expect(contents.take(1, 10)).toEqual(['c1', 'c2', 'c3']);
    expect(contents.take(2, 1)).toEqual(['c2']);
    // 4 and 5 were another process's: read from the log.
    expect(contents.take(4, 10)).toEqual([]);
    expect(contents.take(6, 10)).toEqual(['c6', 'c7']);
  });

  it('forgets what lies before the position asked for', () => {
    const contents = new AppendedContents(100);
    contents.add(appended(1, 2, 3));
    expect(contents.take(3, 10)).toEqual(['c3']);
    expect(contents.take(1, 10)).toEqual([]);
  });

  it('keeps at most the number it was given, forgetting the oldest', () => {
    const contents = new AppendedContents(2);
    contents.add(appended(1, 2, 3));
    expect(contents.take(1, 10)).toEqual([]);
    expect(contents.take(2, 10)).toEqual(['c2', 'c3']);
  });
});
