import type { ImportFormat, ImportReport, InvalidRow } from '@ledger/ledger';
import { ObjectType } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import { IntField, NestedListField, SafeIntField, TextField } from './fields';

// REST only (a file upload): these classes never reach the GraphQL schema, which builds from the resolvers.

@ObjectType('ImportInvalidRow', { description: 'A row the import refused.' })
export class ImportInvalidRowView implements InvalidRow {
  @IntField({ minimum: 1, description: 'The line of the file (a CSV record spanning lines: the line it starts on).', example: 12 })
  line!: number;
  @TextField({
    example: 'MONEY_AMOUNT_NOT_INTEGER',
    description:
      'The failure code: the domain’s (the same a command would answer), VALIDATION_FAILED, MALFORMED_JSON, MALFORMED_ROW or EVENT_MISMATCH.',
  })
  code!: InvalidRow['code'];
  @TextField({ example: 'amount must be an integer number of minor units (e.g. 1999 for 19.99)' }) message!: string;
  @TextField({
    optional: true,
    example: 'total.amount',
    description: 'The field as the row names it (a CSV column; data.<field> of an exported event).',
  })
  field?: string;
}

@ObjectType('ImportReport', { description: 'What an import of history did.' })
export class ImportReportView implements ImportReport {
  @TextField({ example: 'csv', description: 'ndjson or csv.' }) format!: ImportFormat;
  @SafeIntField({ minimum: 0, description: 'Rows read from the file.', example: 50000 }) rows!: number;
  @SafeIntField({ minimum: 0, description: 'Events appended by this import.', example: 58000 }) applied!: number;
  @SafeIntField({
    minimum: 0,
    description: 'Events of the file the ledger held already (an earlier import of the same rows): not appended again.',
    example: 0,
  })
  alreadyPresent!: number;
  @SafeIntField({ minimum: 0, description: 'Invalid rows left out (skipInvalid=true); 0 otherwise.', example: 0 }) skipped!: number;
  @SafeIntField({ minimum: 0, description: 'Streams appended to, one append each.', example: 8000 }) streams!: number;
  @TextField({
    example: 'import-3f1e7b4a9c3e5d2f1a0b6c7d8e9f0a1b',
    description: 'Recorded on every event appended (and as its causation id): one per file unless X-Correlation-Id names one.',
  })
  correlationId!: string;
  @NestedListField(() => ImportInvalidRowView, {
    description: 'Why each refused row was refused, by line: a row refused for several fields has an entry for each.',
  })
  invalid!: ImportInvalidRowView[];
}

export class ImportQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      'true: apply the valid rows and report the invalid ones. Default false: any invalid row refuses the whole file (422 IMPORT_INVALID) and nothing is applied.',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  skipInvalid?: 'true' | 'false';
}
