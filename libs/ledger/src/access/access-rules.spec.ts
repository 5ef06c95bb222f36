import type { Department, EmployeeState, Role } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import { ACCESS_ROLES, mayCall, OPERATION_ROLES, refuseActingFor, refuseManagingDepartment, type AccessRole } from './access-rules';

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

describe('who may do what', () => {
  describe('operations by role', () => {
    it('analysts and auditors write nothing', () => {
      const writes = ['addEmployee', 'removeEmployee', 'setCommissionPlan', 'contactLead', 'loseLead', 'winClient', 'placeReorder', 'handOffClient', 'escalateKeyAccount', 'loseClient'] as const;
      for (const operation of writes) {
        expect(mayCall('analyst', operation)).toBe(false);
        expect(mayCall('auditor', operation)).toBe(false);
      }
    });

    it('auditors read the log and the audit trail, not the business reports', () => {
      expect(['events', 'clientEvents', 'handoffs', 'eventAppended'].every((operation) => mayCall('auditor', operation as never))).toBe(true);
      expect(['client', 'clients', 'lead', 'pipeline', 'retention', 'revenue'].some((operation) => mayCall('auditor', operation as never))).toBe(false);
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
      givenActor(user('rep', 'anna')).whenActingFor('ben', employee('sales')).thenForbidden(/as themselves: repId must be anna, not ben/);
      expect(refuseActingFor(user('rep', 'anna'), undefined, 'ben', employee('sales'), 'repId')?.field).toBe('repId');
    });

    it('managers and key-account owners, too, act only as themselves', () => {
      givenActor(user('manager', 'carl')).whenActingFor('dora', employee('client')).thenForbidden(/as themselves/);
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
      givenActor(user('head', 'sam'), nobody).whenActingFor('anna', employee('sales')).thenForbidden(/sam is not an active employee/);
      givenActor(user('head', 'sam'), employee('sales', 'rep')).whenActingFor('anna', employee('sales')).thenForbidden(/recorded as a rep, not a head/);
    });

    it('admins and policies act for anyone', () => {
      givenActor(user('admin')).whenActingFor('anna', employee('sales')).thenAllowed();
      givenActor({ type: 'policy', name: 'auto-handoff' }).whenActingFor('anna', employee('sales')).thenAllowed();
    });

    it('an analyst records no work at all', () => {
      givenActor(user('analyst')).whenActingFor('anna', employee('sales')).thenForbidden(/analyst may not record work/);
    });
  });

  describe('managing a department', () => {
    it('a head manages their own department', () => {
      givenActor(user('head', 'sam'), employee('sales', 'head')).whenManaging(['sales']).thenAllowed();
    });

    it('a head does not manage another department', () => {
      givenActor(user('head', 'sam'), employee('sales', 'head')).whenManaging(['client']).thenForbidden(/manages the sales department, not client/);
    });

    it('a handoff may be moved by the head of either side', () => {
      givenActor(user('head', 'cleo'), employee('client', 'head')).whenManaging(['sales', 'client']).thenAllowed();
      givenActor(user('head', 'kai'), employee('key_accounts', 'head')).whenManaging(['sales', 'client']).thenForbidden(/not sales or client/);
    });

    it('only heads and admins manage', () => {
      givenActor(user('manager', 'carl'), employee('client', 'manager')).whenManaging(['client']).thenForbidden(/manager may not manage/);
      givenActor(user('admin')).whenManaging(['key_accounts']).thenAllowed();
    });
  });
});
