/** Tenure of one official as of a date, computed from their whole history. */
import type { IsoDate, Tenure } from '../domain/types';
import { today, type Actor, type UseCaseDeps } from './context';
import { loadForRead, tenureFromAggregate } from './official-aggregate';
import { kindsDisclosed, logSensitiveReads } from './access-log';
import { authorize } from './policy';

export async function getTenure(deps: UseCaseDeps, actor: Actor, officialId: string, asOf?: IsoDate): Promise<Tenure> {
  authorize(actor, 'getTenure');
  const aggregate = await loadForRead(deps, actor, officialId);
  const tenure = tenureFromAggregate(aggregate, asOf ?? today(deps), deps.warnMonths);
  await logSensitiveReads(deps, actor, 'getTenure', [{ official: aggregate.official, kinds: kindsDisclosed(tenure) }]);
  return tenure;
}
