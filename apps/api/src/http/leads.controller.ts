import { type CommandAnswer, type CommandContext, ContactLeadCommand, GetLeadQuery, LoseLeadCommand } from '@ledger/ledger';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { Operation } from '../auth/access.decorators';
import { CommandAnswerView } from '../contract/command-answer';
import { LeadView } from '../contract/lead';
import { historicalBounds } from '../requests/bounds';
import { ContactLeadDto, LoseLeadDto } from '../requests/commands';
import { expandLead } from '../requests/expand';
import { LeadQueryDto } from '../requests/queries';
import { RelatedReads } from '../requests/related-reads';
import { CommandCtx } from './command-context.decorator';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { ApiAnswer, ApiCommand, ApiSecured } from './openapi';
import { ParseIdPipe } from './parse-id.pipe';
import { withRevisionTag } from './revision-tag';

@Controller('v1/leads')
@ApiTags('leads')
@ApiSecured()
export class LeadsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ApiCommand(CommandAnswerView)
  @Operation('contactLead')
  @Post(':leadId/contacts')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  contact(
    @Param('leadId', ParseIdPipe) leadId: string,
    @Body() body: ContactLeadDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandAnswer> {
    return this.commands.execute(new ContactLeadCommand({ ...body, leadId }, context));
  }

  @ApiCommand(CommandAnswerView)
  @Operation('loseLead')
  @Post(':leadId/loss')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  lose(
    @Param('leadId', ParseIdPipe) leadId: string,
    @Body() body: LoseLeadDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandAnswer> {
    return this.commands.execute(new LoseLeadCommand({ ...body, leadId }, context));
  }

  @ApiAnswer(LeadView, [404])
  @Operation('lead')
  @Get(':leadId')
  async get(
    @Param('leadId', ParseIdPipe) leadId: string,
    @Query() query: LeadQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LeadView> {
    const bounds = historicalBounds(query);
    const lead = await this.queries.execute(new GetLeadQuery(leadId, bounds));
    return withRevisionTag(response, await expandLead(lead, query.expand, new RelatedReads(this.queries), bounds));
  }
}
