import type { RecordedEvent } from '@ledger/event-store';
import type { ClientView as LedgerClientView, LeadView as LedgerLeadView } from '@ledger/ledger';
import { ObjectType } from '@nestjs/graphql';

import { ClientView } from './client';
import { RecordedEventView } from './events';
import { NestedField } from './fields';
import { LeadView } from './lead';

@ObjectType('ClientChange', { description: 'A client as one event left it, with that event.' })
export class ClientChangeView {
  @NestedField(() => ClientView, { description: 'The client as the event left it.' }) client!: LedgerClientView;
  @NestedField(() => RecordedEventView) event!: RecordedEvent;
}

@ObjectType('LeadChange', { description: 'A lead as one event left it, with that event.' })
export class LeadChangeView {
  @NestedField(() => LeadView, { description: 'The lead as the event left it.' }) lead!: LedgerLeadView;
  @NestedField(() => RecordedEventView) event!: RecordedEvent;
}
