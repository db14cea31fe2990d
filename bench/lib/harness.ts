/**
 * The app as the bench drives it: the local runtime (scripts/lib/local-runtime.ts) on a fresh in-memory DynamoDB
 * Local, the same wiring as `npm start` and the tests, with a read meter on its DynamoDB client, a fixed clock and
 * counter ids so that every run writes the same items.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/lib/local-runtime';
import { installReadMeter, type ReadMeter } from '../../shared/adapters/dynamo/read-meter';
import type { Role } from '../../shared/domain/types';
import type { Actor } from '../../shared/use-cases/context';

const TABLE_NAME = 'luanchuyen-bench';

export interface Harness {
  /** The metered client, for the bench's own bookkeeping reads (take() the meter around them). */
  client: LocalRuntime['client'];
  tableName: string;
  /** DynamoDB Local's endpoint, for a server process of the bench's own (the HTTP load figures). */
  endpoint: string;
  deps: LocalRuntime['deps'];
  app: LocalRuntime['app'];
  meter: ReadMeter;
  /** Items returned by GetItem and BatchGetItem, which `meter` counts as requests only. */
  keyReads: KeyReadMeter;
  /** The principal the bulk loader acts as when it calls use cases directly. */
  loader: Actor;
  token(role: Role, units: string[] | '*'): Promise<string>;
  /** Stops DynamoDB Local; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Starts the runtime in memory. `now` is fixed by the caller so that the timestamps the app writes are the same on
 * every run. `sesEndpoint`: the aws-ses-v2-local the app mails through (the alert section starts one of its own).
 */
export async function startHarness(options: { now: Date; dataDir?: string; sesEndpoint?: string }): Promise<Harness> {
  let nextId = 0;
  const runtime = await startLocalRuntime({
    // A scratch directory (tables on disk, the token key) when given; in memory otherwise.
    dataDir: options.dataDir,
    tableName: TABLE_NAME,
    // The bench's settings come from BENCH_* variables; nothing else from the environment should change its figures.
    // Mail goes to the bench's own emulator when given; otherwise nowhere (port 9 refuses), never landing in an
    // emulator someone else runs on this machine's default SES port.
    env: { SES_ENDPOINT: options.sesEndpoint ?? 'http://127.0.0.1:9' },
    now: () => new Date(options.now),
    // Counter ids keep audit record ids stable between runs (entities get explicit ids from the dataset).
    newId: () => `bench-${String(++nextId).padStart(8, '0')}`,
    logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' as never }),
  });
  return harnessOver(runtime);
}

/** The bench's view of a runtime already started (the bench's own, or the tests' in the smoke test). */
export function harnessOver(runtime: LocalRuntime): Harness {
  // The deps' document client shares this client's middleware stack, so every read the app makes is counted.
  const meter = installReadMeter(runtime.client);
  const keyReads = installKeyReadMeter(runtime.client);
  return {
    client: runtime.client,
    tableName: runtime.tableName,
    endpoint: runtime.endpoint,
    deps: runtime.deps,
    app: runtime.app,
    meter,
    keyReads,
    loader: { principal: { sub: 'bench-loader', roles: ['admin', 'hr'], scope: '*' }, requestId: 'bench-load' },
    token: (role, units) => runtime.signToken({ role, units, sub: `bench-${role}` }),
    close: runtime.close,
  };
}

export interface KeyReading {
  getItem: { requests: number; items: number };
  batchGetItem: { requests: number; items: number };
}

export interface KeyReadMeter {
  /** What was counted since the last take(), and starts counting afresh (like ReadMeter.take). */
  take(): KeyReading;
}

/**
 * Counts the items GetItem and BatchGetItem returned. Like the shared read meter, it sits in the SDK's deserialize
 * step, so the output is parsed and every request (a retried one or an UnprocessedKeys round too) is counted.
 */
function installKeyReadMeter(client: LocalRuntime['client']): KeyReadMeter {
  const empty = (): KeyReading => ({ getItem: { requests: 0, items: 0 }, batchGetItem: { requests: 0, items: 0 } });
  let current = empty();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const output = result.output as { Item?: unknown; Responses?: Record<string, unknown[]> };
      if (context.commandName === 'GetItemCommand') {
        current.getItem.requests++;
        if (output.Item) current.getItem.items++;
      } else if (context.commandName === 'BatchGetItemCommand') {
        current.batchGetItem.requests++;
        current.batchGetItem.items += Object.values(output.Responses ?? {}).reduce((n, items) => n + items.length, 0);
      }
      return result;
    },
    { step: 'deserialize', priority: 'high', name: 'benchKeyReadMeter', override: true },
  );
  return {
    take() {
      const reading = current;
      current = empty();
      return reading;
    },
  };
}
