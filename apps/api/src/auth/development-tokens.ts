import { randomBytes } from 'node:crypto';

import { ACCESS_ROLES, type AccessRole } from '@ledger/ledger';

import { signToken } from './authenticator';

export interface DevelopmentCredentials {
  readonly secret: string;
  /** One token per role, each for the actor `dev-<role>`. */
  readonly tokens: Readonly<Record<AccessRole, string>>;
}

/**
 * Outside production, a server started without LEDGER_JWT_SECRET makes a
 * secret for this run and a token for every role, so the API can be tried at
 * once. The tokens die with the process (the secret is never stored).
 */
export function makeDevelopmentCredentials(): DevelopmentCredentials {
  const secret = randomBytes(32).toString('base64url');
  const tokens = Object.fromEntries(ACCESS_ROLES.map((role) => [role, signToken(secret, { sub: `dev-${role}`, role })])) as Record<
    AccessRole,
    string
  >;
  return { secret, tokens };
}

export function describeDevelopmentCredentials(credentials: DevelopmentCredentials, port: number): string {
  const lines = [
    'No LEDGER_JWT_SECRET is set, so this development server made a secret and these tokens (valid 12 h, until it stops):',
    ...ACCESS_ROLES.map((role) => `  ${role.padEnd(17)} ${credentials.tokens[role]}`),
    'Try one:',
    `  curl -H "Authorization: Bearer ${credentials.tokens.admin}" http://localhost:${port}/v1/pipeline`,
    'Each token acts as dev-<role>; a rep or head token acts for the ledger only once an employee with that id exists.',
  ];
  return lines.join('\n');
}
