import { ID_PATTERN, ID_RULE } from '@ledger/domain';
import { BadRequestException, type PipeTransform } from '@nestjs/common';

/** Validates an id taken from the path with the same rule as ids in bodies. */
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ID_PATTERN.test(value)) throw new BadRequestException(`the id in the path ${ID_RULE}`);
    return value;
  }
}
