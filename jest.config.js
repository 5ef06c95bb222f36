// Test tiers by file suffix: *.spec.ts (unit, beside the code), *.int-spec.ts
// (a real database), *.e2e-spec.ts (real HTTP against the real app).
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, keepClassNames: true, target: 'es2022' } }];
const moduleNameMapper = {
  '^@ledger/domain(.*)$': '<rootDir>/libs/domain/src$1',
  '^@ledger/event-store(.*)$': '<rootDir>/libs/event-store/src$1',
  '^@ledger/ledger(.*)$': '<rootDir>/libs/ledger/src$1',
};
const project = (displayName, testMatch) => ({
  displayName,
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testMatch,
});

module.exports = {
  projects: [
    project('unit', ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts']),
    project('int', ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts']),
    project('e2e', ['<rootDir>/test/**/*.e2e-spec.ts']),
  ],
};
