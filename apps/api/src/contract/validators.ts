import { isKnownCurrency, isLedgerStreamId, LEDGER_STREAM_NAMES, parseZonedTime } from '@ledger/domain';
import { canonicalTimeZone } from '@ledger/projections';
import { ValidateBy } from 'class-validator';

// The class-validator rules of the contract's own field kinds (contract/fields.ts), in the domain's terms.

/** ISO 8601 with a zone: a time without one means different moments in different offices. */
export const IsZonedTime = () =>
  ValidateBy({
    name: 'isZonedTime',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !Number.isNaN(parseZonedTime(value)),
      defaultMessage: (args) =>
        `${args?.property ?? 'value'} must be an ISO 8601 time with a zone (Z or ±hh:mm), e.g. 2024-06-30T09:00:00Z`,
    },
  });

/** The domain's own currency list, so the API and the ledger never disagree on a code. */
export const IsKnownCurrency = () =>
  ValidateBy({
    name: 'isKnownCurrency',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isKnownCurrency(value),
      defaultMessage: () => 'currency must be an ISO 4217 code in capitals, such as EUR',
    },
  });

/** An IANA time zone name, as Intl knows it. */
export const IsTimeZone = () =>
  ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && canonicalTimeZone(value) !== undefined,
      defaultMessage: (args) => `${args?.property ?? 'value'} must be an IANA time zone name, e.g. Europe/Budapest or UTC`,
    },
  });

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A report's bound: a UTC day ("2024-06-30") or a zoned time; NaN when it is neither. */
export function reportTime(value: unknown): number {
  if (typeof value !== 'string') return Number.NaN;
  return DAY_ONLY.test(value) ? parseZonedTime(`${value}T00:00:00Z`) : parseZonedTime(value);
}

/** A day as a period's end counts whole: the period runs to the start of the next day. */
export const reportEnd = (value: string): number => reportTime(value) + (DAY_ONLY.test(value) ? DAY_MS : 0);

export const IsReportTime = () =>
  ValidateBy({
    name: 'isReportTime',
    validator: {
      validate: (value: unknown) => !Number.isNaN(reportTime(value)),
      defaultMessage: (args) =>
        `${args?.property ?? 'value'} must be a day (2024-06-30, in the report's time zone) or an ISO 8601 time with a zone`,
    },
  });

/** A period's `to` after its `from`. */
export const IsNotBeforeFrom = (fromProperty = 'from') =>
  ValidateBy({
    name: 'isNotBeforeFrom',
    validator: {
      validate: (value: unknown, args) => {
        const from = (args?.object as Record<string, unknown>)[fromProperty];
        if (typeof value !== 'string' || Number.isNaN(reportTime(from))) return true; // each bound is checked on its own too
        return reportEnd(value) > reportTime(from);
      },
      defaultMessage: (args) => `${args?.property ?? 'to'} must come after ${fromProperty}`,
    },
  });

/** A stream name the ledger makes (client-<id>, …): a filter on any other name would match nothing, silently. */
export const IsLedgerStreamId = () =>
  ValidateBy({
    name: 'isLedgerStreamId',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isLedgerStreamId(value),
      defaultMessage: (args) => `${args?.property ?? 'value'} must name a stream of the ledger: ${LEDGER_STREAM_NAMES}`,
    },
  });
