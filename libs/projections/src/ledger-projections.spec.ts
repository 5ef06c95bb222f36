import {
  LEDGER_PROJECTIONS,
  LEDGER_PROJECTIONS_BY_NAME,
  type LedgerAnswerOf,
  type LedgerProjectionName,
  type LedgerQueryOf,
  type PipelineAnswer,
  type RevenueQuery,
} from '.';

describe('the ledger’s read models', () => {
  it('are named by their keys, one list for the runner and for typed queries', () => {
    for (const [name, projection] of Object.entries(LEDGER_PROJECTIONS_BY_NAME)) expect(projection.name).toBe(name);
    expect(LEDGER_PROJECTIONS.map((projection) => projection.name)).toEqual([
      'pipeline',
      'retention',
      'revenue',
      'clients',
      'handoffs',
      'employees',
      'leads',
    ]);
  });

  it('type a query by the projection it names (checked by the compiler)', () => {
    const revenueQuery: LedgerQueryOf<'revenue'> = {} as RevenueQuery;
    const pipelineAnswer: PipelineAnswer = {} as LedgerAnswerOf<'pipeline'>;
    // @ts-expect-error: no projection has this name
    const unknown: LedgerProjectionName = 'pipelines';
    expect([revenueQuery, pipelineAnswer, unknown]).toHaveLength(3);
  });
});
