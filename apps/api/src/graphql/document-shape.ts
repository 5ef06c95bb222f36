import type { NextFunction, Request, Response } from 'express';
import { Lexer, Source, TokenKind } from 'graphql';

import { MAX_QUERY_TOKENS } from './limits';

/**
 * How deep brackets ({ [ () may nest in a document. graphql's parser (and
 * its validation after it) recurse once per level, and a few thousand levels
 * overflow the stack; the deepest the schema answers is 8 selections, and an
 * input nests 3. Far above both, far below what the stack survives.
 */
export const MAX_DOCUMENT_NESTING = 64;

const OPENING = new Set<TokenKind>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<TokenKind>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * Why a document must not reach the parser: more tokens than MAX_QUERY_TOKENS
 * or brackets nested deeper than MAX_DOCUMENT_NESTING. Read with graphql's own
 * lexer, which does not recurse; a syntax error is left for the parser to name.
 */
export function documentShapeRefusal(query: string): string | undefined {
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  let depth = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (++tokens > MAX_QUERY_TOKENS) return `Syntax Error: Document contains more than ${MAX_QUERY_TOKENS} tokens. Parsing aborted.`;
      if (OPENING.has(token.kind) && ++depth > MAX_DOCUMENT_NESTING)
        return `Syntax Error: Document nests brackets deeper than ${MAX_DOCUMENT_NESTING} levels. Parsing aborted.`;
      if (CLOSING.has(token.kind)) depth--;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Over HTTP, before Apollo parses: 400 GRAPHQL_PARSE_FAILED, as Apollo answers other documents it cannot parse. */
export function refuseMisshapenDocuments(request: Request, response: Response, next: NextFunction): void {
  const body: unknown = request.body;
  const query = (typeof body === 'object' && body !== null ? (body as { query?: unknown }).query : undefined) ?? request.query.query;
  const refusal = typeof query === 'string' ? documentShapeRefusal(query) : undefined;
  if (refusal === undefined) return next();
  response
    .status(400)
    .type('application/json')
    .send(JSON.stringify({ errors: [{ message: refusal, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] }));
}
