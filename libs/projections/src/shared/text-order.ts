/** Two strings in code-unit order, not the locale's: the order answers sort keys, reasons and currencies in. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
