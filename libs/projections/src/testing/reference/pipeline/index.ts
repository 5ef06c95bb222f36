import type { PipelineAnswer, PipelineQuery } from '../../../pipeline/pipeline.query';
import type { DocumentProjection } from '../../../shared/projection';
import { applyToPipeline } from './pipeline.projection';
import { queryPipeline } from './pipeline.query';

export * from './pipeline.projection';
export * from './pipeline.query';

/** Leads by stage per rep or department and period: conversion, time to win, lost reasons. */
export const pipelineProjection: DocumentProjection<PipelineQuery, PipelineAnswer> = {
  name: 'pipeline',
  version: 2,
  eventTypes: ['EmployeeJoined', 'LeadContacted', 'LeadLost', 'ClientWon'],
  apply: applyToPipeline,
  query: queryPipeline,
};
