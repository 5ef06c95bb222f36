import type { LedgerStorage } from '@ledger/event-store';
import { type LedgerConfig, LedgerModule } from '@ledger/ledger';
import { type DynamicModule, Module } from '@nestjs/common';

/** The CLI's root: the same ledger providers as the API, without HTTP. */
@Module({})
export class CliModule {
  /** `storage` is opened beforehand, so a store that cannot be reached is one line on stderr rather than a failed module. */
  static forRoot(config: LedgerConfig, storage: LedgerStorage): DynamicModule {
    return {
      module: CliModule,
      imports: [
        LedgerModule.forRoot({
          storage: async () => storage,
          maxClockSkewMs: config.maxClockSkewMs,
          earliestOccurredAt: config.earliestOccurredAt,
          atRiskDays: config.atRiskDays,
          timeZone: config.timeZone,
          policies: config.policies,
          evidence: config.evidence,
          // A CLI command that needs the read models starts the runner itself.
          projections: 'on-demand',
        }),
      ],
    };
  }
}
