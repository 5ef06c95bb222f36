import type { ClientView, EmployeeView, LeadView } from '@ledger/ledger';
import type { HistoricalBounds } from '@ledger/projections';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsOptional } from 'class-validator';

import type { RelatedReads } from './related-reads';

/**
 * REST `expand` (Stripe's `expand[]`): the objects an answer points at by id,
 * embedded beside the id, read on the answer's own clocks and once each per
 * request. The names are those of the GraphQL fields that answer the same objects.
 */
export const CLIENT_EXPANSIONS = ['owner', 'wonByEmployee', 'lead'] as const;
export const LEAD_EXPANSIONS = ['owner', 'client'] as const;
export type ClientExpansion = (typeof CLIENT_EXPANSIONS)[number];
export type LeadExpansion = (typeof LEAD_EXPANSIONS)[number];

/** `expand=owner,lead`, `expand=owner&expand=lead` or both, read as one list of names (anything else is left for the checks). */
const namesOf = ({ value }: { value: unknown }): unknown => {
  const parts: unknown[] = Array.isArray(value) ? value : [value];
  if (!parts.every((part): part is string => typeof part === 'string')) return value;
  return parts.flatMap((part) => part.split(',')).map((name) => name.trim());
};

/** A REST query's `expand`: names of `allowed`, repeated or comma-separated; another name is VALIDATION_FAILED on `expand`. */
export const ExpandField = (allowed: readonly string[]) =>
  applyDecorators(
    ApiProperty({
      required: false,
      type: String,
      isArray: true,
      enum: [...allowed],
      style: 'form',
      explode: true,
      description: `Embed the objects the answer points at, beside their ids: ${allowed.join(', ')}; repeat the parameter or separate names by commas.`,
    } as never),
    Transform(namesOf),
    IsIn(allowed, { each: true, message: `expand names only ${allowed.join(', ')}` }),
    IsArray(),
    IsOptional(),
  );

type Expandable = Pick<ClientView, 'ownerId' | 'wonBy' | 'leadId'>;

/** A client (or a directory row) with the objects `expand` names embedded, read on the clocks `at`. */
export async function expandClient<T extends Expandable>(
  client: T,
  expand: readonly ClientExpansion[] | undefined,
  related: RelatedReads,
  at: HistoricalBounds,
): Promise<T & { owner?: EmployeeView | null; wonByEmployee?: EmployeeView | null; lead?: LeadView | null }> {
  if (!expand?.length) return client;
  const wanted = new Set(expand);
  const [owner, wonByEmployee, lead] = await Promise.all([
    wanted.has('owner') ? related.employee(client.ownerId, at) : undefined,
    wanted.has('wonByEmployee') ? related.employee(client.wonBy, at) : undefined,
    wanted.has('lead') ? related.lead(client.leadId, at) : undefined,
  ]);
  return {
    ...client,
    ...(owner === undefined ? {} : { owner }),
    ...(wonByEmployee === undefined ? {} : { wonByEmployee }),
    ...(lead === undefined ? {} : { lead }),
  };
}

/** A lead with the objects `expand` names embedded, read on the clocks `at`. */
export async function expandLead(
  lead: LeadView,
  expand: readonly LeadExpansion[] | undefined,
  related: RelatedReads,
  at: HistoricalBounds,
): Promise<LeadView & { owner?: EmployeeView | null; client?: ClientView | null }> {
  if (!expand?.length) return lead;
  const wanted = new Set(expand);
  const [owner, client] = await Promise.all([
    wanted.has('owner') ? related.employee(lead.ownerId, at) : undefined,
    wanted.has('client') && lead.clientId !== null ? related.client(lead.clientId, at) : undefined,
  ]);
  return {
    ...lead,
    ...(owner === undefined ? {} : { owner }),
    ...(wanted.has('client') ? { client: client ?? null } : {}),
  };
}
