/**
 * Sums of money are exact at any size: the stores add integers exactly (SQLite
 * in 64 bits, raising on overflow in SUM; PostgreSQL's SUM of BIGINT is
 * NUMERIC), and a read-model integer comes back as a JavaScript number, which
 * stops counting every unit past 2^53. So SQL hands a sum over as decimal text,
 * JavaScript adds such sums as bigint, and an answer carries them as decimal
 * strings (MoneyTotal).
 */

/** SQL: the value of an integer expression (a column that sums orders, or a SUM) as exact decimal text. */
export const exactText = (expression: string): string => `CAST(${expression} AS TEXT)`;

/** A sum read as exactText (or a single amount, always a safe number) as bigint; null as nothing. */
export const toBigInt = (value: string | number | null | undefined): bigint => (value === null || value === undefined ? 0n : BigInt(value));
