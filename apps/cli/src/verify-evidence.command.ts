import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { parseNoteVerifierKey, verifyEvidenceBundle } from '@ledger/evidence';
import type { Command } from 'commander';

import { printJson } from './cli-support';

/** The exit code of a bundle that does not verify; 1 stays for "could not read the files". */
export const EVIDENCE_FAILED_EXIT_CODE = 3;

/**
 * The ledger's public key from a file: a PEM (SPKI), the signed-note verifier
 * key (<name>+<id>+<base64>), or the JSON GET /.well-known/ledger-checkpoint-key
 * answers. A verifier key also names the key, whose signature lines alone count.
 */
export function readPublicKey(file: string): { publicKey: KeyObject; keyName?: string } {
  const text = readFileSync(file, 'utf8').trim();
  if (text.startsWith('-----BEGIN')) return { publicKey: createPublicKey(text) };
  const verifierKey = text.startsWith('{') ? (JSON.parse(text) as { verifierKey?: unknown }).verifierKey : text;
  if (typeof verifierKey !== 'string') throw new Error(`${file} holds no PEM, verifier key, or JSON with a verifierKey`);
  return parseNoteVerifierKey(verifierKey);
}

/** `verify-evidence`: checks an evidence bundle offline, with the ledger's public key and nothing else: no database, no network. */
export function registerVerifyEvidenceCommand(program: Command): void {
  program
    .command('verify-evidence <bundle>')
    .description(
      "check an evidence bundle (GET /v1/audit/evidence) offline: the checkpoint's signature, every event's inclusion proof at its " +
        'position, the order and completeness of its scope, the chain links, and that the checkpoint extends an earlier one; no database is opened',
    )
    .requiredOption(
      '--public-key <file>',
      "the ledger's public key: a PEM, a signed-note verifier key, or GET /.well-known/ledger-checkpoint-key's JSON",
    )
    .option('--kept-checkpoint <file>', 'a signed checkpoint kept from an earlier audit: the bundle must prove its checkpoint extends it')
    .option('--json', 'print the whole verification as JSON: valid, eventsProven, checkpoint, failures')
    .addHelpText(
      'after',
      [
        '',
        'Exit codes:',
        '  0  every check passed',
        `  ${EVIDENCE_FAILED_EXIT_CODE}  a check failed: each failure is printed, naming the event or checkpoint`,
        '  1  a file could not be read (the bundle, the key, the kept checkpoint)',
      ].join('\n'),
    )
    .action((bundleFile: string, options: { publicKey: string; keptCheckpoint?: string; json?: boolean }) => {
      const bundle: unknown = JSON.parse(readFileSync(bundleFile, 'utf8'));
      const { publicKey, keyName } = readPublicKey(options.publicKey);
      const keptCheckpoint = options.keptCheckpoint === undefined ? undefined : readFileSync(options.keptCheckpoint, 'utf8');
      const verification = verifyEvidenceBundle(bundle, publicKey, {
        ...(keyName === undefined ? {} : { keyName }),
        ...(keptCheckpoint === undefined ? {} : { keptCheckpoint }),
      });
      if (options.json) printJson({ ...verification, checkpoint: verification.checkpoint && describeCheckpoint(verification.checkpoint) });
      else {
        for (const failure of verification.failures) process.stdout.write(`${failure.kind}: ${failure.message}\n`);
        const size = verification.checkpoint ? ` against the checkpoint of ${verification.checkpoint.treeSize} events` : '';
        process.stdout.write(
          verification.valid
            ? `verified: ${verification.eventsProven} events proven${size}\n`
            : `NOT verified: ${verification.failures.length} failures, ${verification.eventsProven} events proven${size}\n`,
        );
      }
      if (!verification.valid) process.exitCode = EVIDENCE_FAILED_EXIT_CODE;
    });
}

const describeCheckpoint = (checkpoint: { origin: string; treeSize: number; rootHash: Buffer; time?: string }) => ({
  origin: checkpoint.origin,
  treeSize: checkpoint.treeSize,
  rootHash: checkpoint.rootHash.toString('base64'),
  time: checkpoint.time ?? null,
});
