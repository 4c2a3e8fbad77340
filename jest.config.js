/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  transform: {
    // Type-checking runs once, in `npm test`, with tsc; the transform only strips types.
    '^.+\\.ts$': [
      'ts-jest',
      { isolatedModules: true, tsconfig: { module: 'commonjs', target: 'ES2022', esModuleInterop: true, resolveJsonModule: true } },
    ],
  },
  testTimeout: 30000,
  // A worker per core: jest's default leaves one core free, which on a 2-core machine is one worker and twice the
  // time (182 s against 96 s here). The socket suites take their margins from the limits they set, not from an idle
  // machine.
  maxWorkers: '100%',
};
