import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';

/**
 * The API's one kind of ETag: a stream's revision, quoted ("3"), which a
 * client sends back in If-Match. Express's own body-hash ETags are switched
 * off (app.ts), so no answer carries another kind.
 */
export const revisionTag = (revision: number): string => `"${revision}"`;

/** A read of one stream's object answers its revision as the ETag, so a client can send it back in If-Match. */
@Injectable()
export class RevisionTagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<{ revision: number }>): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((view) => {
        response.setHeader('ETag', revisionTag(view.revision));
        return view;
      }),
    );
  }
}

/** A command's answer: the stream it wrote and the revision it left it at. */
const isCommandAnswer = (body: unknown): body is { streamId: string; revision: number } =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as { streamId?: unknown }).streamId === 'string' &&
  Number.isSafeInteger((body as { revision?: unknown }).revision);

/** Every REST command's answer (201, a replay's too) carries its stream's revision as the ETag (see IdempotencyInterceptor). */
export function tagCommandAnswer(response: Response, body: unknown): void {
  if (isCommandAnswer(body) && !response.headersSent) response.setHeader('ETag', revisionTag(body.revision));
}
