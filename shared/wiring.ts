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
import {
  apiGatewayAuthenticator,
  cognitoTokenVerifier,
  localJwtAuthenticator,
  localTokenVerifier,
  type Authenticator,
  type ConsoleSignIn,
} from './http/auth';
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
    consoleUrl: config.CONSOLE_URL?.replace(/\/+$/, ''),
  };
}

export type BuiltUseCaseDeps = ReturnType<typeof buildUseCaseDeps>;

export interface AppDepsOptions extends UseCaseDepsOptions {
  /** The HS256 key that signs local tokens; needed when `AUTH_MODE` is `local`. */
  localSecret?: Uint8Array;
  logger?: Logger;
  /** Where /docs reads swagger-ui's files; by default `DOCS_ASSET_DIR`, and without it /docs has no assets. */
  readDocsAsset?: AssetReader;
  /** The token command the console's local sign-in page shows, up to its `--` (default: the plain `npm run token`). */
  tokenCommand?: string;
}

/** Use-case deps plus what the HTTP app needs: who the caller is, a logger, the docs assets. */
export function buildAppDeps(config: Config, options: AppDepsOptions = {}): AppDeps {
  return {
    ...buildUseCaseDeps(config, options),
    authenticator: authenticatorFor(config, options.localSecret),
    logger: options.logger ?? new Logger({ serviceName: 'luanchuyen-api', logLevel: config.LOG_LEVEL }),
    readDocsAsset: options.readDocsAsset ?? (config.DOCS_ASSET_DIR ? fileAssetReader(config.DOCS_ASSET_DIR) : undefined),
    consoleSignIn: consoleSignInFor(config, options.localSecret, options.tokenCommand),
  };
}

/** The token command the console's sign-in page shows when none is given, up to its `--` (role and units follow). */
export const DEFAULT_TOKEN_COMMAND = 'npm run -s token --';

/**
 * How the console signs people in: locally with a token from `npm run token`, verified with the local key; in AWS
 * through Cognito's hosted UI when the stack set COGNITO_DOMAIN, COGNITO_CLIENT_ID and COGNITO_ISSUER (else the
 * console cannot sign anyone in, and says so).
 */
export function consoleSignInFor(
  config: Pick<Config, 'AUTH_MODE' | 'COGNITO_DOMAIN' | 'COGNITO_CLIENT_ID' | 'COGNITO_ISSUER'>,
  localSecret?: Uint8Array,
  tokenCommand = DEFAULT_TOKEN_COMMAND,
): ConsoleSignIn | undefined {
  if (config.AUTH_MODE === 'local')
    return localSecret === undefined ? undefined : { mode: 'local', verify: localTokenVerifier(localSecret), tokenCommand };
  if (!config.COGNITO_DOMAIN || !config.COGNITO_CLIENT_ID || !config.COGNITO_ISSUER) return undefined;
  return {
    mode: 'cognito',
    verify: cognitoTokenVerifier({ issuer: config.COGNITO_ISSUER, clientId: config.COGNITO_CLIENT_ID }),
    domain: config.COGNITO_DOMAIN.replace(/\/+$/, ''),
    clientId: config.COGNITO_CLIENT_ID,
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
