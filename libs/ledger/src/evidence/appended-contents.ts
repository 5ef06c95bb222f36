import type { AppendedContent } from '@ledger/event-store';

/**
 * The canonical contents of the events this process appended lately, by position: what the Merkle
 * follower hashes without reading those events back. Other processes' appends leave gaps, which it
 * reads from the log. Bounded: when the follower falls further behind, the oldest are forgotten
 * and it reads those back too.
 */
export class AppendedContents {
  /** In the order appended, which is position order: the oldest come first for forgetting. */
  private readonly held = new Map<number, string>();

  constructor(private readonly most: number) {}

  add(appended: readonly AppendedContent[]): void {
    for (const { position, content } of appended) this.held.set(position, content);
    for (const position of this.held.keys()) {
      if (this.held.size <= this.most) break;
      this.held.delete(position);
    }
  }

  /** The contents of positions `position`, `position` + 1, … while held, at most `limit`; forgets those before `position`. */
  take(position: number, limit: number): string[] {
    for (const held of this.held.keys()) {
      if (held >= position) break;
      this.held.delete(held);
    }
    const contents: string[] = [];
    for (let next = position; contents.length < limit; next++) {
      const content = this.held.get(next);
      if (content === undefined) break;
      contents.push(content);
    }
    return contents;
  }
}
