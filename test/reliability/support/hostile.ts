import fc from 'fast-check';

/** Text that looks like SQL: stored verbatim, never run. */
export const SQL_LOOKING = [
  "'; DROP TABLE events; --",
  "x' OR '1'='1",
  'Robert"); DELETE FROM events WHERE 1=1; --',
  '1; UPDATE events SET data = NULL',
  "' UNION SELECT hash, data FROM events --",
  "acme\\'; TRUNCATE events CASCADE; --",
  '$$; DROP SCHEMA public CASCADE; $$',
  "%' AND 1=(SELECT COUNT(*) FROM sqlite_master) --",
];

const EDGE_TEXT = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '\u0000',
  '\uFEFF',
  '\u202E\u0041',
  '\uD800',
  '\uDFFF',
  '😀👩‍👩‍👧‍👦',
  'ﷺ𝕏ß',
  'Z̷̢̛a̸l̵g̷o',
  '../../../etc/passwd',
  '%00',
  '%E0%A4%A',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${process.exit()}',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  '9'.repeat(400),
  'a'.repeat(5_000),
  'x1',
  'rep-anna',
  'c-1',
];

/** Strings a hostile or careless client sends: unicode edge cases, SQL, prototype keys, huge and empty ones. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_TEXT, ...SQL_LOOKING) },
);

const HUGE_NUMBERS = [
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  2 ** 31,
  -(2 ** 31) - 1,
  0.1,
  -0,
  1.5,
];

/** Any JSON value, weighted towards the wrong types and the edges. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(...HUGE_NUMBERS)) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** JSON text nested `depth` arrays or objects deep. */
export const deeplyNested = (depth: number, kind: 'array' | 'object'): string =>
  kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Object keys that try to reach Object.prototype, spelled as JSON text so they stay own keys. */
export const PROTOTYPE_POLLUTION_BODIES = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"total":{"__proto__":{"polluted":"yes"},"amount":1,"currency":"EUR"}}',
  '{"firstOrder":{"constructor":{"prototype":{"polluted":"yes"}}}}',
  '{"__proto__":null}',
  '[{"__proto__":{"polluted":"yes"}}]',
];
