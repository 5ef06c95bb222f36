import type { Department, LedgerEvent, LedgerEventType, Role } from '@ledger/domain';
import { createUnionType, ObjectType } from '@nestjs/graphql';

import { ContactChannelEnum, DepartmentEnum, EmployeeRoleEnum } from './enums';
import { DateTimeField, EnumField, IdField, IntField, NestedField, TextField } from './fields';
import { MoneyView } from './money';

// GraphQL's typed form of an event's data: one object type per event type of
// the domain (schema version 1), named <type>Payload, in the union EventPayload.

type DataOf<T extends LedgerEventType> = Extract<LedgerEvent, { type: T }>['data'];

@ObjectType('EmployeeJoinedPayload')
export class EmployeeJoinedPayload implements DataOf<'EmployeeJoined'> {
  @IdField() employeeId!: string;
  @TextField() name!: string;
  @EnumField(DepartmentEnum) department!: Department;
  @EnumField(EmployeeRoleEnum) role!: Role;
}

@ObjectType('EmployeeLeftPayload')
export class EmployeeLeftPayload implements DataOf<'EmployeeLeft'> {
  @IdField() employeeId!: string;
  @TextField({ nullable: true }) reason!: string | null;
}

@ObjectType('CommissionPlanSetPayload')
export class CommissionPlanSetPayload implements DataOf<'CommissionPlanSet'> {
  @EnumField(DepartmentEnum) department!: Department;
  @IntField({ minimum: 0, description: 'The rate in basis points: 500 is 5 %.' }) rateBasisPoints!: number;
  @DateTimeField() effectiveFrom!: string;
}

@ObjectType('LeadContactedPayload')
export class LeadContactedPayload implements DataOf<'LeadContacted'> {
  @IdField() leadId!: string;
  @IdField() repId!: string;
  @TextField() company!: string;
  @EnumField(ContactChannelEnum) channel!: DataOf<'LeadContacted'>['channel'];
  @TextField() outcome!: string;
  @TextField({ nullable: true, allowEmpty: true }) note!: string | null;
}

@ObjectType('LeadLostPayload')
export class LeadLostPayload implements DataOf<'LeadLost'> {
  @IdField() leadId!: string;
  @TextField() reason!: string;
}

@ObjectType('LeadConvertedPayload')
export class LeadConvertedPayload implements DataOf<'LeadConverted'> {
  @IdField() leadId!: string;
  @IdField() clientId!: string;
}

@ObjectType('FirstOrder', { description: 'The order that won the client.' })
export class FirstOrderView {
  @IdField() orderId!: string;
  @NestedField(() => MoneyView) total!: MoneyView;
}

@ObjectType('ClientWonPayload')
export class ClientWonPayload implements DataOf<'ClientWon'> {
  @IdField() clientId!: string;
  @IdField() leadId!: string;
  @IdField() repId!: string;
  @EnumField(DepartmentEnum) department!: 'sales';
  @NestedField(() => FirstOrderView) firstOrder!: FirstOrderView;
}

@ObjectType('ReorderPlacedPayload')
export class ReorderPlacedPayload implements DataOf<'ReorderPlaced'> {
  @IdField() clientId!: string;
  @IdField() orderId!: string;
  @NestedField(() => MoneyView) total!: MoneyView;
  @IdField() takenBy!: string;
  @EnumField(DepartmentEnum) creditedDepartment!: Department;
  @IdField() creditedOwnerId!: string;
}

@ObjectType('ClientHandedToClientDepartmentPayload')
export class ClientHandedToClientDepartmentPayload implements DataOf<'ClientHandedToClientDepartment'> {
  @IdField() clientId!: string;
  @EnumField(DepartmentEnum) fromDepartment!: 'sales';
  @IdField() fromOwnerId!: string;
  @EnumField(DepartmentEnum) toDepartment!: 'client';
  @IdField() toManagerId!: string;
  @TextField() reason!: string;
}

@ObjectType('KeyAccountEscalatedPayload')
export class KeyAccountEscalatedPayload implements DataOf<'KeyAccountEscalated'> {
  @IdField() clientId!: string;
  @EnumField(DepartmentEnum) fromDepartment!: Department;
  @IdField() fromOwnerId!: string;
  @IdField() ownerId!: string;
  @EnumField(DepartmentEnum) ownerDepartment!: Department;
  @TextField() reason!: string;
}

@ObjectType('ClientLostPayload')
export class ClientLostPayload implements DataOf<'ClientLost'> {
  @IdField() clientId!: string;
  @TextField() reason!: string;
  @TextField({ nullable: true }) competitor!: string | null;
}

/** Every event type's payload class: a new event type of the domain fails to compile here until it has one. */
const PAYLOADS: { readonly [T in LedgerEventType]: new () => DataOf<T> } = {
  EmployeeJoined: EmployeeJoinedPayload,
  EmployeeLeft: EmployeeLeftPayload,
  CommissionPlanSet: CommissionPlanSetPayload,
  LeadContacted: LeadContactedPayload,
  LeadLost: LeadLostPayload,
  LeadConverted: LeadConvertedPayload,
  ClientWon: ClientWonPayload,
  ReorderPlaced: ReorderPlacedPayload,
  ClientHandedToClientDepartment: ClientHandedToClientDepartmentPayload,
  KeyAccountEscalated: KeyAccountEscalatedPayload,
  ClientLost: ClientLostPayload,
};

/** The event type a payload belongs to, carried hidden beside its data. */
const EVENT_TYPE = Symbol('eventType');

/** An event's data as the payload of its type. */
export const payloadOf = (type: string, data: unknown): object => ({ ...(data as object), [EVENT_TYPE]: type });

export const EventPayloadUnion = createUnionType({
  name: 'EventPayload',
  description: "An event's data, typed by the event's type (schema version 1).",
  types: () => Object.values(PAYLOADS),
  resolveType: (payload: { [EVENT_TYPE]?: LedgerEventType }) => PAYLOADS[payload[EVENT_TYPE]!],
});
