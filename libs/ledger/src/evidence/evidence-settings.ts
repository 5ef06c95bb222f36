import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import type { EnvironmentReader } from '../config/environment';

/** How the ledger signs its checkpoints, and how often it makes one by itself. */
export interface EvidenceSettings {
  /** The Ed25519 private key (PKCS#8 PEM) from LEDGER_CHECKPOINT_KEY; absent: an ephemeral key is made at start-up. */
  readonly privateKeyPem?: string;
  /** The signed-note key name the signature lines carry. */
  readonly keyName: string;
  /** The checkpoints' origin line: the log's name, unique to it. */
  readonly origin: string;
  /** How often a checkpoint is made while the API runs; 0: only on demand. */
  readonly checkpointIntervalMs: number;
  /** A folder outside the database each new checkpoint is also written to, one file each, never overwritten. */
  readonly checkpointDir?: string;
}

export const DEFAULT_CHECKPOINT_KEY_NAME = 'sales-ledger';
export const DEFAULT_CHECKPOINT_ORIGIN = 'sales-ledger/log';

/** LEDGER_CHECKPOINT_KEY (the PEM itself, or the path of a file holding it), its name, the origin, the schedule and the folder. */
export function readEvidenceSettings(env: EnvironmentReader): EvidenceSettings {
  const keyName = env.text('LEDGER_CHECKPOINT_KEY_NAME', DEFAULT_CHECKPOINT_KEY_NAME);
  if (!/^[^\s+]+$/u.test(keyName)) env.problems.push(`LEDGER_CHECKPOINT_KEY_NAME must have no spaces and no '+', got "${keyName}"`);
  const origin = env.text('LEDGER_CHECKPOINT_ORIGIN', DEFAULT_CHECKPOINT_ORIGIN);
  const privateKeyPem = readPrivateKey(env, env.text('LEDGER_CHECKPOINT_KEY', ''));
  const checkpointDir = env.text('LEDGER_CHECKPOINT_DIR', '');
  return {
    ...(privateKeyPem === undefined ? {} : { privateKeyPem }),
    ...(checkpointDir === '' ? {} : { checkpointDir: path.resolve(checkpointDir) }),
    keyName,
    origin,
    checkpointIntervalMs: env.integer('LEDGER_CHECKPOINT_INTERVAL_SECONDS', 3_600, 0, 7 * 86_400) * 1000,
  };
}

function readPrivateKey(env: EnvironmentReader, raw: string): string | undefined {
  if (raw === '') return undefined;
  // An environment file often carries a PEM on one line, its line breaks written as \n.
  let pem = raw.replace(/\\n/g, '\n');
  if (!raw.includes('-----BEGIN')) {
    try {
      pem = readFileSync(raw, 'utf8');
    } catch (error) {
      env.problems.push(
        `LEDGER_CHECKPOINT_KEY names a file that cannot be read (${(error as NodeJS.ErrnoException).code ?? 'refused'}): ${raw}`,
      );
      return undefined;
    }
  }
  try {
    if (createPrivateKey(pem).asymmetricKeyType !== 'ed25519') throw new Error('not Ed25519');
  } catch {
    env.problems.push(
      'LEDGER_CHECKPOINT_KEY must be an Ed25519 private key in PKCS#8 PEM (openssl genpkey -algorithm ed25519), or the path of a file holding one',
    );
    return undefined;
  }
  return `${pem.trim()}\n`;
}

/** The key the checkpoints are signed with, and whether it was made up for this process only. */
export interface CheckpointSigningKey {
  readonly privateKey: KeyObject;
  readonly ephemeral: boolean;
}

/** The configured key, or a new one for this process (its checkpoints verify only against what it publishes while it runs). */
export function checkpointSigningKey(settings: Pick<EvidenceSettings, 'privateKeyPem'>): CheckpointSigningKey {
  if (settings.privateKeyPem !== undefined) return { privateKey: createPrivateKey(settings.privateKeyPem), ephemeral: false };
  return { privateKey: generateKeyPairSync('ed25519').privateKey, ephemeral: true };
}
