import { clientDecider, type ContactChannel, leadDecider, streamIds } from '@ledger/domain';

import { type Cause, causeOf, type ClientSim, EUR_PER_UNIT, type LeadSim, newStream } from './simulation-model';
import { OrganisationSimulation } from './simulation-organisation';
import { DAY, HOUR, iso, MINUTE, startOfDay, workday, WORKING_DAYS_PER_MONTH } from './simulation-time';
import {
  CLOSING_CHANNELS,
  COMPANY_FORMS,
  COMPANY_PREFIXES,
  COMPANY_TRADES,
  FIRST_CHANNELS,
  FOLLOW_UP_CHANNELS,
  LEAD_FATES,
  LEAD_LOSS_REASONS,
  LOSS_LADDER,
  NOTES,
  onLadder,
  STALLED_OUTCOMES,
  UNANSWERED_OUTCOMES,
  WIN_LADDER,
} from './simulation-vocabulary';

/** Leads: coming in, worked through contacts, lost or won. */
export abstract class LeadSimulation extends OrganisationSimulation {
  /** The amount of a client's next order (see CompanySimulation). */
  protected abstract orderTotal(client: ClientSim): { amount: number; currency: string };
  /** What follows an order: the next reorder, a handoff, an escalation, a loss (see CompanySimulation). */
  protected abstract afterOrder(time: number, client: ClientSim, cause: Cause): void;

  // -------------------------------------------------------------------------------------------
  // Leads

  protected workingDay(time: number): void {
    const day = startOfDay(time);
    const monthsIn = (day - this.options.start) / (30.44 * DAY);
    // The pipeline grows by half over the first year as the team finds its feet.
    const growth = 0.8 + 0.4 * Math.min(1, monthsIn / 12);
    const leads = this.random.count((this.options.leadsPerMonth * growth) / WORKING_DAYS_PER_MONTH);
    for (let i = 0; i < leads; i++) {
      const at = day + 8 * HOUR + this.random.int(0, 10 * 60 - 1) * MINUTE + this.random.int(0, 59) * 1000;
      this.agenda.add(Math.max(at, time), (when) => this.newLead(when));
    }
    this.agenda.add(workday(day + DAY) + 6 * HOUR, (next) => this.workingDay(next));
  }

  /** A working time some days after `time`, never before it. */
  protected later(time: number, minDays: number, maxDays: number): number {
    const day = workday(startOfDay(time + this.random.between(minDays, maxDays) * DAY));
    const at = day + 8 * HOUR + this.random.int(0, 10 * 60 - 1) * MINUTE + this.random.int(0, 59) * 1000;
    return Math.max(at, time + MINUTE);
  }

  protected newLead(time: number): void {
    const reps = this.active('sales', 'rep');
    if (reps.length === 0) return;
    const random = this.random;
    const currency = random.chance(0.15) ? 'GBP' : 'EUR';
    const company = `${random.pick(COMPANY_PREFIXES)} ${random.pick(COMPANY_TRADES)} ${random.pick(COMPANY_FORMS[currency]!)}`;
    const fate = random.weighted(LEAD_FATES);
    const lossReason = random.weighted(LEAD_LOSS_REASONS);
    const contacts =
      fate === 'win' ? random.int(2, 6) : fate === 'lose' ? random.int(1, lossReason === 'no response' ? 3 : 4) : random.int(1, 3);
    const leadId = `l-${String(++this.leadCount).padStart(6, '0')}`;
    const lead: LeadSim = {
      leadId,
      stream: newStream(streamIds.lead(leadId), leadDecider),
      company,
      currency,
      repId: random.pick(reps).id,
      fate,
      lossReason,
      contacts,
      made: 0,
    };
    this.contact(time, lead);
  }

  /** The rep working the lead; a lead whose rep has left goes to a colleague. */
  protected repFor(lead: LeadSim): string | undefined {
    if (this.people.get(lead.repId)?.active) return lead.repId;
    const reps = this.active('sales', 'rep');
    if (reps.length === 0) return undefined;
    lead.repId = this.random.pick(reps).id;
    return lead.repId;
  }

  protected contact(time: number, lead: LeadSim): void {
    const repId = this.repFor(lead);
    if (repId === undefined) return;
    const step = lead.made / Math.max(1, lead.contacts - 1);
    const { channel, outcome } = this.contactOf(lead, step);
    const notes = NOTES[outcome];
    const note = notes && this.random.chance(0.6) ? this.random.pick(notes) : null;
    this.decide(
      lead.stream,
      leadDecider,
      {
        type: 'ContactLead',
        occurredAt: iso(time),
        data: { leadId: lead.leadId, repId, company: lead.made === 0 ? lead.company : null, channel, outcome, note },
      },
      this.actorOf(repId),
    );
    lead.made += 1;
    if (lead.made < lead.contacts) this.agenda.add(this.later(time, 2, 12), (at) => this.contact(at, lead));
    else if (lead.fate === 'win') this.agenda.add(this.later(time, 1, 10), (at) => this.win(at, lead));
    else if (lead.fate === 'lose') this.agenda.add(this.later(time, 3, 30), (at) => this.loseLead(at, lead));
    // A stalled lead stays open, and nobody calls again.
  }

  protected contactOf(lead: LeadSim, step: number): { channel: ContactChannel; outcome: string } {
    const random = this.random;
    const first = lead.made === 0;
    const channel = random.weighted(first ? FIRST_CHANNELS : step >= 0.6 && lead.fate === 'win' ? CLOSING_CHANNELS : FOLLOW_UP_CHANNELS);
    if (lead.fate === 'win') return { channel, outcome: onLadder(WIN_LADDER, step) };
    if (lead.fate === 'stall') return { channel, outcome: random.pick(STALLED_OUTCOMES) };
    if (lead.lossReason === 'no response') return { channel, outcome: random.pick(UNANSWERED_OUTCOMES) };
    return { channel, outcome: first && random.chance(0.3) ? 'no answer' : onLadder(LOSS_LADDER, step) };
  }

  protected loseLead(time: number, lead: LeadSim): void {
    const repId = this.repFor(lead);
    this.decide(
      lead.stream,
      leadDecider,
      { type: 'LoseLead', occurredAt: iso(time), data: { leadId: lead.leadId, reason: lead.lossReason } },
      repId === undefined ? this.actorFor('sales') : this.leadWorker(lead, repId),
    );
  }

  /** As the ledger's win: LeadConverted on the lead stream, then ClientWon on the new client's stream. */
  protected win(time: number, lead: LeadSim): void {
    const repId = this.repFor(lead);
    if (repId === undefined) return;
    const random = this.random;
    const clientId = `c-${String(++this.clientCount).padStart(6, '0')}`;
    const actor = this.leadWorker(lead, repId);
    const converted = this.decide(
      lead.stream,
      leadDecider,
      { type: 'ConvertLead', occurredAt: iso(time), data: { leadId: lead.leadId, clientId } },
      actor,
    );

    // Order sizes are log-normal: most clients are small, a few are big fish.
    const base = Math.round((150_000 * Math.exp(0.95 * random.normal())) / EUR_PER_UNIT[lead.currency]!);
    const client: ClientSim = {
      clientId,
      stream: newStream(streamIds.client(clientId), clientDecider),
      currency: lead.currency,
      base: Math.max(5_000, base),
      loyalty: random.between(0.7, 0.97),
      cadenceDays: random.between(18, 45),
      wonAt: time,
      orders: 1,
      handoffScheduled: false,
      escalationScheduled: false,
    };
    const won = this.decide(
      client.stream,
      clientDecider,
      {
        type: 'WinClient',
        occurredAt: iso(time),
        data: { clientId, leadId: lead.leadId, repId, firstOrder: { orderId: `${clientId}-o1`, total: this.orderTotal(client) } },
      },
      actor,
      { correlationId: converted[0]!.metadata.correlationId, causationId: converted[0]!.eventId },
    );
    // The lead's append and the client's, just pushed: one decision, stored together.
    this.out.at(-2)!.togetherWithNext = true;
    this.ownedBySales(repId).add(client);
    this.afterOrder(time, client, causeOf(won));
  }

  protected ownedBySales(repId: string): Set<ClientSim> {
    let book = this.salesBook.get(repId);
    if (!book) this.salesBook.set(repId, (book = new Set()));
    return book;
  }

  /** Called before the client leaves the sales department's hands (handoff, escalation, loss). */
  protected releaseFromSales(client: ClientSim): void {
    const { owningDepartment, ownerId } = client.stream.state;
    if (owningDepartment !== 'sales' || ownerId === undefined) return;
    const book = this.salesBook.get(ownerId);
    book?.delete(client);
    if (book?.size === 0) this.salesBook.delete(ownerId);
  }
}
