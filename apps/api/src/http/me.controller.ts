import { GetViewerQuery } from '@ledger/ledger';
import { Controller, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';

import type { AuthenticatedRequest } from '../auth/access.guard';
import { ViewerView } from '../contract/viewer';
import { historicalBounds } from '../requests/bounds';
import { AsOfQueryDto } from '../requests/queries';
import { ApiSecured } from './openapi';
import { QueryRoute } from './operation-routes';

@Controller('v1/me')
@ApiTags('employees')
@ApiSecured()
export class MeController {
  constructor(private readonly queries: QueryBus) {}

  /** The caller (GraphQL `viewer`): their credentials' id and role, and their employee record if the ledger has one. */
  @QueryRoute('viewer', ViewerView)
  me(@Query() query: AsOfQueryDto, @Req() request: AuthenticatedRequest): Promise<ViewerView> {
    const { id, role } = request.principal!;
    return this.queries.execute(new GetViewerQuery(id, role, historicalBounds(query)));
  }
}
