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
    // Child processes (forks) start faster than worker threads with the AWS SDK loaded, and a test that spawns a
    // JVM cannot leak it into a thread shared with other files.
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
