import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** How long writing a template may take: a large history, written once per suite. */
const TEMPLATE_TIMEOUT_MS = 120_000;

/** The databases of a suite of crash runs: the template, and a folder removed after the suite. */
export interface DatabaseTemplate {
  /** A fresh copy of the template for one run, so that every run starts from the same history. */
  copyFor(run: number): string;
  /** A file of the suite's folder, for a database a test builds itself. */
  file(name: string): string;
}

/**
 * A SQLite database written once by `write` before the suite's tests (a long history takes a while),
 * in a temporary folder named after `prefix` that is removed after them.
 */
export function databaseTemplate(prefix: string, write: (template: string) => Promise<void>): DatabaseTemplate {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  const template = path.join(folder, 'template.db');
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  beforeAll(() => write(template), TEMPLATE_TIMEOUT_MS);
  return {
    copyFor(run) {
      const copy = path.join(folder, `crash-${run}.db`);
      copyFileSync(template, copy);
      return copy;
    },
    file: (name) => path.join(folder, name),
  };
}
