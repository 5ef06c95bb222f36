import { commissionPlanDecider, type Department, employeeDecider, type Role, streamIds } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';

import { ADMIN, type Cause, causeOf, type ClientSim, type LeadSim, newStream, type Person, SALES_REPS } from './simulation-model';
import { SimulationRecorder } from './simulation-recorder';
import { DAY, HOUR, iso, MINUTE, startOfDay, workday } from './simulation-time';
import { FIRST_NAMES, LAST_NAMES, LEAVING_REASONS } from './simulation-vocabulary';

/** The organisation's calendar: departments founded, people hired and leaving, commission plans. */
export abstract class OrganisationSimulation extends SimulationRecorder {
  /** A working day's leads and contacts (see LeadSimulation). */
  protected abstract workingDay(time: number): void;
  /** Hands a client to the client department (see CompanySimulation). */
  protected abstract handOff(time: number, client: ClientSim, reason: string, cause: Cause): void;

  // -------------------------------------------------------------------------------------------
  // The calendar of the organisation

  /** Midnight of the first day of the month `month` months after the start's month. */
  protected monthStart(month: number): number {
    const start = new Date(this.options.start);
    return Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + month, 1);
  }

  /** 09:00 on the first working day of that month (the founding itself for month 0). */
  protected monthOpening(month: number): number {
    return month === 0 ? this.options.start : workday(this.monthStart(month)) + 9 * HOUR;
  }

  protected scaled(count: number): number {
    return Math.max(1, Math.round(count * this.staff));
  }

  protected planMilestones(): void {
    const founding = this.options.start;
    this.agenda.add(founding, (time) => this.foundSalesDepartment(time));
    // The first leads come in on the next working day.
    this.agenda.add(workday(startOfDay(founding) + DAY) + 6 * HOUR, (time) => this.workingDay(time));

    // The sales department stays 5 reps strong: a rep who leaves is replaced a few weeks later.
    for (const month of [8, 14, 20]) {
      this.agenda.add(this.monthOpening(month) + 14 * DAY, (time) => this.repLeaves(time));
    }
    this.agenda.add(this.monthOpening(5), (time) => this.openClientDepartment(time));
    for (const month of [9, 13, 17, 21]) {
      this.agenda.add(this.monthOpening(month) + 2 * HOUR, (time) => this.hire(time, 'client', 'manager', this.scaled(1)));
    }
    // Plan changes announced at the start of a month, in force from the middle of it.
    this.agenda.add(this.monthOpening(10), (time) => this.setCommissionPlan(time, 'sales', 750, this.monthStart(10) + 14 * DAY));
    this.agenda.add(this.monthOpening(12), (time) => this.openKeyAccounts(time));
    this.agenda.add(this.monthOpening(15), (time) => this.setCommissionPlan(time, 'client', 350, this.monthStart(15) + 15 * DAY));
    this.agenda.add(this.monthOpening(18) + 3 * HOUR, (time) => this.hire(time, 'key_accounts', 'manager', 1));
  }

  protected foundSalesDepartment(time: number): void {
    this.setCommissionPlan(time, 'sales', 800, this.monthStart(0));
    // The company: a head, one more head acting as assistant head, and five reps hunting new clients.
    this.hire(time, 'sales', 'head', 1);
    this.hire(time, 'sales', 'assistant_head', 1);
    this.hire(time, 'sales', 'rep', this.scaled(SALES_REPS));
  }

  protected openClientDepartment(time: number): void {
    this.clientDepartmentOpen = true;
    this.setCommissionPlan(time, 'client', 300, this.monthStart(5));
    this.hire(time, 'client', 'head', 1);
    this.hire(time, 'client', 'manager', this.scaled(2));
  }

  protected openKeyAccounts(time: number): void {
    this.keyAccountsOpen = true;
    this.setCommissionPlan(time, 'key_accounts', 500, this.monthStart(12));
    this.hire(time, 'key_accounts', 'head', 1);
    this.hire(time, 'key_accounts', 'manager', this.scaled(1));
  }

  protected setCommissionPlan(time: number, department: Department, rateBasisPoints: number, effectiveFrom: number): void {
    let stream = this.plans.get(department);
    if (!stream) this.plans.set(department, (stream = newStream(streamIds.commissionPlan(department), commissionPlanDecider)));
    this.decide(
      stream,
      commissionPlanDecider,
      { type: 'SetCommissionPlan', occurredAt: iso(time), data: { department, rateBasisPoints, effectiveFrom: iso(effectiveFrom) } },
      ADMIN,
    );
  }

  protected hire(time: number, department: Department, role: Role, count: number): void {
    for (let i = 0; i < count; i++) {
      const employeeId = `emp-${String(++this.personCount).padStart(3, '0')}`;
      const name = `${this.random.pick(FIRST_NAMES)} ${this.random.pick(LAST_NAMES)}`;
      const person: Person = {
        id: employeeId,
        department,
        role,
        stream: newStream(streamIds.employee(employeeId), employeeDecider),
        actor: { type: 'user', id: employeeId, role },
        active: true,
      };
      this.decide(
        person.stream,
        employeeDecider,
        { type: 'AddEmployee', occurredAt: iso(time), data: { employeeId, name, department, role } },
        ADMIN,
      );
      this.people.set(employeeId, person);
      this.roster.clear();
    }
  }

  /** A rep leaves; the clients they still own in sales go over to the client department. */
  protected repLeaves(time: number): void {
    const reps = [...this.active('sales', 'rep')];
    for (let n = this.scaled(1); n > 0 && reps.length > 3; n--) {
      const rep = reps.splice(this.random.int(0, reps.length - 1), 1)[0]!;
      this.agenda.add(time + this.random.int(14, 35) * DAY, (at) => this.hire(at, 'sales', 'rep', 1));
      const left = this.decide(
        rep.stream,
        employeeDecider,
        { type: 'RemoveEmployee', occurredAt: iso(time), data: { employeeId: rep.id, reason: this.random.pick(LEAVING_REASONS) } },
        ADMIN,
      );
      rep.active = false;
      this.roster.clear();
      const cause = causeOf(left);
      let delay = 0;
      for (const client of this.salesBook.get(rep.id) ?? []) {
        delay += this.random.int(5, 40) * MINUTE;
        this.agenda.add(time + delay, (at) => this.handOff(at, client, `${rep.id} left the company`, cause));
      }
    }
  }

  /** Who is active in a department (and role); cached until someone joins or leaves. Do not mutate. */
  protected active(department: Department, role?: Role): readonly Person[] {
    const key = `${department}|${role ?? ''}`;
    let found = this.roster.get(key);
    if (!found) {
      found = [];
      for (const person of this.people.values()) {
        if (person.active && person.department === department && (role === undefined || person.role === role)) found.push(person);
      }
      this.roster.set(key, found);
    }
    return found;
  }

  /** The head of a department (or anyone active in it) acts for it; the generator itself when nobody is left. */
  protected actorFor(department: Department): Actor {
    const people = this.active(department);
    const head = people.find((person) => person.role === 'head') ?? people[0];
    return head ? head.actor : ADMIN;
  }

  /** A lead's owner (the rep of its first contact) closes it; one passed to another rep when the owner left, the head of sales. */
  protected leadWorker(lead: LeadSim, repId: string): Actor {
    return lead.stream.state.ownerId === repId ? this.actorOf(repId) : this.actorFor('sales');
  }

  protected actorOf(employeeId: string): Actor {
    const person = this.people.get(employeeId);
    return person ? person.actor : ADMIN;
  }
}
