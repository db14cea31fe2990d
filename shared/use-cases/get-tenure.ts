/**
 * Tenure of one official as of a date. When the official's status item is enough to know it (the duty it records is
 * the one held on that date, and no leaving is recorded), it is answered from that one item read by key; otherwise
 * from the whole history. Both give the same answer (test/property/tenure-from-status.test.ts).
 */
import type { IsoDate, Tenure } from '../domain/types';
import { NotFoundError } from '../domain/errors';
import { today, type Actor, type UseCaseDeps } from './context';
import { loadForRead, tenureFromAggregate, tenureInForce } from './official-aggregate';
import { kindsDisclosed, logSensitiveReads } from './access-log';
import { authorize } from './policy';
import { canSee } from './scope';

export async function getTenure(deps: UseCaseDeps, actor: Actor, officialId: string, asOf?: IsoDate): Promise<Tenure> {
  authorize(actor, 'getTenure');
  const on = asOf ?? today(deps);
  const status = await deps.officials.getStatus(officialId);
  // Missing or out of scope is the same 404, as loadForRead answers.
  if (!status || !canSee(actor.principal, status.unitPath)) throw new NotFoundError('Công chức', officialId);
  const fast = tenureInForce(status, on, deps.warnMonths);
  if (fast) {
    const official = { id: status.officialId, unitPath: status.unitPath, agencyId: status.agencyId };
    await logSensitiveReads(deps, actor, 'getTenure', [{ official, kinds: kindsDisclosed(fast) }]);
    return fast;
  }
  const aggregate = await loadForRead(deps, actor, officialId);
  const tenure = tenureFromAggregate(aggregate, on, deps.warnMonths);
  await logSensitiveReads(deps, actor, 'getTenure', [{ official: aggregate.official, kinds: kindsDisclosed(tenure) }]);
  return tenure;
}
