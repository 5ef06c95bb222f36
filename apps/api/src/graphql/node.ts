import { Field, ID, InterfaceType } from '@nestjs/graphql';

import { invalidFormatFault } from '../contract/field-codes';
import { fieldError } from '../contract/problem-details';
import type { RelatedType } from '../requests/related-reads';
import { RequestValidationError } from '../requests/validation';

/**
 * Global object ids (the Relay and GitHub convention): an opaque, URL-safe
 * text naming the type and the ledger's own id, so a client cache can key every
 * object by `id` alone and `node(id:)` can fetch any of them again.
 */
export const NODE_TYPES = ['Client', 'Lead', 'Employee'] as const satisfies readonly RelatedType[];
export type NodeType = (typeof NODE_TYPES)[number];

export const globalIdOf = (type: NodeType, key: string): string => Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');

/** The type and key a global id names; VALIDATION_FAILED (on `field`) for anything else. */
export function parseGlobalId(id: string, field = 'id'): { type: NodeType; key: string } {
  const text = /^[A-Za-z0-9_-]{1,400}$/.test(id) ? Buffer.from(id, 'base64url').toString('utf8') : '';
  const separator = text.indexOf(':');
  const type = text.slice(0, separator) as NodeType;
  const key = text.slice(separator + 1);
  if (separator < 1 || !NODE_TYPES.includes(type) || key === '' || globalIdOf(type, key) !== id) {
    throw new RequestValidationError([fieldError(field, `${field} is not an id this API gave out`, invalidFormatFault())]);
  }
  return { type, key };
}

@InterfaceType('Node', {
  description: 'An object with a global id: refetch it with `node(id:)`; client caches key objects by it.',
  resolveType: (value: { readonly nodeType?: NodeType }) => value.nodeType,
})
export abstract class NodeInterface {
  @Field(() => ID, { description: 'Global id: opaque, stable, unique across types.' })
  id!: string;
}
