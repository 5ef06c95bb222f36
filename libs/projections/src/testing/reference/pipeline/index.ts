import type { PipelineAnswer, PipelineQuery } from '../../../pipeline/pipeline.query';
import { handledEventTypes } from '../../../shared/event-handlers';
import type { DocumentProjection } from '../../../shared/projection';
import { applyToPipeline, PIPELINE_DOCUMENT_HANDLERS } from './pipeline.projection';
import { queryPipeline } from './pipeline.query';

export * from './pipeline.projection';
export * from './pipeline.query';

/** Leads by stage per rep or department and period: conversion, time to win, lost reasons. */
export const pipelineProjection: DocumentProjection<PipelineQuery, PipelineAnswer> = {
  name: 'pipeline',
  version: 2,
  eventTypes: handledEventTypes(PIPELINE_DOCUMENT_HANDLERS),
  apply: applyToPipeline,
  query: queryPipeline,
};
