import type { RecordedEvent } from '@ledger/event-store';
import type { CommandAnswer } from '@ledger/ledger';

import type { CommandTarget } from '../../requests/command-catalogue';

export type { CommandTarget };

type Outcome = { readonly answer: CommandAnswer; readonly target: CommandTarget } | { readonly refusal: unknown };

/**
 * What a mutation answers: the source of the GraphQL type CommandAnswer. An
 * accepted command carries its answer (the four fields every mutation has
 * always answered) and the objects it wrote; a refused one its refusal. The
 * four old fields read the answer, so on a refusal each throws the refusal
 * itself: a client selecting them gets `null` for the mutation and the same
 * top-level error (code, status, fields) as before payloads existed, while a
 * client selecting `userErrors` and the new fields gets the refusal as data.
 */
export class CommandPayload {
  private appended: Promise<RecordedEvent[]> | undefined;

  private constructor(private readonly outcome: Outcome) {}

  static accepted(answer: CommandAnswer, target: CommandTarget): CommandPayload {
    return new CommandPayload({ answer, target });
  }

  static refused(refusal: unknown): CommandPayload {
    return new CommandPayload({ refusal });
  }

  /** The command's answer and what it wrote; undefined when it was refused. */
  get accepted(): { readonly answer: CommandAnswer; readonly target: CommandTarget } | undefined {
    return 'answer' in this.outcome ? this.outcome : undefined;
  }

  /** What refused the command; undefined when it was accepted. */
  get refusal(): unknown {
    return 'refusal' in this.outcome ? this.outcome.refusal : undefined;
  }

  // The fields of CommandAnswer since the first version, read by GraphQL's default resolver (synchronously, so a
  // document selecting all four reports the refusal once, as the mutation's one error).
  get eventId(): string {
    return this.answer().eventId;
  }
  get streamId(): string {
    return this.answer().streamId;
  }
  get revision(): number {
    return this.answer().revision;
  }
  get position(): number {
    return this.answer().position;
  }

  /** The events the command appended, read once however many fields ask. */
  appendedEvents(read: (answer: CommandAnswer, target: CommandTarget) => Promise<RecordedEvent[]>): Promise<RecordedEvent[]> {
    const accepted = this.accepted;
    if (!accepted) return Promise.resolve([]);
    return (this.appended ??= read(accepted.answer, accepted.target));
  }

  private answer(): CommandAnswer {
    if ('refusal' in this.outcome) throw this.outcome.refusal;
    return this.outcome.answer;
  }
}
