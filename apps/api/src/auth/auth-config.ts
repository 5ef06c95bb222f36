import { ID_PATTERN } from '@ledger/domain';
import { type AccessRole, type EnvironmentReader, isAccessRole } from '@ledger/ledger';

export interface ApiKeyGrant {
  readonly role: AccessRole;
  readonly actorId: string;
}

export interface AuthConfig {
  /** HS256 secret for bearer JWTs; absent in development until start-up makes one. */
  readonly jwtSecret: string | undefined;
  /** Static keys for service clients: key → the role and actor it stands for. */
  readonly apiKeys: ReadonlyMap<string, ApiKeyGrant>;
  readonly production: boolean;
  /** In production, the longest a bearer token may live (exp - iat, or exp - now without iat); exp is required there. */
  readonly maxTokenLifetimeSeconds: number;
}

const MIN_SECRET_LENGTH = 32;
const MIN_API_KEY_LENGTH = 16;
/** A working day and then some: a stolen token is worth a day at most; clients renew it. */
const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

/** LEDGER_JWT_SECRET, LEDGER_JWT_MAX_LIFETIME_SECONDS, LEDGER_API_KEYS (`key=role:actorId,...`) and NODE_ENV; problems go to the reader. */
export function readAuthConfig(env: EnvironmentReader): AuthConfig {
  const production = env.text('NODE_ENV', 'development') === 'production';
  const secret = env.text('LEDGER_JWT_SECRET', '') || undefined;
  if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
    env.problems.push(`LEDGER_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters (HS256 wants a long random secret)`);
  }
  if (secret === undefined && production) {
    env.problems.push('LEDGER_JWT_SECRET must be set when NODE_ENV=production (development tokens are never made in production)');
  }
  const maxTokenLifetimeSeconds = env.integer('LEDGER_JWT_MAX_LIFETIME_SECONDS', DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, 60, 30 * 24 * 3600);
  return { jwtSecret: secret, apiKeys: parseApiKeys(env), production, maxTokenLifetimeSeconds };
}

function parseApiKeys(env: EnvironmentReader): Map<string, ApiKeyGrant> {
  const keys = new Map<string, ApiKeyGrant>();
  const raw = env.text('LEDGER_API_KEYS', '');
  if (raw === '') return keys;
  raw.split(',').forEach((entry, index) => {
    const match = /^([^=\s]+)=([a-z_]+):(\S+)$/.exec(entry.trim());
    const where = `LEDGER_API_KEYS entry ${index + 1}`;
    if (!match) return env.problems.push(`${where} must look like key=role:actorId`);
    const [, key, role, actorId] = match;
    if (key.length < MIN_API_KEY_LENGTH) return env.problems.push(`${where}: the key must be at least ${MIN_API_KEY_LENGTH} characters`);
    if (!isAccessRole(role))
      return env.problems.push(`${where}: role "${role}" is not one of rep, head, manager, key_account_owner, analyst, auditor, admin`);
    if (!ID_PATTERN.test(actorId)) return env.problems.push(`${where}: actorId "${actorId}" must be an id (letters, digits and . _ : @ -)`);
    if (keys.has(key)) return env.problems.push(`${where}: the same key is listed twice`);
    keys.set(key, { role, actorId });
  });
  return keys;
}
