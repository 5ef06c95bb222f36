import { documentProjectionOf } from '../../../shared/event-handlers';
import { PIPELINE_DOCUMENT_HANDLERS, pipelineDocuments } from './pipeline.projection';
import { queryPipeline } from './pipeline.query';

export * from './pipeline.projection';
export * from './pipeline.query';

/** Leads by stage per rep or department and period: conversion, time to win, lost reasons. */
export const pipelineProjection = documentProjectionOf({
  name: 'pipeline',
  version: 2,
  handlers: PIPELINE_DOCUMENT_HANDLERS,
  view: pipelineDocuments,
  query: queryPipeline,
});
