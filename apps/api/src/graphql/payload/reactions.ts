import type { RecordedEvent } from '@ledger/event-store';
import { ObjectType } from '@nestjs/graphql';

import { ReactionsStateEnum } from '../../contract/enums';
import { RecordedEventView } from '../../contract/events';
import { EnumField, NestedListField, SafeIntField, StringListField, TextField } from '../../contract/fields';
import type { ReactionsState } from './appended-events';

@ObjectType('CommandReactions', {
  description:
    "What the ledger's policies appended in reaction to the command (e.g. the automatic handoff after the third reorder): each such event names one of the command's events, or an earlier reaction, as its causationId and carries the command's correlationId. When the policies run in this API process, the answer waits a short while (at most 2 s) for them to decide on the command's events, and the list is complete (`state: complete`); otherwise `after` and the ids point to where reactions will appear.",
})
export class CommandReactionsView {
  @EnumField(ReactionsStateEnum) state!: ReactionsState;

  @NestedListField(() => RecordedEventView, { description: 'The reactions appended so far, in log order.' })
  events!: RecordedEvent[];

  @TextField({ description: 'The correlation id of the command, which every reaction carries.' }) correlationId!: string;

  @StringListField({ description: "The ids of the command's events: a reaction's causationId is one of these, or another reaction's id." })
  causationIds!: string[];

  @SafeIntField({
    minimum: 1,
    description: "The command's last position: reactions come after it. Follow with eventAppended(after:), or read with events(after:).",
  })
  after!: number;
}
