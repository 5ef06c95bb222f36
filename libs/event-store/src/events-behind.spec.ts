import { eventsBehind, FULL_CAPABILITIES } from './event-store';

describe('eventsBehind', () => {
  const commitPositions = { ...FULL_CAPABILITIES, densePositions: false };

  it('counts the events between checkpoint and head where positions are dense', () => {
    expect(eventsBehind(120, 100, FULL_CAPABILITIES)).toBe(20);
    expect(eventsBehind(100, 100, FULL_CAPABILITIES)).toBe(0);
  });

  it('is 0 once caught up and unknown (null) while behind where positions only grow', () => {
    expect(eventsBehind(98_304, 98_304, commitPositions)).toBe(0);
    expect(eventsBehind(98_304, 4_096, commitPositions)).toBeNull();
  });

  it('never reports a negative lag for a checkpoint read past a head taken earlier', () => {
    expect(eventsBehind(100, 103, FULL_CAPABILITIES)).toBe(0);
    expect(eventsBehind(100, 103, commitPositions)).toBe(0);
  });
});
