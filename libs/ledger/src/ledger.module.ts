import type { LedgerStorage } from '@ledger/event-store';
import { ledgerProjectionsIn, ProjectionRunner, UTC_ZONE } from '@ledger/projections';
import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CqrsModule, QueryBus } from '@nestjs/cqrs';

import { AccessPolicy } from './access/access-policy';
import { FoldedStreams } from './application/folded-streams';
import { IdempotencyService } from './application/idempotency';
import { LEDGER_METRICS, type LedgerMetrics, UNMEASURED } from './application/ledger-metrics';
import { ReadModelLease, type ReadModelLeaseOptions } from './application/read-model-lease';
import { StreamCommandRunner } from './application/stream-command-runner';
import { StreamReader } from './application/stream-reader';
import {
  CLOCK,
  type Clock,
  EVENT_STORE,
  IDEMPOTENCY_KEYS,
  LEDGER_OPTIONS,
  type LedgerOptions,
  POLICY_RUNNER,
  PROJECTION_RUNNER,
  READ_WAIT_MS,
} from './application/tokens';
import { GetHandoffsHandler } from './audit/get-handoffs';
import { VerifyLogHandler } from './audit/verify-log';
import { EscalateKeyAccountHandler } from './clients/escalate-key-account';
import { GetClientHandler } from './clients/get-client';
import { GetClientEventsHandler } from './clients/get-client-events';
import { HandOffClientCommand, HandOffClientHandler } from './clients/hand-off-client';
import { ListClientsHandler } from './clients/list-clients';
import { LoseClientHandler } from './clients/lose-client';
import { PlaceReorderHandler } from './clients/place-reorder';
import { WinClientHandler } from './clients/win-client';
import { SetCommissionPlanHandler } from './commission-plans/set-commission-plan';
import { AddEmployeeHandler } from './employees/add-employee';
import { GetEmployeeHandler } from './employees/get-employee';
import { GetViewerHandler } from './employees/get-viewer';
import { ListEmployeesHandler } from './employees/list-employees';
import { RemoveEmployeeHandler } from './employees/remove-employee';
import { ExportEventsHandler } from './events/export-events';
import { GetEventsHandler } from './events/get-events';
import { DEFAULT_CHECKPOINT_KEY_NAME, DEFAULT_CHECKPOINT_ORIGIN, type EvidenceSettings } from './evidence/evidence-settings';
import { LedgerEvidence } from './evidence/ledger-evidence';
import { ImportHistoryHandler } from './import/import-history';
import { ContactLeadHandler } from './leads/contact-lead';
import { GetLeadHandler } from './leads/get-lead';
import { ListLeadsHandler } from './leads/list-leads';
import { LoseLeadHandler } from './leads/lose-lead';
import { GetPolicyStatusHandler } from './policies/get-policy-status';
import type { PolicySettings } from './policies/ledger-policies';
import { PolicyRunner } from './policies/policy-runner';
import {
  CheckReadModelsHandler,
  CheckReadModelsQuery,
  GetReadModelChecksHandler,
  ReadModelChecks,
  ReadModelCheckSchedule,
} from './projections/check-read-models';
import { GetPipelineHandler } from './projections/get-pipeline';
import { GetProjectionStatusHandler } from './projections/get-projection-status';
import { GetRetentionHandler } from './projections/get-retention';
import { GetRevenueHandler } from './projections/get-revenue';
import { ProjectionQueries } from './projections/projection-queries';
import { ReadModelPositions } from './projections/read-model-positions';
import { RebuildProjectionHandler, StartProjectionRebuildHandler } from './projections/rebuild-projection';

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
  StartProjectionRebuildHandler,
  RebuildProjectionHandler,
  ImportHistoryHandler,
];
const queryHandlers = [
  GetClientHandler,
  GetClientEventsHandler,
  ListClientsHandler,
  GetLeadHandler,
  GetEmployeeHandler,
  ListEmployeesHandler,
  GetViewerHandler,
  ListLeadsHandler,
  GetEventsHandler,
  ExportEventsHandler,
  GetPipelineHandler,
  GetRetentionHandler,
  GetRevenueHandler,
  GetProjectionStatusHandler,
  CheckReadModelsHandler,
  GetReadModelChecksHandler,
  GetHandoffsHandler,
  VerifyLogHandler,
  GetPolicyStatusHandler,
];
const services = [
  FoldedStreams,
  StreamCommandRunner,
  StreamReader,
  IdempotencyService,
  ProjectionQueries,
  ReadModelPositions,
  ReadModelChecks,
  AccessPolicy,
];
const PROJECTIONS_MODE = Symbol('PROJECTIONS_MODE');
export const DEFAULT_READ_WAIT_MS = 5_000;
const READ_MODEL_LEASE_RUNNER = Symbol('READ_MODEL_LEASE_RUNNER');

/** Closes the storage when the process shuts down, after the transports stopped. */
@Injectable()
class StorageLifecycle implements OnApplicationShutdown {
  constructor(@Inject(STORAGE) private readonly storage: LedgerStorage) {}

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}

/**
 * In a serving process: the process holding the read-model lease runs the
 * projections (caught up before it serves, then following the log) and the
 * policies; every other process answers from the tables it stores. All of it
 * stops (the batch and the command in progress finish) before the storage closes.
 */
@Injectable()
class ReadModelLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(READ_MODEL_LEASE_RUNNER) private readonly lease: ReadModelLease,
    @Inject(PROJECTIONS_MODE) private readonly mode: ProjectionsMode,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.mode === 'follow') await this.lease.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.mode === 'follow') await this.lease.stop();
  }
}

/**
 * In a serving process, the work that follows the log on a schedule: the Merkle tree and its checkpoints, and the
 * read models' check against the log; each stopped (the round under way finished) before the storage closes.
 */
@Injectable()
class ScheduledAuditLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly evidence: LedgerEvidence,
    private readonly readModelChecks: ReadModelCheckSchedule,
    @Inject(PROJECTIONS_MODE) private readonly mode: ProjectionsMode,
  ) {}

  onApplicationBootstrap(): void {
    if (this.mode !== 'follow') return;
    this.evidence.start();
    this.readModelChecks.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.evidence.stop(), this.readModelChecks.stop()]);
  }
}

/** Without configuration: an ephemeral key, checkpoints on demand only. */
const DEFAULT_EVIDENCE: EvidenceSettings = {
  keyName: DEFAULT_CHECKPOINT_KEY_NAME,
  origin: DEFAULT_CHECKPOINT_ORIGIN,
  checkpointIntervalMs: 0,
};

/** 'follow': catch up at start-up, then follow appends (the API). 'on-demand': the caller starts the runner (the CLI). */
export type ProjectionsMode = 'follow' | 'on-demand';

export interface LedgerModuleOptions extends LedgerOptions {
  /** Opens the configured storage once, at start-up. */
  readonly storage: () => Promise<LedgerStorage>;
  readonly clock?: Clock;
  readonly projections?: ProjectionsMode;
  /** Which policies run (only where projections follow the log: the API, never the CLI). */
  readonly policies: PolicySettings;
  /** Told of appends, conflicts and idempotent replays (the API exports them as metrics). */
  readonly metrics?: LedgerMetrics;
  /** How long a read waits for the read models to store the position it names (minPosition); default 5 s. */
  readonly readWaitMs?: number;
  /** The read-model lease's timing (tests shorten it). */
  readonly lease?: Omit<ReadModelLeaseOptions, 'logger'>;
  /** The checkpoints' key, names and schedule (default: an ephemeral key, on demand only). */
  readonly evidence?: EvidenceSettings;
  /** How often the process that runs the projections checks them against the log; 0 or absent: only on demand. */
  readonly readModelCheckIntervalMs?: number;
}

@Module({})
export class LedgerModule {
  static forRoot(options: LedgerModuleOptions): DynamicModule {
    const {
      storage,
      clock = () => new Date(),
      projections = 'follow',
      policies,
      metrics = UNMEASURED,
      lease,
      evidence = DEFAULT_EVIDENCE,
      readWaitMs = DEFAULT_READ_WAIT_MS,
      readModelCheckIntervalMs = 0,
      ...ledgerOptions
    } = options;
    return {
      module: LedgerModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: STORAGE, useFactory: storage },
        { provide: EVENT_STORE, useFactory: (s: LedgerStorage) => s.eventStore, inject: [STORAGE] },
        { provide: IDEMPOTENCY_KEYS, useFactory: (s: LedgerStorage) => s.idempotencyKeys, inject: [STORAGE] },
        { provide: CLOCK, useValue: clock },
        { provide: LEDGER_METRICS, useValue: metrics },
        { provide: LEDGER_OPTIONS, useValue: ledgerOptions satisfies LedgerOptions },
        { provide: PROJECTIONS_MODE, useValue: projections },
        { provide: READ_WAIT_MS, useValue: readWaitMs },
        {
          provide: PROJECTION_RUNNER,
          useFactory: (s: LedgerStorage) =>
            new ProjectionRunner(s.eventStore, s.projections, ledgerProjectionsIn(ledgerOptions.timeZone ?? UTC_ZONE), {
              clock,
              logger: new Logger('Projections'),
            }),
          inject: [STORAGE],
        },
        {
          provide: POLICY_RUNNER,
          useFactory: (s: LedgerStorage, handOff: HandOffClientHandler, escalate: EscalateKeyAccountHandler) =>
            new PolicyRunner(
              s.eventStore,
              s.projections,
              (command) => (command instanceof HandOffClientCommand ? handOff.execute(command) : escalate.execute(command)),
              policies,
              { clock, logger: new Logger('Policies') },
            ),
          inject: [STORAGE, HandOffClientHandler, EscalateKeyAccountHandler],
        },
        {
          provide: READ_MODEL_LEASE_RUNNER,
          useFactory: (s: LedgerStorage, runner: ProjectionRunner, policyRunner: PolicyRunner) =>
            new ReadModelLease(s.leases, runner, policyRunner, { ...lease, logger: new Logger('ReadModels') }),
          inject: [STORAGE, PROJECTION_RUNNER, POLICY_RUNNER],
        },
        {
          provide: LedgerEvidence,
          useFactory: (s: LedgerStorage) => new LedgerEvidence(s.eventStore, s.evidence, evidence, clock, new Logger('Evidence')),
          inject: [STORAGE],
        },
        {
          provide: ReadModelCheckSchedule,
          useFactory: (queries: QueryBus, runner: ProjectionRunner) =>
            new ReadModelCheckSchedule(
              () => queries.execute(new CheckReadModelsQuery()),
              () => runner.runsProjections,
              readModelCheckIntervalMs,
              new Logger('ReadModelCheck'),
            ),
          inject: [QueryBus, PROJECTION_RUNNER],
        },
        StorageLifecycle,
        ReadModelLifecycle,
        ScheduledAuditLifecycle,
        ...services,
        ...commandHandlers,
        ...queryHandlers,
      ],
      exports: [
        CqrsModule,
        EVENT_STORE,
        IDEMPOTENCY_KEYS,
        CLOCK,
        IdempotencyService,
        ReadModelPositions,
        PROJECTION_RUNNER,
        POLICY_RUNNER,
        LedgerEvidence,
      ],
    };
  }
}
