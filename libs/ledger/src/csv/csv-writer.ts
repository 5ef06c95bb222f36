import { type Options, type Stringifier, stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';

/**
 * A cell a spreadsheet would evaluate (OWASP's CSV injection list: = + - @,
 * tab, carriage return, and the full-width forms some spreadsheets normalise).
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * csv-stringify's own `escape_formulas` prefixes such a text cell with a quote
 * (numbers, such as -7, stay numbers); the cast also encloses it in double
 * quotes, as OWASP advises, so no spreadsheet runs or splits it.
 */
const SAFE_CELLS: Options = {
  escape_formulas: true,
  cast: { string: (value) => (FORMULA_START.test(value) ? { value, quoted: true } : value) },
};

/** Every CSV the ledger writes goes through here: a stream of rows as objects keyed by column, with a header. */
export function csvWriter(columns: readonly string[]): Stringifier {
  return stringify({ ...SAFE_CELLS, header: true, columns: [...columns] });
}

/** The same rule for a table held in memory: rows of cells in the order of `columns`. */
export function csvText(rows: readonly (readonly unknown[])[], columns: readonly string[]): string {
  return stringifySync(
    rows.map((row) => [...row]),
    { ...SAFE_CELLS, header: true, columns: [...columns] },
  );
}
