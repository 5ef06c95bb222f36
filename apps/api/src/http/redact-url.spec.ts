import { redactUrl } from './redact-url';

describe('redactUrl: credentials never leave in a logged or echoed URL', () => {
  it.each([
    ['/v1/clients?access_token=abc', '/v1/clients?access_token=REDACTED'],
    ['/v1/clients?token=abc&status=active', '/v1/clients?token=REDACTED&status=active'],
    ['/graphql?API_KEY=abc&apiKey=def&key=ghi', '/graphql?API_KEY=REDACTED&apiKey=REDACTED&key=REDACTED'],
    [
      '/x?client_secret=a&password=b&passwd=c&jwt=d&Authorization=Bearer%20e&id_token=f&refresh-token=g',
      '/x?client_secret=REDACTED&password=REDACTED&passwd=REDACTED&jwt=REDACTED&Authorization=REDACTED&id_token=REDACTED&refresh-token=REDACTED',
    ],
    // A name spelled with escapes is still the name.
    ['/x?access%5Ftoken=abc&%74oken=def', '/x?access%5Ftoken=REDACTED&%74oken=REDACTED'],
    ['/x?token', '/x?token=REDACTED'],
    ['/x?token=a&token=b', '/x?token=REDACTED&token=REDACTED'],
    ['/x?a=1&&b=2', '/x?a=1&&b=2'],
  ])('%s → %s', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });

  it('leaves URLs without credentials as they are, malformed escapes included', () => {
    for (const url of ['/v1/events?after=0&limit=10', '/v1/clients/acme', '/x?q=%E0%A4%A', '/x?asKnownAt=2024-01-01T00:00:00Z', ''])
      expect(redactUrl(url)).toBe(url);
  });

  it('redacts a parameter whose name cannot be decoded, rather than guess', () => {
    expect(redactUrl('/x?%E0%A4%A=secret&limit=1')).toBe('/x?%E0%A4%A=REDACTED&limit=1');
  });
});
