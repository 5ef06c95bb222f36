/** One measured figure, as printed in the table and written to the JSON results. */
export interface BenchFigure {
  readonly measure: string;
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
}

export function printFigure(figure: BenchFigure): void {
  const value = figure.value >= 100 ? Math.round(figure.value).toLocaleString('en-US') : figure.value.toFixed(2);
  process.stdout.write(`  ${figure.measure.padEnd(64)} ${value.padStart(12)} ${figure.unit}${figure.note ? `  (${figure.note})` : ''}\n`);
}
