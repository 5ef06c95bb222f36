import type { ReadModelCheck } from '@ledger/projections';

import { ReadModelCheckSchedule } from './check-read-models';

const checkOf = (projection: string, equal: boolean): ReadModelCheck => ({
  projection,
  equal,
  generation: 1,
  position: 42,
  tables: [{ table: 'orders', storedOnly: equal ? 0 : 1, rebuiltOnly: 0 }],
  differences: [],
  checkedAt: '2024-06-01T00:00:00.000Z',
  seconds: 0.1,
});

describe('ReadModelCheckSchedule', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('checks on its interval only where the projections run, one check at a time, and warns of a read model that differs', async () => {
    let runsHere = false;
    let finish: (checks: ReadModelCheck[]) => void = () => undefined;
    const check = jest.fn(() => new Promise<ReadModelCheck[]>((resolve) => (finish = resolve)));
    const logger = { log: jest.fn(), warn: jest.fn() };
    const schedule = new ReadModelCheckSchedule(check, () => runsHere, 1_000, logger);
    schedule.start();

    jest.advanceTimersByTime(1_000);
    expect(check).not.toHaveBeenCalled();
    runsHere = true;
    jest.advanceTimersByTime(3_000);
    expect(check).toHaveBeenCalledTimes(1);

    finish([checkOf('pipeline', true), checkOf('revenue', false)]);
    await schedule.stop();
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/^read model revenue differs from the log at position 42 in orders/));
    expect(logger.warn).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(5_000);
    expect(check).toHaveBeenCalledTimes(1);
  });

  it('never checks with an interval of 0', () => {
    const check = jest.fn(async () => []);
    new ReadModelCheckSchedule(check, () => true, 0).start();
    jest.advanceTimersByTime(1_000_000);
    expect(check).not.toHaveBeenCalled();
  });
});
