/** What a figure should reach: at least or at most a value, in the figure's own unit. */
export interface Aim {
  readonly atLeast?: number;
  readonly atMost?: number;
}

/** One measured figure, as printed in the table and written to the JSON results. */
export interface BenchFigure {
  readonly measure: string;
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
  /** The issue's aim for this figure, when it has one; the table says whether it is met. */
  readonly aim?: Aim;
}

/** Whether a figure meets its aim; undefined when it has none. */
export function aimMet(figure: BenchFigure): boolean | undefined {
  const { aim } = figure;
  if (!aim) return undefined;
  return (aim.atLeast === undefined || figure.value >= aim.atLeast) && (aim.atMost === undefined || figure.value <= aim.atMost);
}

const format = (value: number): string => (value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2));

function describeAim({ atLeast, atMost }: Aim): string {
  if (atLeast !== undefined && atMost !== undefined) return `${format(atLeast)}–${format(atMost)}`;
  return atLeast !== undefined ? `≥ ${format(atLeast)}` : `≤ ${format(atMost!)}`;
}

export function printHeader(): void {
  process.stdout.write(`  ${'measure'.padEnd(72)} ${'figure'.padStart(12)} ${'unit'.padEnd(12)} ${'aim'.padStart(10)}  met\n`);
}

export function printFigure(figure: BenchFigure): void {
  const met = aimMet(figure);
  const aim = figure.aim ? describeAim(figure.aim) : '';
  const verdict = met === undefined ? '   ' : met ? 'yes' : 'NO ';
  process.stdout.write(
    `  ${figure.measure.padEnd(72)} ${format(figure.value).padStart(12)} ${figure.unit.padEnd(12)} ${aim.padStart(10)}  ${verdict}${figure.note ? `  ${figure.note}` : ''}\n`,
  );
}

/** A section title in the table. */
export function printSection(title: string): void {
  process.stdout.write(`\n${title}\n`);
}

export const secondsSince = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e9;

/** A line of the bench's report on stdout. */
export const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
