import type { CommandAnswer } from '@ledger/ledger';
import { ObjectType } from '@nestjs/graphql';

import { IntField, SafeIntField, TextField } from './fields';

@ObjectType('CommandAnswer', {
  description: 'The event a command appended (for a retry with the same idempotency key, the one appended first).',
})
export class CommandAnswerView implements CommandAnswer {
  @TextField({ example: '0190a7c2-3f1e-7b4a-9c3e-5d2f1a0b6c7d' }) eventId!: string;
  @TextField({ example: 'client-acme' }) streamId!: string;
  @IntField({ minimum: 0, description: "The stream's revision after the event; send it back as the expected revision (If-Match)." })
  revision!: number;
  @SafeIntField({ minimum: 1, description: 'The global position of the event in the log.' }) position!: number;
}
