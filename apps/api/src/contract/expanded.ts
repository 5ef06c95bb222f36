import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/**
 * REST only: an object embedded in an answer when `expand` names it (GraphQL
 * answers it as a field of its own). Null when the id names nothing known on
 * the answer's clocks.
 */
export const ExpandedProperty = (classOf: () => Type, name: string): PropertyDecorator =>
  ApiProperty({
    type: () => classOf(),
    required: false,
    nullable: true,
    description: `Present with \`expand=${name}\`: the object itself, as of the answer's own clocks.`,
  });
