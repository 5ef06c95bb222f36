import { checkBusinessTime } from './business-time';

const context = { now: new Date('2024-06-01T12:00:00.000Z'), maxClockSkewMs: 5 * 60 * 1000 };

describe('business time', () => {
  it('accepts a time equal to the stream latest, and normalises it to UTC', () => {
    expect(checkBusinessTime('2024-06-01T14:00:00+02:00', '2024-06-01T12:00:00.000Z', context)).toEqual({ ok: true, value: '2024-06-01T12:00:00.000Z' });
  });

  it('refuses a time before the stream latest', () => {
    const result = checkBusinessTime('2024-05-31T23:59:59.999Z', '2024-06-01T00:00:00.000Z', context);
    expect(result).toEqual({ ok: false, failure: expect.objectContaining({ code: 'OCCURRED_AT_BACKWARDS', field: 'occurredAt' }) });
  });

  it('accepts a time within the allowed clock skew and refuses one beyond it', () => {
    expect(checkBusinessTime('2024-06-01T12:05:00.000Z', undefined, context).ok).toBe(true);
    expect(checkBusinessTime('2024-06-01T12:05:00.001Z', undefined, context)).toEqual({
      ok: false,
      failure: expect.objectContaining({ code: 'OCCURRED_AT_IN_FUTURE' }),
    });
  });

  it('refuses what is not a time', () => {
    expect(checkBusinessTime('last tuesday', undefined, context)).toEqual({ ok: false, failure: expect.objectContaining({ code: 'OCCURRED_AT_INVALID' }) });
  });
});
