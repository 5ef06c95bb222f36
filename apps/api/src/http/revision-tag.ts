import type { Response } from 'express';

/** The stream revision as an ETag, so a client can send it back in If-Match. */
export function withRevisionTag<View extends { revision: number }>(response: Response, view: View): View {
  response.setHeader('ETag', `"${view.revision}"`);
  return view;
}
