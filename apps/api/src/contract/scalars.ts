import { parseZonedTime } from '@ledger/domain';
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/**
 * The output scalars of times and months. Their JSON is the text the ledger
 * holds, unchanged (a time as it was sent, with its zone; no milliseconds
 * added), so a field that was a String reads the same on the wire; the type
 * tells a client (and its code generator) what the text is. As inputs they
 * take the same text, checked.
 */
function textScalar(name: string, description: string, specifiedByURL: string, valid: (text: string) => boolean, rule: string) {
  const checked = (value: unknown): string => {
    if (typeof value === 'string' && valid(value)) return value;
    throw new GraphQLError(`${name} must be ${rule}; got ${JSON.stringify(value)}`);
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    specifiedByURL,
    serialize: (value) => (value instanceof Date ? value.toISOString() : checked(value)),
    parseValue: checked,
    parseLiteral: (node: ValueNode) => checked(node.kind === Kind.STRING ? node.value : undefined),
  });
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const DateTimeScalar = textScalar(
  'DateTime',
  'A moment: ISO 8601 (RFC 3339) date and time with its zone, Z or ±hh:mm, e.g. 2024-06-30T09:00:00Z.',
  'https://datatracker.ietf.org/doc/html/rfc3339#section-5.6',
  (text) => !Number.isNaN(parseZonedTime(text)),
  'an ISO 8601 time with a zone (Z or ±hh:mm)',
);

export const MonthScalar = textScalar(
  'Month',
  'A calendar month, ISO 8601 "YYYY-MM", e.g. 2024-03.',
  'https://en.wikipedia.org/wiki/ISO_8601#Calendar_dates',
  (text) => MONTH.test(text),
  'a month as YYYY-MM',
);
