import type { ClientPageQuery, PlaceReorderInput } from './generated/graphql';
import type { RestClient } from './rest-client';

/**
 * Never run: each line below must be a type error, so the generated types are
 * precise (an `any` anywhere would make the expectation unused, which fails the check).
 */
export function typingProof(page: ClientPageQuery, rest: RestClient): void {
  // @ts-expect-error the page did not ask for the client's owner, so the answer has none
  void page.client?.ownerId;
  // @ts-expect-error an amount is an integer of minor units, not text
  const input: PlaceReorderInput = { orderId: 'o-1', takenBy: 'rep-anna', total: { amount: '10.00', currency: 'EUR' } };
  void input;
  // @ts-expect-error the API serves no such route
  void rest.GET('/v1/no-such-route');
}
