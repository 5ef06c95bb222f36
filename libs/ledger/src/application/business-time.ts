import type { Clock } from './tokens';

/** occurredAt is optional on commands so history can be imported; absent means now. */
export const occurredAtOrNow = (occurredAt: string | undefined, clock: Clock): string => occurredAt ?? clock().toISOString();
