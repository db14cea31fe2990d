/**
 * Alert Lambda: EventBridge Scheduler invokes it daily at 08:00 Asia/Ho_Chi_Minh. Parse config once at cold start,
 * build deps, run the alert job as the system actor as of today. Throws when a mail could not be sent, after the run
 * is recorded, so Lambda retries soon (the failed notices are pending) and the error alarm tells an operator.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { loadConfig } from '../shared/config';
import { today } from '../shared/use-cases/context';
import { systemActor } from '../shared/use-cases/policy';
import { runAlerts } from '../shared/use-cases/run-alerts';
import { buildUseCaseDeps } from '../shared/wiring';

const config = loadConfig(process.env);
const deps = buildUseCaseDeps(config);
const logger = new Logger({ serviceName: 'luanchuyen-alerts', logLevel: config.LOG_LEVEL });

export async function handler(_event: unknown, context: Context) {
  const run = await runAlerts(deps, systemActor('alerts', context.awsRequestId), { asOf: today(deps) });
  // Counts and unit ids only: no official's name leaves the mails.
  const { windows, failures, unitsWithoutAddress, invalidAddresses, ...counts } = run;
  logger.info('alert run', {
    ...counts,
    windows,
    failures: failures.map((f) => ({ unitId: f.unitId, reason: f.reason })),
    unitsWithoutAddress: unitsWithoutAddress.map((u) => u.unitId),
    invalidAddresses: invalidAddresses.length,
  });
  if (run.failures.length) throw new Error(`Alert run ${run.id}: ${run.failures.length} mail(s) not sent, retried next run`);
  return { runId: run.id, mailsSent: run.mailsSent };
}
