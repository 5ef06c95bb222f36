import { clientOverRest, clientScreensFromCache, openClientScreens } from './client-screens';
import type { FrontEndApp } from './contract';
import { createGraphqlClient } from './graphql-client';
import { submitReorderOverGraphql, submitReorderOverRest } from './reorder-form';
import { createRestClient } from './rest-client';

/** The app as the tests drive it; `satisfies` keeps the tests' view of it true. */
export const frontEndApp = {
  createGraphqlClient,
  createRestClient,
  openClientScreens,
  clientScreensFromCache,
  clientOverRest,
  submitReorderOverGraphql,
  submitReorderOverRest,
} satisfies FrontEndApp;
