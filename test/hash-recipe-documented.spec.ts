import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { canonicalEventContent, type ChainedContent, chainHash, GENESIS_HASH } from '@ledger/event-store';
import { eventLeafHash, MerkleFrontier, nodeHash } from '@ledger/evidence';

/** The README's section on the hash recipe: its example events, the canonical text shown and the digests of its table. */
function documentedRecipe() {
  const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const start = readme.indexOf('#### The hash recipe\n');
  const section = readme.slice(start, readme.indexOf('\n#### ', start + 1));
  const fenced = (language: string) => {
    const block = new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```').exec(section);
    if (block === null) throw new Error(`the README's hash recipe has no ${language} block`);
    return block[1]!;
  };
  const digests = new Map<string, string>();
  for (const [, label, digest] of section.matchAll(/^\| ([^|`]+?) \| `([^`]+)` \|$/gm)) digests.set(label!, digest!);
  return {
    events: fenced('ndjson')
      .split('\n')
      .map((line) => JSON.parse(line) as ChainedContent),
    canonicalFirst: fenced('text'),
    bytesOfFirst: Number(/canonical content of the first \((\d+) bytes\)/.exec(section)?.[1]),
    digests,
  };
}

describe('the README’s hash recipe', () => {
  const { events, canonicalFirst, bytesOfFirst, digests } = documentedRecipe();

  it('shows three events and the canonical text of the first as the code writes it', () => {
    expect(events.map((event) => event.position)).toEqual([1, 2, 3]);
    expect(canonicalEventContent(events[0]!)).toBe(canonicalFirst);
    expect(Buffer.byteLength(canonicalFirst, 'utf8')).toBe(bytesOfFirst);
  });

  it('gives every digest of its worked example as the code computes it', () => {
    const computed = new Map<string, string>();
    let previous = GENESIS_HASH;
    const frontier = new MerkleFrontier();
    const leaves = events.map((event) => {
      previous = chainHash(previous, event);
      computed.set(`chain hash of position ${event.position}`, previous);
      const leaf = eventLeafHash(event);
      computed.set(`leaf hash of position ${event.position}`, leaf.toString('hex'));
      frontier.appendLeafHash(leaf);
      return leaf;
    });
    computed.set('node of leaves 1 and 2', nodeHash(leaves[0]!, leaves[1]!).toString('hex'));
    const root = nodeHash(nodeHash(leaves[0]!, leaves[1]!), leaves[2]!);
    expect(frontier.root()).toEqual(root);
    computed.set('root of the tree of size 3, hex: node(node of leaves 1 and 2, leaf hash of position 3)', root.toString('hex'));
    computed.set('root of the tree of size 3, base64, as a checkpoint carries it', root.toString('base64'));
    expect(Object.fromEntries(digests)).toEqual(Object.fromEntries(computed));
  });
});
