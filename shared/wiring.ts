/**
 * Builds the app's deps from config. The edge (functions/, the local server, tests) chooses the authenticator
 * and where the docs assets come from; everything else is the same in every runtime.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { createDocumentClient } from './adapters/dynamo/repository';
import { createDynamoStores } from './adapters/dynamo/stores';
import type { Config } from './config';
import type { Authenticator } from './http/auth';
import type { AppDeps } from './http/env';

export function buildAppDeps(options: {
  config: Config;
  authenticator: Authenticator;
  readDocsAsset?: (file: string) => Promise<string | undefined>;
  now?: () => Date;
  logger?: Logger;
  /** A client built by the caller (the benchmark meters its reads); by default one is built from config. */
  dynamoClient?: DynamoDBClient;
  newId?: () => string;
}): AppDeps {
  const { config } = options;
  const client =
    options.dynamoClient ??
    new DynamoDBClient({
      region: config.AWS_REGION,
      ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
    });
  const doc = createDocumentClient(client);
  const now = options.now ?? (() => new Date());
  return {
    ...createDynamoStores(doc, config.TABLE_NAME, now),
    clock: { now },
    authenticator: options.authenticator,
    logger: options.logger ?? new Logger({ serviceName: 'luanchuyen-api', logLevel: config.LOG_LEVEL }),
    newId: options.newId ?? (() => randomUUID()),
    warnMonths: config.TENURE_WARN_MONTHS,
    readDocsAsset: options.readDocsAsset,
  };
}
