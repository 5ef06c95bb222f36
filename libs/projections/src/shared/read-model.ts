import { compareText } from './text-order';

/**
 * A read model's state: named collections of JSON documents, kept in memory
 * and persisted document by document. Projection code changes documents only
 * through put/remove, so the runner knows exactly what a batch changed and
 * writes just that, with the batch's checkpoint.
 */
export class ReadModel {
  private readonly collections = new Map<string, Collection<unknown>>();
  private readonly views = new Map<(model: ReadModel) => unknown, unknown>();

  /** @param tracksChanges false for a model that is never stored (an "as of" answer). */
  constructor(private readonly tracksChanges = true) {}

  collection<Doc>(name: string): Collection<Doc> {
    let collection = this.collections.get(name);
    if (!collection) {
      if (name.includes(KEY_SEPARATOR)) throw new Error(`a collection name cannot contain "${KEY_SEPARATOR}": ${name}`);
      collection = new Collection<unknown>(name, this.tracksChanges);
      this.collections.set(name, collection);
    }
    return collection as Collection<Doc>;
  }

  /**
   * A projection's typed handles on its collections, made once per model:
   * apply runs for every event, and should not look its collections up each time.
   */
  view<View>(make: (model: ReadModel) => View): View {
    let view = this.views.get(make) as View | undefined;
    if (view === undefined) {
      view = make(this);
      this.views.set(make, view);
    }
    return view;
  }

  /** Documents changed since the last call, as storage keys with their current bodies (undefined: removed). */
  takeChanges(): Array<{ key: string; body: unknown }> {
    const changes: Array<{ key: string; body: unknown }> = [];
    for (const collection of this.collections.values()) {
      for (const id of collection.takeChanged()) changes.push({ key: storageKey(collection.name, id), body: collection.get(id) });
    }
    return changes;
  }

  /** Every document as storage key and body, sorted by key: a comparable picture of the whole state. */
  documents(): Array<[string, unknown]> {
    const all: Array<[string, unknown]> = [];
    for (const [name, collection] of this.collections) {
      for (const [id, doc] of collection.entries()) all.push([storageKey(name, id), doc]);
    }
    return all.sort(([a], [b]) => compareText(a, b));
  }

  /** A read model holding stored documents (as loadDocuments answers them), with nothing marked changed. */
  static fromDocuments(documents: Iterable<[string, unknown]>): ReadModel {
    const model = new ReadModel();
    for (const [key, body] of documents) {
      const at = key.indexOf(KEY_SEPARATOR);
      model.collection<unknown>(key.slice(0, at)).load(key.slice(at + 1), body);
    }
    return model;
  }
}

/** A projection's view as a function of the model: `make` runs once per model (ReadModel.view keeps what it made by `make` itself). */
export function viewOf<View>(make: (model: ReadModel) => View): (model: ReadModel) => View {
  return (model) => model.view(make);
}

const KEY_SEPARATOR = '/';
const storageKey = (collection: string, id: string) => `${collection}${KEY_SEPARATOR}${id}`;

export class Collection<Doc> {
  private readonly docs = new Map<string, Doc>();
  private changed = new Set<string>();

  constructor(
    readonly name: string,
    private readonly tracksChanges: boolean,
  ) {}

  get(id: string): Doc | undefined {
    return this.docs.get(id);
  }

  /** Stores the document (new, replaced or changed in place): call it after every change. */
  put(id: string, doc: Doc): void {
    this.docs.set(id, doc);
    if (this.tracksChanges) this.changed.add(id);
  }

  remove(id: string): void {
    if (this.docs.delete(id) && this.tracksChanges) this.changed.add(id);
  }

  get size(): number {
    return this.docs.size;
  }

  values(): IterableIterator<Doc> {
    return this.docs.values();
  }

  entries(): IterableIterator<[string, Doc]> {
    return this.docs.entries();
  }

  /** @internal Fills the collection from storage without marking anything changed. */
  load(id: string, doc: Doc): void {
    this.docs.set(id, doc);
  }

  /** @internal The ids changed since the last call. */
  takeChanged(): Set<string> {
    const changed = this.changed;
    this.changed = new Set();
    return changed;
  }
}
