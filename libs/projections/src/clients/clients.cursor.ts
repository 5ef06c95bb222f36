import { InvalidCursorError, MAX_CURSOR_LENGTH } from '../shared/listing';

/**
 * The directory's paging cursor in client id order (its default, and all it had
 * before sort keys and search): opaque to callers (base64url of a tagged client
 * id), so its content can change without breaking them. A cursor names the last
 * client of a page; the next page starts after it, whether or not that client is
 * still listed (a cursor taken live also pages an "as of" answer). A page sorted
 * otherwise or searched gives out a listing cursor (shared/listing.ts) instead.
 */
const TAG = 'client:';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export { InvalidCursorError };

export const encodeClientCursor = (clientId: string): string => Buffer.from(`${TAG}${clientId}`, 'utf8').toString('base64url');

/** The client id the cursor names; throws InvalidCursorError for anything encodeClientCursor did not make. */
export function decodeClientCursor(cursor: string): string {
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor))
    throw new InvalidCursorError(String(cursor));
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  // Decoding is lenient (stray bits, broken UTF-8): only a cursor that encodes back to itself is one of ours.
  if (!decoded.startsWith(TAG) || decoded.length === TAG.length || encodeClientCursor(decoded.slice(TAG.length)) !== cursor) {
    throw new InvalidCursorError(cursor);
  }
  return decoded.slice(TAG.length);
}
