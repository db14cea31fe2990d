/**
 * Builds deps from config, the same way in every runtime. `buildUseCaseDeps` is what any edge needs to call use
 * cases (the HTTP app, a scheduled job, a command-line import, the bench); `buildAppDeps` adds what only the HTTP
 * edge needs. An edge parses config, calls one of these and hands over: it never names an adapter class.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { fileAssetReader, type AssetReader } from './adapters/docs-assets';
import { createDocumentClient, createDynamoClient, type DynamoClient } from './adapters/dynamo/client';
import { createDynamoStores } from './adapters/dynamo/stores';
import { createSesMailer } from './adapters/ses/ses-mailer';
import type { Config } from './config';
import { apiGatewayAuthenticator, localJwtAuthenticator, type Authenticator } from './http/auth';
import type { AppDeps } from './http/env';

export interface UseCaseDepsOptions {
  /** A client the caller built and keeps (to destroy it, or to meter its reads); by default one from config. */
  dynamoClient?: DynamoClient;
  /** The clock; a test or the bench fixes it. */
  now?: () => Date;
  /** Ids of created records; the bench uses a counter so that runs write the same items. */
  newId?: () => string;
}

/** The ports and values every use case receives. */
export function buildUseCaseDeps(config: Config, options: UseCaseDepsOptions = {}) {
  const client = options.dynamoClient ?? createDynamoClient(config);
  const now = options.now ?? (() => new Date());
  return {
    // Spread, never picked apart: the set of stores grows with the aggregates, and every edge gets all of them.
    ...createDynamoStores(createDocumentClient(client), config.TABLE_NAME, now),
    mailer: createSesMailer(config),
    clock: { now },
    newId: options.newId ?? (() => randomUUID()),
    warnMonths: config.TENURE_WARN_MONTHS,
  };
}

export type BuiltUseCaseDeps = ReturnType<typeof buildUseCaseDeps>;

export interface AppDepsOptions extends UseCaseDepsOptions {
  /** The HS256 key that signs local tokens; needed when `AUTH_MODE` is `local`. */
  localSecret?: Uint8Array;
  logger?: Logger;
  /** Where /docs reads swagger-ui's files; by default `DOCS_ASSET_DIR`, and without it /docs has no assets. */
  readDocsAsset?: AssetReader;
}

/** Use-case deps plus what the HTTP app needs: who the caller is, a logger, the docs assets. */
export function buildAppDeps(config: Config, options: AppDepsOptions = {}): AppDeps {
  return {
    ...buildUseCaseDeps(config, options),
    authenticator: authenticatorFor(config, options.localSecret),
    logger: options.logger ?? new Logger({ serviceName: 'luanchuyen-api', logLevel: config.LOG_LEVEL }),
    readDocsAsset: options.readDocsAsset ?? (config.DOCS_ASSET_DIR ? fileAssetReader(config.DOCS_ASSET_DIR) : undefined),
  };
}

/**
 * `AUTH_MODE=apigateway` (the deployed stack): API Gateway's JWT authorizer has verified the Cognito token, the app
 * reads its claims. `AUTH_MODE=local` (npm start, tests, the bench): the app verifies HS256 tokens signed with
 * `localSecret` (npm run token).
 */
export function authenticatorFor(config: Pick<Config, 'AUTH_MODE'>, localSecret?: Uint8Array): Authenticator {
  if (config.AUTH_MODE === 'apigateway') return apiGatewayAuthenticator();
  if (localSecret === undefined) throw new Error('AUTH_MODE=local needs the local token key (localSecret)');
  return localJwtAuthenticator(localSecret);
}
