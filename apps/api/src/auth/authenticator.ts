import { createHash, timingSafeEqual } from 'node:crypto';

import { ID_PATTERN } from '@ledger/domain';
import { ACCESS_ROLES, type AccessRole, isAccessRole, LedgerError } from '@ledger/ledger';
import { JwtService } from '@nestjs/jwt';

import type { ApiKeyGrant, AuthConfig } from './auth-config';

/** Who is calling, as established from their credentials. */
export interface Principal {
  readonly id: string;
  readonly role: AccessRole;
  readonly via: 'jwt' | 'api-key';
  /** When the credentials stop being valid (a token's exp, in ms since the epoch); API keys do not expire. */
  readonly expiresAt?: number;
}

/** What the Authenticator checks tokens against: the secret and keys, and the limits on a token's times. */
export type AuthenticatorConfig = Pick<AuthConfig, 'jwtSecret' | 'apiKeys'> &
  Partial<Pick<AuthConfig, 'production' | 'maxTokenLifetimeSeconds'>> & {
    /** How far in the future a token's iat may lie (the ledger's LEDGER_MAX_CLOCK_SKEW_SECONDS). */
    readonly clockSkewMs?: number;
  };

const unauthenticated = (message: string) => new LedgerError({ code: 'UNAUTHENTICATED', message });

/**
 * Turns an Authorization header into a principal: a JWT signed with the
 * configured secret (HS256 only, expiry honoured, not issued in the future;
 * in production it must expire, within the configured lifetime) or a
 * configured API key. Anything else is UNAUTHENTICATED, with a reason that
 * reveals no secret.
 */
export class Authenticator {
  private readonly jwt: JwtService | undefined;
  /** Keys by the digest of their text, compared in constant time. */
  private readonly apiKeys: { digest: Buffer; grant: ApiKeyGrant }[];
  /** Production's cap on exp - iat; undefined elsewhere, where a token need not expire. */
  private readonly maxLifetimeSeconds: number | undefined;
  private readonly clockSkewSeconds: number;

  constructor(config: AuthenticatorConfig) {
    this.jwt =
      config.jwtSecret === undefined ? undefined : new JwtService({ secret: config.jwtSecret, verifyOptions: { algorithms: ['HS256'] } });
    this.apiKeys = [...config.apiKeys].map(([key, grant]) => ({ digest: digest(key), grant }));
    this.maxLifetimeSeconds = config.production ? config.maxTokenLifetimeSeconds : undefined;
    this.clockSkewSeconds = (config.clockSkewMs ?? 0) / 1000;
  }

  authenticate(authorization: string | undefined): Principal {
    if (authorization === undefined || authorization.trim() === '') {
      throw unauthenticated('send credentials: Authorization: Bearer <token or API key>');
    }
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('the Authorization header must be "Bearer <token or API key>"');
    const credential = match[1];
    return credential.split('.').length === 3 ? this.fromJwt(credential) : this.fromApiKey(credential);
  }

  private fromJwt(token: string): Principal {
    if (!this.jwt) throw unauthenticated('bearer tokens are not accepted: no LEDGER_JWT_SECRET is configured');
    let claims: { sub?: unknown; role?: unknown; exp?: unknown; iat?: unknown };
    try {
      claims = this.jwt.verify(token);
    } catch (error) {
      const reason =
        (error as Error).name === 'TokenExpiredError' ? 'the token has expired' : 'the token is not valid (bad signature or format)';
      throw unauthenticated(reason);
    }
    if (typeof claims.sub !== 'string' || !ID_PATTERN.test(claims.sub))
      throw unauthenticated('the token has no valid sub claim (the actor id)');
    if (!isAccessRole(claims.role)) throw unauthenticated(`the token's role claim must be one of ${ACCESS_ROLES.join(', ')}`);
    this.checkTimes(claims);
    return { id: claims.sub, role: claims.role, via: 'jwt', ...(typeof claims.exp === 'number' ? { expiresAt: claims.exp * 1000 } : {}) };
  }

  /** jsonwebtoken has checked exp (when present); these are the ledger's own rules on a token's times. */
  private checkTimes({ exp, iat }: { exp?: unknown; iat?: unknown }): void {
    const now = Date.now() / 1000;
    const issuedAt = typeof iat === 'number' ? iat : undefined;
    if (issuedAt !== undefined && issuedAt > now + this.clockSkewSeconds)
      throw unauthenticated("the token was issued in the future (iat): check the issuer's clock");
    if (this.maxLifetimeSeconds === undefined) return;
    if (typeof exp !== 'number') throw unauthenticated('the token has no exp claim: tokens must expire');
    if (exp - (issuedAt ?? now) > this.maxLifetimeSeconds) {
      throw unauthenticated(
        `the token lives longer than ${this.maxLifetimeSeconds} s (exp - iat, LEDGER_JWT_MAX_LIFETIME_SECONDS): ask for a shorter-lived one`,
      );
    }
  }

  private fromApiKey(key: string): Principal {
    const presented = digest(key);
    // Look at every key, so the time taken does not tell how close a guess came.
    let found: ApiKeyGrant | undefined;
    for (const candidate of this.apiKeys) if (timingSafeEqual(candidate.digest, presented)) found = candidate.grant;
    if (!found) throw unauthenticated('the API key is not known');
    return { id: found.actorId, role: found.role, via: 'api-key' };
  }
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Signs a token the Authenticator accepts; used for development tokens and by tests. */
export function signToken(secret: string, claims: { sub: string; role: AccessRole }, expiresInSeconds = 12 * 3600): string {
  return new JwtService({ secret }).sign(claims, { algorithm: 'HS256', expiresIn: expiresInSeconds });
}
