// Test tiers by file suffix: *.spec.ts (unit, beside the code), *.int-spec.ts
// (a real database), *.e2e-spec.ts (real HTTP against the real app).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
      target: 'es2022',
    },
  },
];
const moduleNameMapper = {
  '^@ledger/domain(.*)$': '<rootDir>/libs/domain/src$1',
  '^@ledger/event-store(.*)$': '<rootDir>/libs/event-store/src$1',
  '^@ledger/evidence(.*)$': '<rootDir>/libs/evidence/src$1',
  '^@ledger/projections(.*)$': '<rootDir>/libs/projections/src$1',
  '^@ledger/ledger(.*)$': '<rootDir>/libs/ledger/src$1',
};
const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  rootDir: __dirname,
  testEnvironment: 'node',
  ...extra,
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testMatch,
});

const AUTHORISATION_MATRIX = 'authorisation-matrix.e2e-spec.ts';

module.exports = {
  // Real databases and real HTTP on a 2-core machine: allow slow moments without hiding hangs.
  testTimeout: 30_000,
  projects: [
    project('unit', ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts']),
    project('int', ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts']),
    // The app keeps class-validator's metadata on the global scope; jest must not clean it between files.
    // The authorisation matrix runs in the reliability project, beside the other role tests.
    project('e2e', ['<rootDir>/test/**/*.e2e-spec.ts'], {
      testEnvironmentOptions: { globalsCleanup: 'off' },
      testPathIgnorePatterns: ['/node_modules/', AUTHORISATION_MATRIX],
    }),
    // Crashes, races, hostile input and roles (test/reliability); LEDGER_RELIABILITY_SOAK=1 (npm run test:soak) runs them longer.
    project('reliability', ['<rootDir>/test/reliability/**/*.reliability-spec.ts', `<rootDir>/test/e2e/${AUTHORISATION_MATRIX}`], {
      testEnvironmentOptions: { globalsCleanup: 'off' },
    }),
  ],
};
