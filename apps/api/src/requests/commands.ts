import { type ContactChannel, type Department, MAX_ORDER_AMOUNT, type Role } from '@ledger/domain';
import { INTEGER_RULES, TEXT_RULES } from '@ledger/ledger';
import { InputType } from '@nestjs/graphql';
import { IsDefined } from 'class-validator';

import { ContactChannelEnum, DepartmentEnum, EmployeeRoleEnum } from '../contract/enums';
import { CurrencyField, EnumField, IdField, IntField, NestedField, SafeIntField, TextField, ZonedTimeField } from '../contract/fields';

// The commands' inputs: each class is at once the REST body, the GraphQL
// input and the OpenAPI schema; its field decorators declare, document and
// check each field by the rule the import's rows are checked by too.

@InputType('MoneyInput')
export class MoneyDto {
  // The bounds are the domain's (which refuses with its own codes what reaches it another way, e.g. an import);
  // checked here too so that a request's every malformed field is answered at once, as VALIDATION_FAILED.
  @SafeIntField({
    ...INTEGER_RULES.orderAmount,
    integerMessage: 'amount must be an integer number of minor units (e.g. 1999 for 19.99)',
    description: `Integer minor units, e.g. 1999 for 19.99 EUR; at most ${MAX_ORDER_AMOUNT}.`,
    example: 125000,
  })
  @IsDefined()
  amount!: number;

  @CurrencyField() currency!: string;
}

const OCCURRED_AT = "Business time: when it happened (default now); never before the stream's latest event.";

/** Commands may carry their business time, so history can be imported. */
@InputType({ isAbstract: true })
class CommandDto {
  @ZonedTimeField({ optional: true, description: OCCURRED_AT }) occurredAt?: string;
}

@InputType('AddEmployeeInput')
export class AddEmployeeDto extends CommandDto {
  @IdField({ example: 'anna' }) employeeId!: string;
  @TextField({ rule: TEXT_RULES.employeeName, example: 'Anna Berg' }) name!: string;
  @EnumField(DepartmentEnum) department!: Department;
  @EnumField(EmployeeRoleEnum) role!: Role;
}

@InputType('RemoveEmployeeInput')
export class RemoveEmployeeDto extends CommandDto {
  @TextField({ rule: TEXT_RULES.reason, optional: true, nullable: true }) reason?: string | null;
}

@InputType('SetCommissionPlanInput')
export class SetCommissionPlanDto extends CommandDto {
  @EnumField(DepartmentEnum) department!: Department;
  @IntField({ ...INTEGER_RULES.rateBasisPoints, description: 'The commission rate in basis points: 500 is 5 %.', example: 500 })
  rateBasisPoints!: number;
  @ZonedTimeField({ description: "When the plan takes effect; after the department's latest plan." }) effectiveFrom!: string;
}

@InputType('ContactLeadInput')
export class ContactLeadDto extends CommandDto {
  @IdField({ example: 'anna' }) repId!: string;
  @TextField({
    rule: TEXT_RULES.company,
    optional: true,
    nullable: true,
    description: "The prospect's company; required on the first contact.",
  })
  company?: string | null;
  @EnumField(ContactChannelEnum) channel!: ContactChannel;
  @TextField({ rule: TEXT_RULES.contactOutcome, example: 'interested' }) outcome!: string;
  @TextField({ rule: TEXT_RULES.contactNote, optional: true, nullable: true }) note?: string | null;
}

@InputType('LoseLeadInput')
export class LoseLeadDto extends CommandDto {
  @TextField({ rule: TEXT_RULES.reason }) reason!: string;
}

@InputType('OrderInput')
export class OrderDto {
  @IdField({ example: 'o-1' }) orderId!: string;
  @NestedField(() => MoneyDto) total!: MoneyDto;
}

@InputType('WinClientInput')
export class WinClientDto extends CommandDto {
  @IdField() clientId!: string;
  @IdField({ description: 'The contacted lead this client is won from.' }) leadId!: string;
  @IdField({ example: 'anna', description: 'The winning rep, of the sales department.' }) repId!: string;
  @NestedField(() => OrderDto) firstOrder!: OrderDto;
}

@InputType('PlaceReorderInput')
export class PlaceReorderDto extends CommandDto {
  @IdField({ example: 'o-2' }) orderId!: string;
  @NestedField(() => MoneyDto) total!: MoneyDto;
  @IdField({ example: 'carl', description: 'The employee who took the order.' }) takenBy!: string;
}

@InputType('HandOffClientInput')
export class HandOffClientDto extends CommandDto {
  @IdField({ example: 'carl', description: 'The receiving employee, of the client department.' }) toManagerId!: string;
  @TextField({ rule: TEXT_RULES.reason }) reason!: string;
}

@InputType('EscalateKeyAccountInput')
export class EscalateKeyAccountDto extends CommandDto {
  @IdField({ example: 'kim', description: 'The owner, of the key-accounts or client department.' }) ownerId!: string;
  @TextField({ rule: TEXT_RULES.reason }) reason!: string;
}

@InputType('LoseClientInput')
export class LoseClientDto extends CommandDto {
  @TextField({ rule: TEXT_RULES.reason }) reason!: string;
  @TextField({ rule: TEXT_RULES.competitor, optional: true, nullable: true }) competitor?: string | null;
}
