import {
  canonicalEventContent,
  canonicalJson,
  type ChainedContent,
  chainHash,
  chainLink,
  ChainWalker,
  contentPieces,
  GENESIS_HASH,
} from './event-chain';

const event = (position: number, data: unknown = { n: position }): ChainedContent => ({
  position,
  eventId: `e-${position}`,
  streamId: 'client-c-1',
  revision: position - 1,
  type: 'ReorderPlaced',
  schemaVersion: 1,
  occurredAt: '2024-03-01T10:00:00.000Z',
  recordedAt: '2024-03-01T10:00:01.000Z',
  data,
  metadata: { actor: { type: 'user', id: 'anna', role: 'rep' }, correlationId: 'corr-1', causationId: 'cmd-1' },
});

/** A log as a store keeps it: every event with the hash chained from the one before. */
function chained(events: ChainedContent[]): Array<{ event: ChainedContent; hash: string | null }> {
  let previous = GENESIS_HASH;
  return events.map((one) => {
    previous = chainHash(previous, one);
    return { event: one, hash: previous };
  });
}

function walk(log: Array<{ event: ChainedContent; hash: string | null }>) {
  const walker = new ChainWalker();
  for (const { event: one, hash } of log) if (!walker.next(one, hash)) break;
  return walker.finish();
}

describe('canonicalJson', () => {
  it('sorts object keys at every depth by UTF-16 code unit and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    // Code-unit order (a surrogate pair before U+FF5A), not code point or locale order, nor the integer-keys-first order of JS objects.
    expect(canonicalJson({ b: 0, '10': 0, '2': 0, B: 0, é: 0, '😀': 0, ｚ: 0 })).toBe('{"10":0,"2":0,"B":0,"b":0,"é":0,"😀":0,"ｚ":0}');
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${(i * 7) % 40}`, i]));
    expect(Object.keys(JSON.parse(canonicalJson(many)) as object)).toEqual(Object.keys(many).sort());
  });

  it('writes strings and numbers as JSON.stringify does', () => {
    const text = 'Zürich 東京 🚀 "quoted" \\ back\nslash\ttab \u0000 \u2028 \ud800 lone';
    expect(canonicalJson(text)).toBe(JSON.stringify(text));
    for (const number of [0, -0, 1, -1.5, 0.1 + 0.2, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, 12_345]) {
      expect(canonicalJson(number)).toBe(JSON.stringify(number));
    }
    expect(canonicalJson([NaN, Infinity, true, false, null])).toBe('[null,null,true,false,null]');
  });

  it('gives what JSON.stringify keeps of values JSON cannot carry, so the value hashes the same once read back', () => {
    const value = {
      at: new Date('2024-01-02T03:04:05.000Z'),
      gone: undefined,
      fn: () => 1,
      list: [undefined, () => 1, 1],
      custom: { toJSON: () => ({ y: 1, x: 2 }) },
      boxed: [new String('s'), new Number(2), new Boolean(false)],
      map: new Map([['k', 1]]),
    };
    expect(canonicalJson(value)).toBe(canonicalJson(JSON.parse(JSON.stringify(value))));
    expect(canonicalJson(value)).toBe(
      '{"at":"2024-01-02T03:04:05.000Z","boxed":["s",2,false],"custom":{"x":2,"y":1},"list":[null,null,1],"map":{}}',
    );
    expect(() => canonicalJson(undefined)).toThrow(/no JSON form/);
    expect(() => canonicalJson({ big: 1n })).toThrow(/BigInt/);
  });

  it('writes keys as JSON.stringify does, the second time as the first (keys are written once and kept)', () => {
    const long = `k${'x'.repeat(100)}"`;
    const value = { 'quote"d': 1, 'tab\t': 2, [long]: 3, '\ud800': 4, plain: { gone: undefined }, none: {} };
    const expected = `{${JSON.stringify(long)}:3,` + '"none":{},"plain":{},"quote\\"d":1,"tab\\t":2,"\\ud800":4}';
    expect(canonicalJson(value)).toBe(expected);
    expect(canonicalJson(value)).toBe(expected);
    expect(JSON.parse(expected)).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('is the same text whatever order the keys were given in', () => {
    const one = { total: { currency: 'EUR', amount: 5 }, orderId: 'o-1' };
    const other = JSON.parse('{"orderId":"o-1","total":{"amount":5,"currency":"EUR"}}') as unknown;
    expect(canonicalJson(one)).toBe(canonicalJson(other));
  });
});

describe('canonicalEventContent and chainHash', () => {
  const fixed: ChainedContent = {
    position: 1,
    eventId: 'e-1',
    streamId: 'client-c-1',
    revision: 0,
    type: 'ClientWon',
    schemaVersion: 1,
    occurredAt: '2024-03-01T10:00:00.000Z',
    recordedAt: '2024-03-01T10:00:01.000Z',
    data: { total: { currency: 'EUR', amount: 12_345 }, clientId: 'c-1', lines: [1, 2.5, null, true, 'Zürich 🚀'] },
    metadata: { causationId: 'cmd-1', correlationId: 'corr-1', actor: { type: 'user', id: 'anna', role: 'rep' } },
  };

  it('covers exactly the ten fields readAll returns, keys sorted, and ignores anything else', () => {
    const content =
      '{"data":{"clientId":"c-1","lines":[1,2.5,null,true,"Zürich 🚀"],"total":{"amount":12345,"currency":"EUR"}},"eventId":"e-1",' +
      '"metadata":{"actor":{"id":"anna","role":"rep","type":"user"},"causationId":"cmd-1","correlationId":"corr-1"},' +
      '"occurredAt":"2024-03-01T10:00:00.000Z","position":1,"recordedAt":"2024-03-01T10:00:01.000Z","revision":0,"schemaVersion":1,' +
      '"streamId":"client-c-1","type":"ClientWon"}';
    expect(canonicalEventContent(fixed)).toBe(content);
    expect(canonicalEventContent({ ...fixed, hash: 'ignored', extra: 1 } as ChainedContent)).toBe(content);
    expect(canonicalEventContent(fixed)).toBe(canonicalJson(fixed));
  });

  it('chainLink gives the same hash as chainHash, and data and metadata as their canonical JSON to store', () => {
    const link = chainLink(GENESIS_HASH, fixed);
    expect(link.hash).toBe(chainHash(GENESIS_HASH, fixed));
    expect(link.data).toBe(canonicalJson(fixed.data));
    expect(link.metadata).toBe(canonicalJson(fixed.metadata));
    expect(JSON.parse(link.data)).toEqual(fixed.data);
    expect(() => chainLink(GENESIS_HASH, { ...fixed, data: undefined })).toThrow(TypeError);
    expect(link.content).toBe(canonicalEventContent(fixed));
  });

  it('contentPieces cuts the content where data, metadata, position and revision go', () => {
    const escaped: ChainedContent = { ...fixed, eventId: 'id "quoted" \\ and \u2028', data: { 'a"b': ['\n', 1.5, null] } };
    for (const event of [fixed, escaped]) {
      const split = contentPieces(event);
      expect(split.data).toBe(canonicalJson(event.data));
      expect(split.metadata).toBe(canonicalJson(event.metadata));
      expect(
        `${split.beforeData}${split.data}${split.afterData}${split.metadata}${split.afterMetadata}${event.position}` +
          `${split.beforeRevision}${event.revision}${split.afterRevision}`,
      ).toBe(canonicalEventContent(event));
    }
    expect(() => contentPieces({ ...fixed, data: undefined })).toThrow(TypeError);
  });

  it('is SHA-256 in lowercase hex over the previous hash followed by the canonical content (a fixed answer: adapters must agree)', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    // Computed independently: sha256(("0" * 64 + content).encode("utf-8")) in Python.
    expect(chainHash(GENESIS_HASH, fixed)).toBe('8b6be5339cc61e7e6ef282b87ce87ebb1cc13e02af059feed46eeb232d26dd3f');
  });

  it('hashes an event the same before it is stored and after it is read back', () => {
    const readBack = JSON.parse(JSON.stringify(fixed)) as ChainedContent;
    expect(chainHash(GENESIS_HASH, readBack)).toBe(chainHash(GENESIS_HASH, fixed));
  });

  it('changes with any field of the event and with the previous hash', () => {
    const base = chainHash(GENESIS_HASH, fixed);
    const changes: Array<Partial<ChainedContent>> = [
      { position: 2 },
      { eventId: 'e-2' },
      { streamId: 'client-c-2' },
      { revision: 1 },
      { type: 'ClientLost' },
      { schemaVersion: 2 },
      { occurredAt: '2024-03-01T10:00:00.001Z' },
      { recordedAt: '2024-03-01T10:00:01.001Z' },
      { data: { ...(fixed.data as object), clientId: 'c-2' } },
      { metadata: { ...fixed.metadata, correlationId: 'corr-2' } },
    ];
    for (const change of changes) expect(chainHash(GENESIS_HASH, { ...fixed, ...change })).not.toBe(base);
    expect(chainHash('1'.repeat(64), fixed)).not.toBe(base);
  });
});

describe('ChainWalker', () => {
  const log = () => chained([1, 2, 3, 4, 5].map((position) => event(position)));
  /** The log of five with one entry's event or stored hash replaced. */
  const altered = (index: number, change: { event: ChainedContent } | { hash: string | null }) => {
    const tampered = log();
    tampered[index] = { ...tampered[index]!, ...change };
    return tampered;
  };

  it('finds an empty log intact at 0 and a whole chain intact up to its last position', () => {
    expect(walk([])).toEqual({ intact: true, verifiedUpTo: 0, events: 0 });
    expect(walk(log())).toEqual({ intact: true, verifiedUpTo: 5, events: 5 });
  });

  it('finds altered content at its position', () => {
    expect(walk(altered(2, { event: event(3, { n: 333 }) }))).toEqual({
      intact: false,
      verifiedUpTo: 2,
      brokenAt: 3,
      reason: 'the content of the event at position 3 does not match its hash (or the chain link from position 2 was rewritten)',
    });
    expect(walk(altered(0, { event: event(1, { n: 111 }) }))).toMatchObject({
      intact: false,
      verifiedUpTo: 0,
      brokenAt: 1,
      reason: 'the content of the event at position 1 does not match its hash',
    });
    expect(walk(altered(4, { event: event(5, { n: 555 }) }))).toMatchObject({ intact: false, verifiedUpTo: 4, brokenAt: 5 });
  });

  it('tells an altered stored hash from altered content', () => {
    expect(walk(altered(1, { hash: 'f'.repeat(64) }))).toEqual({
      intact: false,
      verifiedUpTo: 1,
      brokenAt: 2,
      reason: 'the hash stored at position 2 was altered: it does not match the event, whose true hash position 3 is chained to',
    });
  });

  it('finds content rewritten together with its hash where the next event no longer links to it', () => {
    const events = [1, 2, 3, 4].map((position) => event(position));
    const original = chained(events);
    const rewritten = chained([events[0]!, event(2, { n: 'forged' })]);
    const tampered = [original[0]!, rewritten[1]!, original[2]!, original[3]!];
    expect(walk(tampered)).toMatchObject({ intact: false, verifiedUpTo: 2, brokenAt: 3 });
  });

  it('finds missing events, in the middle and at the start', () => {
    const gap = log();
    gap.splice(2, 1);
    expect(walk(gap)).toEqual({
      intact: false,
      verifiedUpTo: 2,
      brokenAt: 3,
      reason: 'the chain link is broken: position 3 is missing, the log goes on at position 4',
    });
    const wider = log();
    wider.splice(1, 2);
    expect(walk(wider)).toMatchObject({
      verifiedUpTo: 1,
      brokenAt: 2,
      reason: 'the chain link is broken: positions 2 to 3 are missing, the log goes on at position 4',
    });
    expect(walk(log().slice(1))).toMatchObject({ intact: false, verifiedUpTo: 0, brokenAt: 1 });
  });

  it('finds an event without a hash', () => {
    expect(walk(altered(3, { hash: null }))).toEqual({
      intact: false,
      verifiedUpTo: 3,
      brokenAt: 4,
      reason: 'the event at position 4 carries no hash',
    });
  });

  it('asks for no more events once broken', () => {
    const tampered = altered(1, { event: event(2, { n: 0 }) });
    const walker = new ChainWalker();
    expect(walker.next(tampered[0]!.event, tampered[0]!.hash)).toBe(true);
    // Still reading: the next event tells an altered hash from altered content.
    expect(walker.next(tampered[1]!.event, tampered[1]!.hash)).toBe(true);
    expect(walker.next(tampered[2]!.event, tampered[2]!.hash)).toBe(false);
    expect(walker.next(tampered[3]!.event, tampered[3]!.hash)).toBe(false);
    expect(walker.finish()).toMatchObject({ intact: false, brokenAt: 2 });
  });
});
