import type { Decider, DomainEvent, Result } from '@ledger/domain';
import { canonicalJson, type NewEvent } from '@ledger/event-store';
import { v5 as uuidv5 } from 'uuid';

import { newEventOf } from '../application/new-event';
import { IMPORT_EVENT_ID_NAMESPACE, type ImportRow, type RowStep } from './import-file';
import type { ImportPlannerOptions } from './import-planner';
import type { ImportRowCode } from './row-validation';

export interface Refusal {
  readonly code: ImportRowCode;
  readonly message: string;
  readonly field?: string;
}

/** A stream as the import sees it: what the ledger holds, then the rows decided so far. */
export interface StreamWork<State, Command, Event extends DomainEvent> {
  readonly streamId: string;
  readonly decider: Decider<Command, Event, State>;
  state: State;
  readonly revision: number | undefined;
  readonly recordedIds: ReadonlySet<string>;
  /** The stream's last planned append, which its next decided events join. */
  open?: { events: NewEvent[] };
}

export type AnyWork = StreamWork<unknown, unknown, DomainEvent>;

/**
 * One row's decisions, kept aside until the whole row is accepted: a row that
 * writes two streams (a win) and is refused on the second leaves the first
 * untouched.
 */
export class RowDecision {
  readonly changes = new Map<AnyWork, { state: unknown; events: NewEvent[] }>();
  present = 0;

  constructor(
    private readonly row: ImportRow,
    private readonly options: ImportPlannerOptions,
  ) {}

  state<State>(work: StreamWork<State, unknown, DomainEvent>): State {
    return (this.changes.get(work as AnyWork)?.state as State | undefined) ?? work.state;
  }

  /** Is the row's event of this step in the ledger already? Counts it if so. */
  isPresent(work: StreamWork<unknown, unknown, DomainEvent>, step: RowStep): boolean {
    if (work.recordedIds.size === 0 || !work.recordedIds.has(this.row.eventId(step))) return false;
    this.present++;
    return true;
  }

  /** Decides the step unless the ledger holds it already. */
  step<State, Command, Event extends DomainEvent>(
    work: StreamWork<State, Command, Event>,
    step: RowStep,
    command: Command,
  ): Refusal | undefined {
    if (this.isPresent(work as unknown as AnyWork, step)) return undefined;
    return this.decide(work, step, command);
  }

  /**
   * Decides the step unless the ledger holds it already, its data first checked and completed by a
   * cross-stream rule against the state of another stream (an employee the command names), as the handlers do.
   */
  checkedStep<State, Command, Event extends DomainEvent, Other, Data>(
    work: StreamWork<State, Command, Event>,
    step: RowStep,
    other: StreamWork<Other, unknown, DomainEvent>,
    rule: (other: Other) => Result<Data>,
    command: (data: Data) => Command,
  ): Refusal | undefined {
    if (this.isPresent(work as unknown as AnyWork, step)) return undefined;
    const data = rule(this.state(other));
    if (!data.ok) return data.failure;
    return this.decide(work, step, command(data.value));
  }

  decide<State, Command, Event extends DomainEvent>(
    work: StreamWork<State, Command, Event>,
    step: RowStep,
    command: Command,
    { compare = true } = {},
  ): Refusal | undefined {
    const decision: Result<Event[]> = work.decider.decide(
      command,
      this.state(work as unknown as StreamWork<State, unknown, DomainEvent>),
      this.options.context,
    );
    if (!decision.ok) return decision.failure;
    return this.record(work, step, decision.value, { compare });
  }

  /** Keeps the decided events with the row's ids; an exported event must be what the ledger decided. */
  record<State, Command, Event extends DomainEvent>(
    work: StreamWork<State, Command, Event>,
    step: RowStep,
    events: readonly Event[],
    { compare = true } = {},
  ): Refusal | undefined {
    const key = work as unknown as AnyWork;
    const change = this.changes.get(key) ?? { state: work.state, events: [] };
    for (const [index, event] of events.entries()) {
      if (compare && step === 'main' && this.row.recorded) {
        const mismatch = differenceFrom(this.row.recorded, event);
        if (mismatch) return mismatch;
      }
      const eventId = index === 0 ? this.row.eventId(step) : uuidv5(`${this.row.eventId(step)}|${index}`, IMPORT_EVENT_ID_NAMESPACE);
      change.events.push(newEventOf(event, eventId, this.options.metadata));
      change.state = work.decider.evolve(change.state as State, event);
    }
    this.changes.set(key, change);
    return undefined;
  }
}

/** Where the event the ledger decides differs from the exported one, if it does. */
function differenceFrom(recorded: NonNullable<ImportRow['recorded']>, decided: DomainEvent): Refusal | undefined {
  if (recorded.type !== decided.type || recorded.occurredAt !== decided.occurredAt) {
    return {
      code: 'EVENT_MISMATCH',
      message: `the ledger decides a ${decided.type} at ${decided.occurredAt} for this ${recorded.type} at ${recorded.occurredAt}`,
    };
  }
  const data = decided.data as Record<string, unknown>;
  for (const key of [...new Set([...Object.keys(recorded.data), ...Object.keys(data)])].sort()) {
    const [theirs, ours] = [shown(recorded.data[key]), shown(data[key])];
    if (theirs !== ours) {
      return {
        code: 'EVENT_MISMATCH',
        field: key,
        message: `the ledger decides ${key} ${ours} here (from the rows before it and the ledger), the line says ${theirs}`,
      };
    }
  }
  return undefined;
}

const shown = (value: unknown): string => (value === undefined ? 'nothing' : canonicalJson(value));
