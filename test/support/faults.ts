/**
 * Fault injection for the crash-safety tests: the Nth DynamoDB call, or the Nth mail, fails the way the SDK fails.
 *
 * DynamoDB: a middleware on the app's own client (the document client every store uses shares its middleware stack),
 * at the `initialize` step, so it sees each command once, before the SDK's retries: a fault here is the call failing
 * after the SDK gave up. Three kinds:
 * - `throttle`: ThrottlingException (400), nothing written;
 * - `server-error`: InternalServerError (500), nothing written;
 * - `lost-response`: the command reaches DynamoDB and takes effect, then the connection drops (ECONNRESET): the
 *   caller cannot know it was written, the hardest case for exactly-once.
 *
 * SES: a Mailer wrapper with `throttle` (TooManyRequestsException before sending: nothing sent) and `lost-response`
 * (the mail is sent, then the call fails).
 */
import type { DynamoClient } from '../../shared/adapters/dynamo/client';
import type { Mailer } from '../../shared/ports';

export type DynamoFault = 'throttle' | 'server-error' | 'lost-response';
export type MailFault = 'throttle' | 'lost-response';

function sdkError(name: string, message: string, status: number, fault: 'client' | 'server', extra: object = {}) {
  return Object.assign(new Error(message), {
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status, requestId: 'INJECTED', attempts: 3, totalRetryDelay: 0 },
    ...extra,
  });
}

export function injectedDynamoError(kind: DynamoFault): Error {
  if (kind === 'throttle')
    return sdkError('ThrottlingException', 'Rate of requests exceeds the allowed throughput.', 400, 'client', {
      $retryable: { throttling: true },
    });
  if (kind === 'server-error') return sdkError('InternalServerError', 'Internal server error', 500, 'server');
  return Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET', $metadata: {} });
}

/** Counts the app client's DynamoDB calls and fails the one armed; install once per client. */
export class DynamoFaults {
  calls = 0;
  injected = 0;
  private armed?: { on: number; kind: DynamoFault };
  /** The command names seen, in order, since the last reset (for messages). */
  readonly seen: string[] = [];

  constructor(client: DynamoClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        this.calls += 1;
        this.seen.push(context.commandName ?? '?');
        const armed = this.armed;
        if (!armed || this.calls !== armed.on) return next(args);
        this.injected += 1;
        if (armed.kind === 'lost-response') {
          await next(args);
          throw injectedDynamoError(armed.kind);
        }
        throw injectedDynamoError(armed.kind);
      },
      { step: 'initialize', name: 'injectDynamoFaults' },
    );
  }

  /** Start counting from zero; fail call number `on` (1-based) with `kind`, or nothing. */
  reset(fault?: { on: number; kind: DynamoFault }) {
    this.calls = 0;
    this.seen.length = 0;
    this.armed = fault;
  }
}

/** A mailer that fails its `on`th send (1-based); counts sends. */
export function faultyMailer(inner: Mailer, fault?: { on: number; kind: MailFault }) {
  const state = { calls: 0, injected: 0 };
  const mailer: Mailer = {
    async send(message) {
      state.calls += 1;
      if (!fault || state.calls !== fault.on) return inner.send(message);
      state.injected += 1;
      if (fault.kind === 'lost-response') {
        await inner.send(message);
        throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET', $metadata: {} });
      }
      throw Object.assign(new Error('Maximum sending rate exceeded.'), {
        name: 'TooManyRequestsException',
        $fault: 'client',
        $metadata: { httpStatusCode: 429 },
      });
    },
  };
  return { mailer, state };
}
