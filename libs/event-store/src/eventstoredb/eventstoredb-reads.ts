import type { AllStreamResolvedEvent, ResolvedEvent } from '@eventstore/db-client';

/**
 * Feeds every event of a read to `next` until it answers false or the read
 * ends. A read left early is cancelled (@eventstore/db-client's reads are
 * Node streams with cancel(); an async generator ends when left).
 */
export async function consume<E extends ResolvedEvent | AllStreamResolvedEvent>(
  read: AsyncIterable<E> & { cancel?: () => Promise<void> },
  next: (event: E) => boolean,
): Promise<void> {
  let finished = false;
  try {
    let more = true;
    for await (const event of read) {
      more = next(event);
      if (!more) break;
    }
    finished = more;
  } finally {
    // Left by `next` answering false or throwing: the server would go on sending.
    if (!finished && typeof read.cancel === 'function') await read.cancel().catch(() => undefined);
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
