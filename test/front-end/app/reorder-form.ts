import type { ApolloClient } from '@apollo/client';

import type { ReorderForm, Submitted } from './contract';
import { fieldErrorsFromGraphql, fieldErrorsFromProblem } from './form-errors';
import { PlaceReorderDocument, type PlaceReorderInput, type PlaceReorderMutation } from './generated/graphql';
import type { paths } from './generated/rest';
import type { RestClient } from './rest-client';

type RestReorderBody = paths['/v1/clients/{clientId}/orders']['post']['requestBody']['content']['application/json'];

/** The form as the command's input; one value for both transports, so their generated input types must agree. */
function inputOf({ orderId, takenBy, amount, currency }: ReorderForm): PlaceReorderInput & RestReorderBody {
  return { orderId, takenBy, total: { amount, currency } };
}

export async function submitReorderOverGraphql(
  client: ApolloClient,
  clientId: string,
  form: ReorderForm,
): Promise<Submitted<NonNullable<PlaceReorderMutation['placeReorder']>>> {
  try {
    const { data } = await client.mutate({ mutation: PlaceReorderDocument, variables: { clientId, input: inputOf(form) } });
    if (!data?.placeReorder) throw new Error('placeReorder answered no data');
    return { ok: true, answer: data.placeReorder };
  } catch (error) {
    return { ok: false, fieldErrors: fieldErrorsFromGraphql(error) };
  }
}

export async function submitReorderOverRest(
  rest: RestClient,
  clientId: string,
  form: ReorderForm,
): Promise<Submitted<{ etag: string | null }>> {
  const { response, error } = await rest.POST('/v1/clients/{clientId}/orders', { params: { path: { clientId } }, body: inputOf(form) });
  if (response.ok) return { ok: true, answer: { etag: response.headers.get('etag') } };
  return { ok: false, fieldErrors: fieldErrorsFromProblem((error ?? {}) as Parameters<typeof fieldErrorsFromProblem>[0]) };
}
