import { Presets, SingleBar } from 'cli-progress';

/**
 * A progress bar on stderr with rate and time left, shown only to a person
 * at a terminal: scripts and pipes get clean output.
 */
export function progressBar(label: string, total: number, unit: string): { update(done: number): void; stop(): void } {
  if (!process.stderr.isTTY || total === 0) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}`,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(total, 0, { rate: 0 });
  return {
    update: (done) => bar.update(done, { rate: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)) }),
    stop: () => bar.stop(),
  };
}
