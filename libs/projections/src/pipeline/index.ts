import { handledEventTypes } from '../shared/event-handlers';
import type { TableProjection } from '../shared/projection';
import { applyToPipeline, PIPELINE_HANDLERS, PIPELINE_TABLES } from './pipeline.projection';
import { type PipelineAnswer, type PipelineQuery, queryPipeline } from './pipeline.query';

export * from './pipeline.projection';
export * from './pipeline.query';

/** Leads by stage per rep or department and period: conversion, time to win, lost reasons. */
export const pipelineProjection: TableProjection<PipelineQuery, PipelineAnswer> = {
  kind: 'tables',
  name: 'pipeline',
  version: 4,
  eventTypes: handledEventTypes(PIPELINE_HANDLERS),
  tables: PIPELINE_TABLES,
  apply: applyToPipeline,
  query: queryPipeline,
};
