/**
 * Query parameters whose value is a credential, by their name (any case, `-`
 * or `_` or neither): tokens, keys, secrets, passwords, JWTs, authorisation.
 * The API never reads credentials from the URL, but clients put them there.
 */
const CREDENTIAL_NAME = /token|key|secret|passw|pwd|jwt|auth|credential|signature|session/i;

export const REDACTED = 'REDACTED';

/**
 * The URL with the value of every credential-like query parameter replaced by
 * REDACTED, the rest byte for byte: every URL the API logs or echoes (problem
 * details' `instance`, request log lines) goes through here.
 */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const parameters = url
    .slice(queryStart + 1)
    .split('&')
    .map((parameter) => {
      const rawName = parameter.split('=', 1)[0]!;
      return rawName !== '' && CREDENTIAL_NAME.test(decodedName(rawName)) ? `${rawName}=${REDACTED}` : parameter;
    });
  return `${url.slice(0, queryStart)}?${parameters.join('&')}`;
}

/** As a query parser reads the name; one that cannot be decoded counts as a credential's, to be safe. */
function decodedName(rawName: string): string {
  try {
    return decodeURIComponent(rawName.replace(/\+/g, ' '));
  } catch {
    return 'undecodable-key';
  }
}
