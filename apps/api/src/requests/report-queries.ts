import { GetHandoffsQuery, GetPipelineQuery, GetRetentionQuery, GetRevenueQuery } from '@ledger/ledger';

import { historicalBounds, periodOf } from './bounds';
import type { HandoffsQueryDto, PipelineQueryDto, RetentionQueryDto, RevenueQueryDto } from './queries';

// The ledger's query for each report, from the request as REST's query string and GraphQL's arguments both carry it
// (the same classes): its filters and period, and the clocks it is read on (the query's `at`).

export const pipelineQuery = ({ department, repId, groupBy, ...request }: PipelineQueryDto) =>
  new GetPipelineQuery({ ...periodOf(request), department, repId, groupBy }, historicalBounds(request));

export const retentionQuery = ({ atRiskDays, ...request }: RetentionQueryDto) =>
  new GetRetentionQuery({ ...periodOf(request), atRiskDays }, historicalBounds(request));

export const revenueQuery = ({ groupBy, department, ...request }: RevenueQueryDto) =>
  new GetRevenueQuery({ ...periodOf(request), groupBy, department }, historicalBounds(request));

export const handoffsQuery = ({ clientId, employeeId, department, ...request }: HandoffsQueryDto) =>
  new GetHandoffsQuery({ clientId, employeeId, department, ...periodOf(request) }, historicalBounds(request));
