import { IntField, SafeIntField, TextField, ZonedTimeField } from './fields';

/**
 * What every REST list's page carries besides its items: the cursor to read on,
 * the total of the matches, and the moment the answer is for. (GraphQL lists
 * are connections, contract/connection.ts.)
 */
export abstract class ListingPageView {
  @TextField({ nullable: true, description: 'Pass as `after` for the next page; null on the last page.' }) nextCursor!: string | null;
  @IntField({ minimum: 0, description: 'Items matching the filters and the search, on every page.' }) total!: number;
  @ZonedTimeField({ nullable: true, description: 'The business time asked about; null for the live answer.' }) asOf!: string | null;
  @ZonedTimeField({ nullable: true, description: 'The record time asked about (the ledger as it knew it then); null when not asked.' })
  asKnownAt!: string | null;
  @SafeIntField({ minimum: 0, description: 'The last global position the answer reflects.' }) position!: number;
}
