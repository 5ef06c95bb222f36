import type { Department } from '@ledger/domain';
import { ArgsType, InputType } from '@nestjs/graphql';

import { DepartmentEnum, LeadStageEnum } from '../contract/enums';
import { EnumField, IdField, IdListField, NestedField } from '../contract/fields';

// The filters of the subscriptions a screen draws from (clientChanged, leadChanged), checked before subscribing.

/** The most ids one subscription may name: a screen's page of objects, not the whole directory. */
export const MAX_WATCHED_IDS = 500;

/** The objects a filter names by id (`noun`: `clients`, `leads`), at most MAX_WATCHED_IDS. */
const WatchedIdsField = (noun: string) =>
  IdListField({ optional: true, maxItems: MAX_WATCHED_IDS, description: `These ${noun} (1 to ${MAX_WATCHED_IDS} ids).` });

@InputType('ClientChangedFilter', { description: 'Which clients to follow; every given criterion must match (none given: every client).' })
export class ClientChangedFilterInput {
  @WatchedIdsField('clients') clientIds?: string[];
  @IdField({ optional: true, description: 'Clients this employee owns, or owned until the change.' }) ownerId?: string;
  @EnumField(DepartmentEnum, { optional: true, description: 'Clients this department owns, or owned until the change.' })
  owningDepartment?: Department;
}

@ArgsType()
export class ClientChangedArgs {
  @NestedField(() => ClientChangedFilterInput, { optional: true }) filter?: ClientChangedFilterInput;
}

@InputType('LeadChangedFilter', { description: 'Which leads to follow; every given criterion must match (none given: every lead).' })
export class LeadChangedFilterInput {
  @WatchedIdsField('leads') leadIds?: string[];
  @IdField({ optional: true, description: 'Leads this rep owns.' }) ownerId?: string;
  @EnumField(LeadStageEnum, { optional: true, description: 'Leads in this stage, or in it until the change (an open lead won or lost).' })
  stage?: 'open' | 'won' | 'lost';
}

@ArgsType()
export class LeadChangedArgs {
  @NestedField(() => LeadChangedFilterInput, { optional: true }) filter?: LeadChangedFilterInput;
}
