import type { INestApplication } from '@nestjs/common';

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Express form, e.g. /v1/clients/:clientId/orders */
  readonly path: string;
}

/** Every route the running HTTP server answers, read off Express's own router (so none can hide). */
export function routesOf(app: INestApplication): Route[] {
  const express = app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return express.router.stack
    .filter((layer) => layer.route !== undefined)
    .flatMap((layer) =>
      Object.keys(layer.route!.methods)
        .filter((method) => method !== '_all')
        .map((method) => ({ method: method.toUpperCase() as Route['method'], path: layer.route!.path })),
    );
}

/** The same route with every path parameter filled in. */
export const concretePath = (route: Route, value = 'x1'): string => route.path.replace(/:[A-Za-z]+/g, value);

/** OpenAPI's form of the path: /v1/clients/{clientId}/orders */
export const openApiPath = (route: Route): string => route.path.replace(/:([A-Za-z]+)/g, '{$1}');
