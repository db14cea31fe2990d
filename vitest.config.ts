/**
 * One DynamoDB Local for the whole run (test/support/global-setup.ts); one table per test file
 * (test/support/dynamo.ts).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Requests go to a real DynamoDB Local, and runtime tests start JVMs of their own.
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Not 'threads': CDK's local bundling (test/infra) hands process.stdout to spawnSync, which a worker thread
    // cannot do. Measured on 2 cores, threads won only ~10%, and more workers than the default (cores - 1) won
    // nothing: the JVMs and esbuild are CPU-bound.
    pool: 'forks',
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Dummies: nothing in a test may reach real AWS, and DynamoDB Local (-sharedDb) ignores them.
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: 'ap-southeast-1',
    },
  },
});
