import {
  type EventExport,
  type EventPage,
  EXPORT_CONTENT_TYPES,
  ExportEventsQuery,
  type ExportFormat,
  GetEventsQuery,
} from '@ledger/ledger';
import { Query, Req, Res, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiProduces } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { EventListView } from '../contract/events';
import { DEFAULT_EVENT_PAGE_SIZE, eventFilterOf, EventsQueryDto } from '../requests/queries';
import { setExportChainHeaders } from './export-chain-headers';
import { SecuredController } from './openapi';
import { QueryRoute } from './operation-routes';

@SecuredController('v1/events', 'events')
export class EventsController {
  constructor(private readonly queries: QueryBus) {}

  /**
   * The global log in order. As JSON, a page at a time (pass nextCursor as
   * `after` to read on; nextAfter, the same position as a number, is deprecated). With `Accept: application/x-ndjson` or `text/csv`, the
   * whole log or the range `after`..`upTo` streams out with backpressure, so a
   * million events leave without being held in memory. Each exported event
   * carries its chain hash, and the headers name where the export stands in the
   * chain: X-Ledger-Chain-Start-Hash (the hash it links from),
   * X-Ledger-Chain-Head-Position and X-Ledger-Chain-Head-Hash (the event it ends at).
   */
  @ApiProduces('application/json', EXPORT_CONTENT_TYPES.ndjson, EXPORT_CONTENT_TYPES.csv)
  @QueryRoute('events', EventListView, undefined, { exportChain: true })
  async list(
    @Query() query: EventsQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<(EventPage & { nextCursor: string | null }) | StreamableFile> {
    const { after = 0, upTo, limit = DEFAULT_EVENT_PAGE_SIZE } = query;
    const format = exportFormatAccepted(request);
    if (format === undefined) {
      const page: EventPage = await this.queries.execute(new GetEventsQuery(after, limit, upTo, eventFilterOf(query)));
      return { ...page, nextCursor: page.nextAfter === null ? null : String(page.nextAfter) };
    }
    const { body, chain }: EventExport = await this.queries.execute(
      new ExportEventsQuery(format, { after, upTo, filter: eventFilterOf(query) }),
    );
    setExportChainHeaders(response, chain);
    return new StreamableFile(body, { type: EXPORT_CONTENT_TYPES[format], disposition: `inline; filename="ledger-events.${format}"` });
  }
}

/** The export format the client prefers to JSON, if any. */
function exportFormatAccepted(request: Request): ExportFormat | undefined {
  const preferred = request.accepts(['application/json', EXPORT_CONTENT_TYPES.ndjson, 'text/csv']);
  if (preferred === EXPORT_CONTENT_TYPES.ndjson) return 'ndjson';
  if (preferred === 'text/csv') return 'csv';
  return undefined;
}
