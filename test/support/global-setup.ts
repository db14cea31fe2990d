/**
 * Vitest globalSetup: one in-memory DynamoDB Local for the whole run (a JVM start costs seconds; a table costs
 * milliseconds). Each test file then starts the local runtime on it with a uniquely named table of its own
 * (createTestApp() in ./app.ts, or startTestRuntime() / createTestTable() in ./dynamo.ts).
 */
import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../scripts/lib/dynamo-local';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the run's DynamoDB Local. */
    dynamoEndpoint: string;
  }
}

/** Starts DynamoDB Local, provides its endpoint to every test file and returns the teardown that stops it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The config's `env` reaches the workers only; this runs in the main process, where the launcher builds a client.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dynamo = await startDynamoLocal({});
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
