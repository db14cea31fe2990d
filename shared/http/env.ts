/** Hono typing shared by the app and its routes. */
import type { LambdaEvent } from 'hono/aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Clock, IdempotencyStore, Principal, Repository } from '../ports';
import type { Authenticator } from './auth';

/** Everything the app needs, built at the edge (functions/, scripts/, tests) and injected. */
export interface AppDeps {
  repo: Repository;
  idempotency: IdempotencyStore;
  clock: Clock;
  authenticator: Authenticator;
  logger: Logger;
  /** New ids for created resources. */
  newId: () => string;
  warnMonths: number;
  /** Reads swagger-ui's files for /docs from an installed package (never a CDN). */
  readDocsAsset?: (file: string) => Promise<string | undefined>;
}

export interface AppEnv {
  Bindings: { event?: LambdaEvent };
  Variables: {
    deps: AppDeps;
    principal: Principal;
    requestId: string;
  };
}
