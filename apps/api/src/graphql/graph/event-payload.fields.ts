import type { RecordedEvent } from '@ledger/event-store';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';

import { EventPayloadUnion, payloadOf } from '../../contract/event-payloads';
import { RecordedEventView } from '../../contract/events';

@Resolver(() => RecordedEventView)
export class RecordedEventPayloadFields {
  @ResolveField(() => EventPayloadUnion, { description: "The event's data, typed by its type: select fields with `... on <type>Payload`." })
  payload(@Parent() event: RecordedEvent): object {
    return payloadOf(event.type, event.data);
  }
}
