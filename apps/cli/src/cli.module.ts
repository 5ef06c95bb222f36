import { Module, type DynamicModule } from '@nestjs/common';
import { openLedgerStorage } from '@ledger/event-store';
import { LedgerModule, type LedgerConfig } from '@ledger/ledger';

/** The CLI's root: the same ledger providers as the API, without HTTP. */
@Module({})
export class CliModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        LedgerModule.forRoot({
          storage: () => openLedgerStorage(config.storage),
          maxClockSkewMs: config.maxClockSkewMs,
          atRiskDays: config.atRiskDays,
          policies: config.policies,
          // A CLI command that needs the read models starts the runner itself.
          projections: 'on-demand',
        }),
      ],
    };
  }
}
