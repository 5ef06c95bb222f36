import * as crypto from 'node:crypto';

/**
 * Signed notes (C2SP signed-note, the envelope of Go's sumdb and of
 * transparency-log checkpoints) with Ed25519 keys:
 *
 *     <text: one or more lines, each ending in \n>
 *     \n
 *     — <key name> <base64(key id || signature)>\n      (one line per signature)
 *
 * The signature is Ed25519 over the text's UTF-8 bytes, its final newline
 * included. The key id is the first 4 bytes of
 * SHA-256(key name || 0x0A || 0x01 || 32-byte public key), 0x01 naming Ed25519.
 */

const ED25519 = 0x01;
const SIGNATURE_PREFIX = '\u2014 '; // an em dash and a space
const KEY_ID_BYTES = 4;
const ED25519_SIGNATURE_BYTES = 64;

export interface NoteSignature {
  readonly keyName: string;
  /** The 4-byte key id, as 8 hex digits. */
  readonly keyId: string;
  readonly signature: Buffer;
}

export interface SignedNote {
  /** The signed text, every line ending in a newline. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** A key name is non-empty, has no white space and no '+' (signed-note). */
function checkKeyName(name: string): void {
  if (!/^[^\s+]+$/u.test(name)) throw new Error(`a key name must be non-empty, without spaces or '+': ${JSON.stringify(name)}`);
}

/** The 32 raw bytes of an Ed25519 public key. */
export function ed25519PublicKeyBytes(key: crypto.KeyObject): Buffer {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${key.asymmetricKeyType ?? key.type}, not Ed25519`);
  const publicKey = key.type === 'private' ? crypto.createPublicKey(key) : key;
  return Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
}

/** The signed-note key id of an Ed25519 key under a name: 8 hex digits. */
export function noteKeyId(keyName: string, publicKey: crypto.KeyObject): string {
  const digest = crypto
    .createHash('sha256')
    .update(keyName, 'utf8')
    .update(Buffer.from([0x0a, ED25519]))
    .update(ed25519PublicKeyBytes(publicKey))
    .digest();
  return digest.subarray(0, KEY_ID_BYTES).toString('hex');
}

/** The verifier key as signed-note tools take it: <name>+<key id hex>+<base64(0x01 || public key)>. */
export function noteVerifierKey(keyName: string, publicKey: crypto.KeyObject): string {
  checkKeyName(keyName);
  const encoded = Buffer.concat([Buffer.from([ED25519]), ed25519PublicKeyBytes(publicKey)]).toString('base64');
  return `${keyName}+${noteKeyId(keyName, publicKey)}+${encoded}`;
}

/** Reads a verifier key string back into its name and Ed25519 public key, checking its key id. */
export function parseNoteVerifierKey(verifierKey: string): { keyName: string; publicKey: crypto.KeyObject } {
  // A name has no '+' and an id is hex, but the key's base64 may hold any number of them.
  const [keyName, keyId, ...encoded] = verifierKey.trim().split('+');
  const bytes = Buffer.from(encoded.join('+'), 'base64');
  if (!keyName || bytes.length !== 33 || bytes[0] !== ED25519) {
    throw new Error('a verifier key reads <name>+<8 hex digits>+<base64 of 0x01 and a 32-byte Ed25519 key>');
  }
  const publicKey = crypto.createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: bytes.subarray(1).toString('base64url') },
    format: 'jwk',
  });
  if (noteKeyId(keyName, publicKey) !== keyId) throw new Error(`the verifier key's id ${keyId} does not match its name and key`);
  return { keyName, publicKey };
}

/** Signs a text (lines ending in newlines) with an Ed25519 private key under a name: the note as text. */
export function signNote(text: string, keyName: string, privateKey: crypto.KeyObject): string {
  checkKeyName(keyName);
  if (!text.endsWith('\n') || text.includes('\n\n') || text.startsWith('\n')) {
    throw new Error('a note text is one or more non-empty lines, each ending in a newline');
  }
  const signature = crypto.sign(null, Buffer.from(text, 'utf8'), privateKey);
  const signed = Buffer.concat([Buffer.from(noteKeyId(keyName, privateKey), 'hex'), signature]).toString('base64');
  return `${text}\n${SIGNATURE_PREFIX}${keyName} ${signed}\n`;
}

/** Splits a note into its text and signature lines; throws naming what is malformed. */
export function parseNote(note: string): SignedNote {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n'))
    throw new Error('a signed note is its text, a blank line and signature lines, each line ending in a newline');
  const text = note.slice(0, split + 1);
  const signatures = note
    .slice(split + 2, -1)
    .split('\n')
    .map((line, at): NoteSignature => {
      const match = /^\u2014 ([^\s+]+) ([A-Za-z0-9+/]+=*)$/u.exec(line);
      const bytes = Buffer.from(match?.[2] ?? '', 'base64');
      if (!match || bytes.length <= KEY_ID_BYTES)
        throw new Error(`signature line ${at + 1} is not "— <key name> <base64 key id and signature>"`);
      return { keyName: match[1]!, keyId: bytes.subarray(0, KEY_ID_BYTES).toString('hex'), signature: bytes.subarray(KEY_ID_BYTES) };
    });
  return { text, signatures };
}

export type NoteVerification =
  { readonly verified: true; readonly keyName: string } | { readonly verified: false; readonly reason: string };

/**
 * Whether a parsed note carries a good signature by this public key. The key
 * is found by id among the signature lines, whatever its name (or only under
 * `keyName` when one is given).
 */
export function verifyNote(note: SignedNote, publicKey: crypto.KeyObject, keyName?: string): NoteVerification {
  const candidates = note.signatures.filter(
    (line) => (keyName === undefined || line.keyName === keyName) && line.keyId === noteKeyId(line.keyName, publicKey),
  );
  if (candidates.length === 0) {
    const present = note.signatures.map((line) => `${line.keyName} (id ${line.keyId})`).join(', ');
    return { verified: false, reason: `no signature by the given public key: the note is signed by ${present || 'no key'}` };
  }
  const data = Buffer.from(note.text, 'utf8');
  const good = candidates.find(
    (line) => line.signature.length === ED25519_SIGNATURE_BYTES && crypto.verify(null, data, publicKey, line.signature),
  );
  if (!good) {
    return {
      verified: false,
      reason: `the signature by ${candidates[0]!.keyName} does not verify: the signed text was changed after signing`,
    };
  }
  return { verified: true, keyName: good.keyName };
}
