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
};
