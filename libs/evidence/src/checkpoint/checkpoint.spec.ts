import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';

import { leafHash } from '../merkle/merkle-hash';
import { type Checkpoint, checkpointText, parseCheckpointText, signCheckpoint, verifyCheckpoint } from './checkpoint';
import { noteKeyId, noteVerifierKey, parseNote, parseNoteVerifierKey, signNote, verifyNote } from './signed-note';

/** The example of Go's golang.org/x/mod/sumdb/note, the signed-note reference: its key, text and signature. */
const GO_EXAMPLE = {
  verifierKey: 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
  // PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz: 0x01, then the 32-byte seed.
  seed: Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1),
  text: "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n",
  signatureLine: '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n',
};

/** An Ed25519 private key from its 32-byte seed (PKCS #8 around it). */
const privateKeyFromSeed = (seed: Buffer) =>
  createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });

const ledgerKeys = generateKeyPairSync('ed25519');
const otherKeys = generateKeyPairSync('ed25519');

const checkpoint: Checkpoint = {
  origin: 'sales-ledger.example/log',
  treeSize: 1_234,
  rootHash: leafHash('a root'),
  time: '2025-06-01T12:00:00.000Z',
};

describe('signed notes (C2SP signed-note)', () => {
  it('given the Go reference key and text, when signed, then the note is the reference note byte for byte', () => {
    const privateKey = privateKeyFromSeed(GO_EXAMPLE.seed);
    const note = signNote(GO_EXAMPLE.text, 'PeterNeumann', privateKey);
    expect(note).toBe(`${GO_EXAMPLE.text}\n${GO_EXAMPLE.signatureLine}`);
    expect(noteVerifierKey('PeterNeumann', createPublicKey(privateKey))).toBe(GO_EXAMPLE.verifierKey);
    const { keyName, publicKey } = parseNoteVerifierKey(GO_EXAMPLE.verifierKey);
    expect(verifyNote(parseNote(note), publicKey)).toEqual({ verified: true, keyName });
  });

  it('derives the key id as the first 4 bytes of SHA-256(name, newline, 0x01, public key)', () => {
    const raw = Buffer.from(ledgerKeys.publicKey.export({ format: 'jwk' }).x!, 'base64url');
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from('ledger\n'), Buffer.from([1]), raw]))
      .digest()
      .subarray(0, 4);
    expect(noteKeyId('ledger', ledgerKeys.publicKey)).toBe(expected.toString('hex'));
  });

  it("reads back a verifier key whose base64 holds a '+', as Go's note.NewVerifier does", () => {
    let key = generateKeyPairSync('ed25519').publicKey;
    while (!noteVerifierKey('ledger', key).split('+').slice(2).join('+').includes('+')) key = generateKeyPairSync('ed25519').publicKey;
    expect(parseNoteVerifierKey(noteVerifierKey('ledger', key)).publicKey.equals(key)).toBe(true);
  });

  it('refuses a verifier key whose id does not match, and malformed notes and names', () => {
    expect(() => parseNoteVerifierKey(GO_EXAMPLE.verifierKey.replace('c74f20a3', 'c74f20a4'))).toThrow(/does not match/);
    expect(() => parseNote(GO_EXAMPLE.text)).toThrow(/blank line/);
    expect(() => parseNote(`${GO_EXAMPLE.text}\n— PeterNeumann\n`)).toThrow(/signature line 1/);
    expect(() => signNote('no newline', 'ledger', ledgerKeys.privateKey)).toThrow(/newline/);
    expect(() => signNote('text\n', 'two words', ledgerKeys.privateKey)).toThrow(/key name/);
  });
});

describe('checkpoints (C2SP tlog-checkpoint)', () => {
  it('writes origin, size, base64 root and the time line, and reads them back', () => {
    const text = checkpointText(checkpoint);
    expect(text).toBe(`sales-ledger.example/log\n1234\n${checkpoint.rootHash.toString('base64')}\ntime 2025-06-01T12:00:00.000Z\n`);
    expect(parseCheckpointText(text)).toEqual(checkpoint);
    const { time: _time, ...untimed } = checkpoint;
    expect(parseCheckpointText(checkpointText(untimed))).toEqual(untimed);
    expect(parseCheckpointText(`${checkpointText(checkpoint)}other extension\n`)).toEqual({
      ...checkpoint,
      extensions: ['other extension'],
    });
  });

  it('given a checkpoint signed with the ledger key, when verified with its public key, then it is accepted and read back', () => {
    const signed = signCheckpoint(checkpoint, 'sales-ledger', ledgerKeys.privateKey);
    expect(signed.split('\n').at(-2)).toMatch(/^— sales-ledger [A-Za-z0-9+/]{91}=$/);
    expect(verifyCheckpoint(signed, ledgerKeys.publicKey)).toEqual({ verified: true, checkpoint, keyName: 'sales-ledger' });
  });

  it('given another key, a changed line, a name not asked for or a malformed text, then it is refused with the reason', () => {
    const signed = signCheckpoint(checkpoint, 'sales-ledger', ledgerKeys.privateKey);
    const cases: Array<[string, Parameters<typeof verifyCheckpoint>[1], string | undefined, RegExp]> = [
      [
        signed,
        otherKeys.publicKey,
        undefined,
        /no signature by the given public key: the note is signed by sales-ledger \(id [0-9a-f]{8}\)/,
      ],
      [signed.replace('\n1234\n', '\n1233\n'), ledgerKeys.publicKey, undefined, /does not verify: the signed text was changed/],
      [signed.replace('2025-06-01', '2025-06-02'), ledgerKeys.publicKey, undefined, /does not verify/],
      [signed, ledgerKeys.publicKey, 'another-name', /no signature by the given public key/],
      [signed.replace('\n1234\n', '\n01234\n'), ledgerKeys.publicKey, undefined, /malformed: the tree size \(line 2\)/],
      [
        signed.replace(checkpoint.rootHash.toString('base64'), 'AAAA'),
        ledgerKeys.publicKey,
        undefined,
        /malformed: the root hash \(line 3\)/,
      ],
    ];
    for (const [text, key, keyName, reason] of cases) {
      const verification = verifyCheckpoint(text, key, keyName);
      expect(verification.verified).toBe(false);
      expect(!verification.verified && verification.reason).toMatch(reason);
    }
  });

  it('accepts a note cosigned by another key as long as one signature is the ledger key’s', () => {
    const signed = signCheckpoint(checkpoint, 'sales-ledger', ledgerKeys.privateKey);
    const cosignature = signNote(checkpointText(checkpoint), 'witness', otherKeys.privateKey).split('\n\n')[1]!;
    const cosigned = `${signed}${cosignature}`;
    expect(verifyCheckpoint(cosigned, ledgerKeys.publicKey)).toMatchObject({ verified: true, keyName: 'sales-ledger' });
    expect(verifyCheckpoint(cosigned, otherKeys.publicKey)).toMatchObject({ verified: true, keyName: 'witness' });
  });
});
