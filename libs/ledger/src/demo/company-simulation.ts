import { type ClientCommand, clientDecider, type Department } from '@ledger/domain';

import { LeadSimulation } from './simulation-leads';
import {
  type Cause,
  causeOf,
  type ClientSim,
  HANDOFF_AFTER_DAYS,
  HANDOFF_AFTER_REORDERS,
  KEY_ACCOUNT_THRESHOLD,
  type Person,
  trailingRevenueEur,
} from './simulation-model';
import { DAY, iso, MINUTE } from './simulation-time';
import { CLIENT_LOSS_REASONS, COMPETITORS } from './simulation-vocabulary';

/** Clients: reorders, handoffs to the client department, key-account escalations and losses. */
export class CompanySimulation extends LeadSimulation {
  // -------------------------------------------------------------------------------------------
  // Clients

  protected orderTotal(client: ClientSim): { amount: number; currency: string } {
    return { amount: Math.max(100, Math.round(client.base * this.random.between(0.7, 1.35))), currency: client.currency };
  }

  protected reorder(time: number, client: ClientSim): void {
    const state = client.stream.state;
    if (state.status !== 'active') return;
    const owner = this.people.get(state.ownerId!);
    const takenBy = owner?.active ? owner : this.active(state.owningDepartment!).find((person) => person.role === 'head');
    if (!takenBy) return;
    client.orders += 1;
    const placed = this.decide(
      client.stream,
      clientDecider,
      {
        type: 'PlaceReorder',
        occurredAt: iso(time),
        data: {
          clientId: client.clientId,
          orderId: `${client.clientId}-o${client.orders}`,
          total: this.orderTotal(client),
          takenBy: takenBy.id,
        },
      },
      takenBy.actor,
    );
    // Good clients buy a little more over time.
    client.base = Math.round(client.base * this.random.between(0.98, 1.06));
    this.afterOrder(time, client, causeOf(placed));
  }

  /** What follows an order: the next one (or a fade-out), a handoff, an escalation. */
  protected afterOrder(time: number, client: ClientSim, cause: Cause): void {
    const random = this.random;
    const state = client.stream.state;
    const reorders = client.orders - 1;

    if (this.clientDepartmentOpen && state.owningDepartment === 'sales' && !client.handoffScheduled) {
      const rule =
        reorders >= HANDOFF_AFTER_REORDERS
          ? `policy: ${HANDOFF_AFTER_REORDERS} reorders`
          : time - client.wonAt >= HANDOFF_AFTER_DAYS * DAY
            ? `policy: ${HANDOFF_AFTER_DAYS} days since the first order`
            : undefined;
      if (rule !== undefined) {
        client.handoffScheduled = true;
        this.agenda.add(time + random.int(10, 180) * MINUTE, (at) => this.handOff(at, client, rule, cause));
      }
    }

    if (!random.chance(client.loyalty)) {
      // Some fade out silently (at risk), others are lost, mostly to a competitor; key accounts rarely.
      if (random.chance(state.keyAccount ? 0.15 : 0.45)) this.agenda.add(this.later(time, 30, 120), (at) => this.loseClient(at, client));
      return;
    }
    if (!client.escalationScheduled && !state.keyAccount && this.keyAccountsOpen && client.orders >= 4) {
      if (trailingRevenueEur(state, time) >= KEY_ACCOUNT_THRESHOLD) {
        client.escalationScheduled = true;
        this.agenda.add(this.later(time, 1, 5), (at) => this.escalate(at, client, cause));
      }
    }
    client.loyalty *= 0.995;
    this.agenda.add(this.later(time, client.cadenceDays * 0.7, client.cadenceDays * 1.3), (at) => this.reorder(at, client));
  }

  protected handOff(time: number, client: ClientSim, reason: string, cause: Cause): void {
    const state = client.stream.state;
    if (state.status !== 'active' || state.owningDepartment !== 'sales') return;
    const moved = this.moveClient(client, this.active('client', 'manager'), 'sales', cause, (manager) => ({
      type: 'HandOffClient',
      occurredAt: iso(time),
      data: { clientId: client.clientId, toManagerId: manager.id, reason },
    }));
    if (!moved) return;
    // The client department works the reorders: a handed-over client orders more often and stays longer.
    client.loyalty = Math.min(0.985, client.loyalty + 0.1);
    client.cadenceDays *= 0.85;
  }

  /** As the ledger's escalation: the owner's department comes from the owner's own stream. */
  protected escalate(time: number, client: ClientSim, cause: Cause): void {
    const state = client.stream.state;
    if (state.status !== 'active' || state.keyAccount) return;
    const moved = this.moveClient(client, this.active('key_accounts', 'manager'), 'key_accounts', cause, (owner) => ({
      type: 'EscalateKeyAccount',
      occurredAt: iso(time),
      data: {
        clientId: client.clientId,
        ownerId: owner.id,
        ownerDepartment: owner.stream.state.department!,
        reason: `big fish: trailing 12-month revenue over ${KEY_ACCOUNT_THRESHOLD / 100} EUR`,
      },
    }));
    if (!moved) return;
    // A dedicated owner binds the client and grows it.
    client.loyalty = Math.max(client.loyalty, 0.95);
    client.base = Math.round(client.base * 1.15);
  }

  /**
   * Moves the client to one of the receivers, picked at random, on behalf of a department; answers whether it
   * moved (with nobody to receive it, it stays put). The sales pipeline lets the client go first.
   */
  private moveClient(
    client: ClientSim,
    receivers: readonly Person[],
    actingFor: Department,
    cause: Cause,
    move: (receiver: Person) => ClientCommand,
  ): boolean {
    if (receivers.length === 0) return false;
    const receiver = this.random.pick(receivers);
    this.releaseFromSales(client);
    this.decide(client.stream, clientDecider, move(receiver), this.actorFor(actingFor), cause);
    return true;
  }

  protected loseClient(time: number, client: ClientSim): void {
    const state = client.stream.state;
    if (state.status !== 'active') return;
    const { reason, competitor } = this.random.weighted(CLIENT_LOSS_REASONS);
    const owner = this.people.get(state.ownerId!);
    this.releaseFromSales(client);
    this.decide(
      client.stream,
      clientDecider,
      {
        type: 'LoseClient',
        occurredAt: iso(time),
        data: { clientId: client.clientId, reason, competitor: competitor ? this.random.pick(COMPETITORS) : null },
      },
      owner?.active ? owner.actor : this.actorFor(state.owningDepartment!),
    );
  }
}
