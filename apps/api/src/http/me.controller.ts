import { GetViewerQuery } from '@ledger/ledger';
import { Controller, Get, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';

import { Operation } from '../auth/access.decorators';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { ViewerView } from '../contract/viewer';
import { historicalBounds } from '../requests/bounds';
import { AsOfQueryDto } from '../requests/queries';
import { ApiAnswer, ApiSecured } from './openapi';

@Controller('v1/me')
@ApiTags('employees')
@ApiSecured()
export class MeController {
  constructor(private readonly queries: QueryBus) {}

  /** The caller (GraphQL `viewer`): their credentials' id and role, and their employee record if the ledger has one. */
  @ApiAnswer(ViewerView)
  @Operation('viewer')
  @Get()
  me(@Query() query: AsOfQueryDto, @Req() request: AuthenticatedRequest): Promise<ViewerView> {
    const { id, role } = request.principal!;
    return this.queries.execute(new GetViewerQuery(id, role, historicalBounds(query)));
  }
}
