import { buildSchema, execute, type ExecutionResult, parse } from 'graphql';

import { answerRefusal, MAX_ANSWER_VALUES, withAnswerBudget } from './answer-budget';

const schema = withAnswerBudget(buildSchema('type Order { id: ID! } type Client { orders: [Order!]! } type Query { client: Client }'));
const clientWith = (orders: number) => ({ client: { orders: Array.from({ length: orders }, (_, index) => ({ id: `o-${index}` })) } });
const run = (document: string, orders: number, context: object) =>
  execute({ schema, document: parse(document), rootValue: clientWith(orders), contextValue: context }) as ExecutionResult;

describe('the answer budget', () => {
  it('charges each value and list item as the answer is built, by operation', () => {
    // client's orders: 1 + n items, each order's id: n.
    const fits = (MAX_ANSWER_VALUES - 1) / 2;
    const context = {};
    expect(run('{ client { orders { id } } }', Math.floor(fits), context).errors).toBeUndefined();
    expect(answerRefusal(context)).toBeUndefined();
    // Another operation has a budget of its own.
    expect(run('{ client { orders { id } } }', Math.floor(fits), {}).errors).toBeUndefined();
  });

  it('refuses an answer past the budget, aliases each, and builds no more of it', () => {
    const context = {};
    const result = run('{ a: client { orders { id } } b: client { orders { id } } }', MAX_ANSWER_VALUES / 4 + 10, context);
    expect(answerRefusal(context)?.extensions.code).toBe('ANSWER_TOO_LARGE');
    expect(result.errors?.length).toBeLessThanOrEqual(2);
    expect(result.data?.b ?? null).toBeNull();
  });
});
