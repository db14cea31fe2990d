/** Hono typing shared by the app and its routes. */
import type { LambdaEvent } from 'hono/aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { IdempotencyStore, Principal } from '../ports';
import type { UseCaseDeps } from '../use-cases/context';
import type { Authenticator, ConsoleSignIn } from './auth';

/** Everything the app needs, built at the edge (functions/, scripts/, tests) and injected: the use cases' deps and
 * what only HTTP needs. */
export interface AppDeps extends UseCaseDeps {
  idempotency: IdempotencyStore;
  authenticator: Authenticator;
  logger: Logger;
  /** Reads swagger-ui's files for /docs from an installed package (never a CDN). */
  readDocsAsset?: (file: string) => Promise<string | undefined>;
  /** How the console signs people in; without it the console's pages say sign-in is not configured. */
  consoleSignIn?: ConsoleSignIn;
}

export interface AppEnv {
  Bindings: { event?: LambdaEvent };
  Variables: {
    deps: AppDeps;
    principal: Principal;
    requestId: string;
    /** The Idempotency-Key claim this request holds, if it sent one (./idempotency.ts). */
    idempotency?: { key: string; claimId: string };
    /** The route a lazily loaded app (the console) matched, for the log line when it is not the app's own. */
    routePath?: string;
  };
}
