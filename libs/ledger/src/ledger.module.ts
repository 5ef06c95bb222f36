import { Module, type DynamicModule, type OnApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { LedgerStorage } from '@ledger/event-store';
import { IdempotencyService } from './application/idempotency';
import { StreamCommandRunner } from './application/stream-command-runner';
import { StreamReader } from './application/stream-reader';
import { CLOCK, EVENT_STORE, IDEMPOTENCY_KEYS, LEDGER_OPTIONS, type Clock, type LedgerOptions } from './application/tokens';
import { EscalateKeyAccountHandler } from './clients/escalate-key-account';
import { GetClientEventsHandler } from './clients/get-client-events';
import { GetClientHandler } from './clients/get-client';
import { HandOffClientHandler } from './clients/hand-off-client';
import { LoseClientHandler } from './clients/lose-client';
import { PlaceReorderHandler } from './clients/place-reorder';
import { WinClientHandler } from './clients/win-client';
import { SetCommissionPlanHandler } from './commission-plans/set-commission-plan';
import { AddEmployeeHandler } from './employees/add-employee';
import { RemoveEmployeeHandler } from './employees/remove-employee';
import { GetEventsHandler } from './events/get-events';
import { ContactLeadHandler } from './leads/contact-lead';
import { GetLeadHandler } from './leads/get-lead';
import { LoseLeadHandler } from './leads/lose-lead';

const STORAGE = Symbol('STORAGE');

const commandHandlers = [
  AddEmployeeHandler,
  RemoveEmployeeHandler,
  SetCommissionPlanHandler,
  ContactLeadHandler,
  LoseLeadHandler,
  WinClientHandler,
  PlaceReorderHandler,
  HandOffClientHandler,
  EscalateKeyAccountHandler,
  LoseClientHandler,
];
const queryHandlers = [GetClientHandler, GetClientEventsHandler, GetLeadHandler, GetEventsHandler];
const services = [StreamCommandRunner, StreamReader, IdempotencyService];

/** Closes the storage when the process shuts down, after the transports stopped. */
@Injectable()
class StorageLifecycle implements OnApplicationShutdown {
  constructor(@Inject(STORAGE) private readonly storage: LedgerStorage) {}

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}

export interface LedgerModuleOptions extends LedgerOptions {
  /** Opens the configured storage once, at start-up. */
  readonly storage: () => Promise<LedgerStorage>;
  readonly clock?: Clock;
}

@Module({})
export class LedgerModule {
  static forRoot(options: LedgerModuleOptions): DynamicModule {
    const { storage, clock = () => new Date(), ...ledgerOptions } = options;
    return {
      module: LedgerModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: STORAGE, useFactory: storage },
        { provide: EVENT_STORE, useFactory: (s: LedgerStorage) => s.eventStore, inject: [STORAGE] },
        { provide: IDEMPOTENCY_KEYS, useFactory: (s: LedgerStorage) => s.idempotencyKeys, inject: [STORAGE] },
        { provide: CLOCK, useValue: clock },
        { provide: LEDGER_OPTIONS, useValue: ledgerOptions satisfies LedgerOptions },
        StorageLifecycle,
        ...services,
        ...commandHandlers,
        ...queryHandlers,
      ],
      exports: [CqrsModule, EVENT_STORE, IDEMPOTENCY_KEYS, CLOCK, IdempotencyService],
    };
  }
}
