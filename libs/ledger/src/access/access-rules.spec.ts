import type { ClientState, Department, EmployeeState, LeadState, Role } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';

import type { LedgerFailure } from '../application/ledger-error';
import {
  ACCESS_ROLES,
  type AccessRole,
  mayCall,
  OPERATION_ROLES,
  refuseActingFor,
  refuseManagingDepartment,
  refuseManagingEmployee,
  refuseTakingReorder,
  refuseWorkingLead,
} from './access-rules';

const employee = (department: Department, role: Role = 'rep'): EmployeeState => ({ status: 'active', department, role });
const nobody: EmployeeState = { status: 'unknown' };
const user = (role: AccessRole, id = `${role}-1`): Actor => ({ type: 'user', id, role });

/** given the actor (and the ledger's record of them), when they act for someone, then allowed or the reason why not. */
function givenActor(actor: Actor, actorEmployee?: EmployeeState) {
  return {
    whenActingFor: (employeeId: string, target: EmployeeState) => {
      const refusal = refuseActingFor(actor, actorEmployee, employeeId, target, 'repId');
      return {
        thenAllowed: () => expect(refusal).toBeUndefined(),
        thenForbidden: (reason: RegExp) => {
          expect(refusal?.code).toBe('FORBIDDEN');
          expect(refusal!.message).toMatch(reason);
        },
      };
    },
    whenManaging: (departments: Department[]) => {
      const refusal = refuseManagingDepartment(actor, actorEmployee, departments);
      return {
        thenAllowed: () => expect(refusal).toBeUndefined(),
        thenForbidden: (reason: RegExp) => {
          expect(refusal?.code).toBe('FORBIDDEN');
          expect(refusal!.message).toMatch(reason);
        },
      };
    },
  };
}

const annasLead: LeadState = { stage: 'open', leadId: 'acme', company: 'ACME', ownerId: 'anna', contacts: [] };
const client = (owningDepartment: Department, ownerId: string, keyAccount = false): ClientState => ({
  status: 'active',
  clientId: 'acme',
  owningDepartment,
  ownerId,
  keyAccount,
  orders: [],
});

const allowed = (refusal: LedgerFailure | undefined) => expect(refusal).toBeUndefined();
function forbidden(refusal: LedgerFailure | undefined, reason: RegExp, field?: string) {
  expect(refusal?.code).toBe('FORBIDDEN');
  expect(refusal!.message).toMatch(reason);
  expect(refusal!.message).not.toMatch(/may not call/);
  if (field !== undefined) expect(refusal!.field).toBe(field);
}

describe('who may do what', () => {
  describe('operations by role', () => {
    it('analysts and auditors write nothing', () => {
      const writes = [
        'addEmployee',
        'removeEmployee',
        'setCommissionPlan',
        'contactLead',
        'loseLead',
        'winClient',
        'placeReorder',
        'handOffClient',
        'escalateKeyAccount',
        'loseClient',
      ] as const;
      for (const operation of writes) {
        expect(mayCall('analyst', operation)).toBe(false);
        expect(mayCall('auditor', operation)).toBe(false);
      }
    });

    it("auditors read the log, the audit trail and a client's or a lead's state, not the directories or the business reports", () => {
      expect(
        ['events', 'clientEvents', 'handoffs', 'eventAppended', 'client', 'lead'].every((operation) =>
          mayCall('auditor', operation as never),
        ),
      ).toBe(true);
      expect(
        ['clients', 'leads', 'employees', 'pipeline', 'retention', 'revenue'].some((operation) => mayCall('auditor', operation as never)),
      ).toBe(false);
    });

    it('admins may call every operation', () => {
      for (const operation of Object.keys(OPERATION_ROLES)) expect(mayCall('admin', operation as never)).toBe(true);
    });

    it('every rule names only known roles', () => {
      for (const roles of Object.values(OPERATION_ROLES)) for (const role of roles) expect(ACCESS_ROLES).toContain(role);
    });
  });

  describe('recording work for someone', () => {
    it('a rep records their own work', () => {
      givenActor(user('rep', 'anna')).whenActingFor('anna', employee('sales')).thenAllowed();
    });

    it("a rep may not record another rep's work", () => {
      givenActor(user('rep', 'anna'))
        .whenActingFor('ben', employee('sales'))
        .thenForbidden(/as themselves: repId must be anna, not ben/);
      expect(refuseActingFor(user('rep', 'anna'), undefined, 'ben', employee('sales'), 'repId')?.field).toBe('repId');
    });

    it('managers and key-account owners, too, act only as themselves', () => {
      givenActor(user('manager', 'carl'))
        .whenActingFor('dora', employee('client'))
        .thenForbidden(/as themselves/);
      givenActor(user('key_account_owner', 'kim')).whenActingFor('kim', employee('key_accounts')).thenAllowed();
    });

    it('a head records work for people of their own department', () => {
      givenActor(user('head', 'sam'), employee('sales', 'head')).whenActingFor('anna', employee('sales')).thenAllowed();
    });

    it('an assistant head counts as a head', () => {
      givenActor(user('head', 'sue'), employee('sales', 'assistant_head')).whenActingFor('anna', employee('sales')).thenAllowed();
    });

    it('a head may not record work for another department', () => {
      givenActor(user('head', 'sam'), employee('sales', 'head'))
        .whenActingFor('carl', employee('client', 'manager'))
        .thenForbidden(/acts for the sales department; carl works in client/);
    });

    it('for someone the ledger does not know, a head passes and the ledger rule refuses the unknown employee', () => {
      givenActor(user('head', 'sam'), employee('sales', 'head')).whenActingFor('ghost', nobody).thenAllowed();
    });

    it('a head token is honoured only for an active employee recorded as a head', () => {
      givenActor(user('head', 'sam'), nobody)
        .whenActingFor('anna', employee('sales'))
        .thenForbidden(/sam is not an active employee/);
      givenActor(user('head', 'sam'), employee('sales', 'rep'))
        .whenActingFor('anna', employee('sales'))
        .thenForbidden(/recorded as a rep, not a head/);
    });

    it('admins and policies act for anyone', () => {
      givenActor(user('admin')).whenActingFor('anna', employee('sales')).thenAllowed();
      givenActor({ type: 'policy', name: 'auto-handoff' }).whenActingFor('anna', employee('sales')).thenAllowed();
    });

    it('an analyst records no work at all', () => {
      givenActor(user('analyst'))
        .whenActingFor('anna', employee('sales'))
        .thenForbidden(/analyst may not record work/);
    });
  });

  describe("working a lead (winning it, losing it): its owner's, the rep of its first contact", () => {
    it('a rep works their own lead', () => {
      allowed(refuseWorkingLead(user('rep', 'anna'), undefined, annasLead, 'leadId'));
    });

    it("a rep may not work another rep's lead, even as themselves", () => {
      forbidden(
        refuseWorkingLead(user('rep', 'ben'), undefined, annasLead, 'leadId'),
        /lead acme is anna's .*a rep works only their own leads/,
        'leadId',
      );
    });

    it("leads are the sales department's: its head works any of them, another department's head none", () => {
      allowed(refuseWorkingLead(user('head', 'sam'), employee('sales', 'head'), annasLead, 'leadId'));
      forbidden(
        refuseWorkingLead(user('head', 'cleo'), employee('client', 'head'), annasLead, 'leadId'),
        /manages the client department, not sales/,
      );
    });

    it('a lead nobody contacted has no owner: the ledger refuses it as such', () => {
      allowed(refuseWorkingLead(user('rep', 'ben'), undefined, { stage: 'none', contacts: [] }, 'leadId'));
    });

    it('admins and policies work any lead', () => {
      allowed(refuseWorkingLead(user('admin'), undefined, annasLead, 'leadId'));
      allowed(refuseWorkingLead({ type: 'policy', name: 'auto-handoff' }, undefined, annasLead, 'leadId'));
    });
  });

  describe('taking a reorder: the department that owns the client, or the key-account owner', () => {
    it('anyone of the owning department takes the reorders of a client that is not a key account', () => {
      allowed(refuseTakingReorder(user('rep', 'ben'), 'ben', employee('sales'), client('sales', 'anna')));
      allowed(refuseTakingReorder(user('manager', 'carl'), 'carl', employee('client', 'manager'), client('client', 'dora')));
    });

    it("nobody of another department takes a client's reorders", () => {
      forbidden(
        refuseTakingReorder(user('manager', 'carl'), 'carl', employee('client', 'manager'), client('sales', 'anna')),
        /client acme is looked after by the sales department; carl works in client/,
        'takenBy',
      );
      forbidden(
        refuseTakingReorder(user('rep', 'anna'), 'anna', employee('sales'), client('client', 'carl')),
        /looked after by the client department; anna works in sales/,
      );
    });

    it("a key account's reorders are its owner's, not their colleagues'", () => {
      allowed(
        refuseTakingReorder(
          user('key_account_owner', 'kim'),
          'kim',
          employee('key_accounts', 'manager'),
          client('key_accounts', 'kim', true),
        ),
      );
      forbidden(
        refuseTakingReorder(
          user('key_account_owner', 'kai'),
          'kai',
          employee('key_accounts', 'manager'),
          client('key_accounts', 'kim', true),
        ),
        /client acme is a key account: its owner kim takes its reorders \(or a head of key_accounts\), not kai/,
        'takenBy',
      );
      forbidden(refuseTakingReorder(user('rep', 'anna'), 'anna', employee('sales'), client('key_accounts', 'kim', true)), /key account/);
    });

    it("a head of the key account's department takes its reorders, covering for the owner", () => {
      allowed(refuseTakingReorder(user('head', 'kora'), 'kora', employee('key_accounts', 'head'), client('key_accounts', 'kim', true)));
      forbidden(
        refuseTakingReorder(user('head', 'cleo'), 'cleo', employee('client', 'head'), client('key_accounts', 'kim', true)),
        /key account/,
      );
    });

    it("a client not yet won is the ledger's to refuse", () => {
      allowed(refuseTakingReorder(user('rep', 'anna'), 'anna', employee('sales'), { status: 'none', keyAccount: false, orders: [] }));
    });

    it('admins and policies record any reorder', () => {
      allowed(refuseTakingReorder(user('admin'), 'carl', employee('client', 'manager'), client('sales', 'anna')));
    });
  });

  describe('managing employees', () => {
    it('a head adds and removes the reps and managers of their own department', () => {
      allowed(refuseManagingEmployee(user('head', 'sam'), employee('sales', 'head'), 'sales', 'rep'));
      allowed(refuseManagingEmployee(user('head', 'cleo'), employee('client', 'head'), 'client', 'manager'));
    });

    it("a head does not manage another department's people", () => {
      forbidden(
        refuseManagingEmployee(user('head', 'sam'), employee('sales', 'head'), 'client', 'manager'),
        /manages the sales department, not client/,
        'department',
      );
    });

    it('only an admin appoints or removes a head or an assistant head, in any department', () => {
      forbidden(
        refuseManagingEmployee(user('head', 'sam'), employee('sales', 'head'), 'sales', 'head'),
        /only an admin appoints or removes a head/,
        'role',
      );
      forbidden(refuseManagingEmployee(user('head', 'sam'), employee('sales', 'head'), 'sales', 'assistant_head'), /only an admin/, 'role');
      allowed(refuseManagingEmployee(user('admin'), undefined, 'sales', 'head'));
    });
  });

  describe('managing a department', () => {
    it('a head manages their own department', () => {
      givenActor(user('head', 'sam'), employee('sales', 'head')).whenManaging(['sales']).thenAllowed();
    });

    it('a head does not manage another department', () => {
      givenActor(user('head', 'sam'), employee('sales', 'head'))
        .whenManaging(['client'])
        .thenForbidden(/manages the sales department, not client/);
    });

    it('a handoff may be moved by the head of either side', () => {
      givenActor(user('head', 'cleo'), employee('client', 'head')).whenManaging(['sales', 'client']).thenAllowed();
      givenActor(user('head', 'kai'), employee('key_accounts', 'head'))
        .whenManaging(['sales', 'client'])
        .thenForbidden(/not sales or client/);
    });

    it('only heads and admins manage', () => {
      givenActor(user('manager', 'carl'), employee('client', 'manager'))
        .whenManaging(['client'])
        .thenForbidden(/manager may not manage/);
      givenActor(user('admin')).whenManaging(['key_accounts']).thenAllowed();
    });
  });
});
