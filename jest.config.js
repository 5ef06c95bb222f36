// Test tiers by file suffix: *.spec.ts (unit, beside the code), *.int-spec.ts
// (a real database), *.e2e-spec.ts (real HTTP against the real app).
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, keepClassNames: true, target: 'es2022' } }];
const moduleNameMapper = {
  '^@ledger/domain(.*)$': '<rootDir>/libs/domain/src$1',
  '^@ledger/event-store(.*)$': '<rootDir>/libs/event-store/src$1',
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

module.exports = {
  // Real databases and real HTTP on a 2-core machine: allow slow moments without hiding hangs.
  testTimeout: 30_000,
  projects: [
    project('unit', ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts']),
    project('int', ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts']),
    // The app keeps class-validator's metadata on the global scope; jest must not clean it between files.
    project('e2e', ['<rootDir>/test/**/*.e2e-spec.ts'], { testEnvironmentOptions: { globalsCleanup: 'off' } }),
  ],
};
