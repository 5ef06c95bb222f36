import { GetViewerQuery } from '@ledger/ledger';
import { Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';

import type { AuthenticatedRequest } from '../auth/access.guard';
import { ViewerView } from '../contract/viewer';
import { historicalBounds } from '../requests/bounds';
import { AsOfQueryDto } from '../requests/queries';
import { SecuredController } from './openapi';
import { QueryRoute } from './operation-routes';

@SecuredController('v1/me', 'employees')
export class MeController {
  constructor(private readonly queries: QueryBus) {}

  /** The caller (GraphQL `viewer`): their credentials' id and role, and their employee record if the ledger has one. */
  @QueryRoute('viewer', ViewerView)
  me(@Query() query: AsOfQueryDto, @Req() request: AuthenticatedRequest): Promise<ViewerView> {
    const { id, role } = request.principal!;
    return this.queries.execute(new GetViewerQuery(id, role, historicalBounds(query)));
  }
}
