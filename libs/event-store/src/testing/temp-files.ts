import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * Fresh database files for a test file, each in a temporary folder of its own (at
 * `relativePath` inside it), every folder removed after the file's tests.
 */
export function tempFiles(prefix: string, relativePath = 'ledger.db'): () => string {
  const folders: string[] = [];
  afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));
  return () => {
    const folder = mkdtempSync(path.join(tmpdir(), prefix));
    folders.push(folder);
    return path.join(folder, relativePath);
  };
}
