/**
 * The mail stamp of a status item (docs/storage.md, The status item): what an alert mail about the official's current
 * chain needs from the organisation tree (the chain unit's name, its HR recipients and any invalid addresses met on
 * the way up), resolved when the status is written, so the alert run reads no unit.
 *
 * Fresh by construction:
 *  - a write whose chain unit is the one stamped keeps the stamp it read, guarded by the stamp's `seq` (with the
 *    revision): a restamp in between refuses it, and the client retries (409 CONCURRENT_UPDATE) on the new stamp;
 *  - a write whose chain unit changed (or that had no stamp) reads the units and stamps from them, with a
 *    ConditionCheck on each unit's version in its transaction: a unit changed since refuses it the same way, so a
 *    stamp from old facts never lands after the restamp of that change;
 *  - a unit write that changes a name or hrEmails records a restamp task in its own transaction (pattern 32), and the
 *    alert run rewrites the stamps that read that unit before it reads any due date ({@link drainRestamps}).
 * A status whose units were missing carries no stamp: the run reads its units as before.
 */
import { MAX_YEAR } from '../domain/dates';
import { mailStamp, sameStamp, type MailStamp } from '../domain/alerts';
import type { Position, Unit } from '../domain/types';
import type { AggregateWrite, OfficialStatus, RestampTask } from '../ports';
import type { UseCaseDeps } from './context';

/** Attempts at rewriting one stamp that concurrent writes keep moving; the task is kept for the next run after. */
const RESTAMP_ATTEMPTS = 5;

/** The status with the stamp of its chain's unit from these units (read by the caller), or without one. */
export function stampStatus(status: OfficialStatus, units: ReadonlyMap<string, Unit>, seq = 1): OfficialStatus {
  const { mail: _previous, ...bare } = status;
  const stamp = status.chain ? mailStamp(status.chain.unitId, units, seq) : undefined;
  return stamp ? { ...bare, mail: stamp } : bare;
}

/**
 * A write to an official's aggregate with its status stamped: the stamp read kept when the chain's unit is the same
 * (guarded by its `seq`), else one resolved from the units of the chain's post, read now and checked at their
 * versions by the write's transaction.
 */
export async function stampWrite(
  deps: UseCaseDeps,
  positions: ReadonlyMap<string, Position>,
  current: OfficialStatus | undefined,
  write: AggregateWrite,
  /** Units the caller read already (a proposal's apply reads those of every target post at once). */
  known: ReadonlyMap<string, Unit> = new Map(),
): Promise<AggregateWrite> {
  const { mail: _previous, ...bare } = write.status;
  const chain = bare.chain;
  if (!chain) return { ...write, status: bare };
  const kept = current?.mail;
  if (kept && kept.unitId === chain.unitId && write.expectedRev > 0)
    return { ...write, status: { ...bare, mail: kept }, expectedMailSeq: kept.seq };
  // The post's path is the unit and every ancestor: one batch, whatever the walk needs of it.
  const path = positions.get(chain.positionId)?.unitPath ?? [chain.unitId];
  const unread = path.filter((id) => !known.has(id));
  const units = new Map([
    ...path.filter((id) => known.has(id)).map((id) => [id, known.get(id)!] as const),
    ...(unread.length ? await deps.organisation.getUnits(unread) : []).map((u) => [u.id, u] as const),
  ]);
  const stamped = stampStatus(bare, units, (kept?.seq ?? 0) + 1);
  if (!stamped.mail) return { ...write, status: stamped };
  const unitChecks = stamped.mail.units.map((u) => ({ unitId: u.id, version: u.version }));
  return { ...write, status: stamped, unitChecks };
}

/** The units of these posts' paths, in two batches (the posts, then their units): for stamping many writes at once. */
export async function unitsOfPosts(deps: UseCaseDeps, positionIds: readonly string[]): Promise<Map<string, Unit>> {
  if (!positionIds.length) return new Map();
  const posts = await deps.organisation.getPositions([...new Set(positionIds)]);
  const ids = [...new Set(posts.flatMap((p) => p.unitPath))];
  return new Map((ids.length ? await deps.organisation.getUnits(ids) : []).map((u) => [u.id, u]));
}

/**
 * Rewrite the stamps the pending restamp tasks call for, then mark the tasks done (the alert run's first step). With no
 * task pending, this is one query that finds none. For each changed unit: the agencies it covers (pattern 28, or its
 * own agency), their current chains (pattern 6), and of those the ones whose stamp read the unit, each rewritten at the
 * revision read (re-read and retried when a write came between). A task leaves the pending list only once all its
 * stamps are done.
 *
 * @returns the tasks done and the stamps rewritten.
 */
export async function drainRestamps(deps: UseCaseDeps): Promise<{ tasks: number; restamped: number }> {
  const tasks = await deps.organisation.listRestampTasks();
  if (!tasks.length) return { tasks: 0, restamped: 0 };
  const units = new Map<string, Unit>();
  const load = async (ids: readonly string[]) => {
    const unread = [...new Set(ids)].filter((id) => !units.has(id));
    if (unread.length) for (const unit of await deps.organisation.getUnits(unread)) units.set(unit.id, unit);
  };
  const byUnit = new Map<string, RestampTask[]>();
  for (const task of tasks) byUnit.set(task.unitId, [...(byUnit.get(task.unitId) ?? []), task]);
  let done = 0;
  let restamped = 0;
  for (const [unitId, unitTasks] of byUnit) {
    await load([unitId]);
    const unit = units.get(unitId);
    let complete = true;
    if (unit) {
      const under = await deps.organisation.listAgencies([...unit.ancestors, unit.id]);
      const agencyIds = under.length ? under.map((a) => a.id) : [unit.agencyId];
      const chains = await deps.officials.queryDueStatuses(agencyIds, `${MAX_YEAR}-12-31`);
      for (const status of chains) {
        if (!readsUnit(status.mail, unitId)) continue;
        const outcome = await restampOne(deps, status, unitId, load, units);
        if (outcome === 'moving') complete = false;
        if (outcome === 'rewritten') restamped += 1;
      }
    }
    if (!complete) continue;
    for (const task of unitTasks) await deps.organisation.finishRestampTask(task, deps.clock.now().toISOString());
    done += unitTasks.length;
  }
  return { tasks: done, restamped };
}

function readsUnit(stamp: MailStamp | undefined, unitId: string): boolean {
  return !!stamp && stamp.units.some((u) => u.id === unitId);
}

async function restampOne(
  deps: UseCaseDeps,
  first: OfficialStatus,
  unitId: string,
  load: (ids: readonly string[]) => Promise<void>,
  units: ReadonlyMap<string, Unit>,
): Promise<'rewritten' | 'unchanged' | 'moving'> {
  let status: OfficialStatus | undefined = first;
  for (let attempt = 0; attempt < RESTAMP_ATTEMPTS; attempt++) {
    // A write since may have left the unit's chain (or service): then its stamp no longer reads the unit.
    if (!status?.chain || !readsUnit(status.mail, unitId)) return 'unchanged';
    // The official's unit path is the chain's unit's (placement follows the latest primary post): one batch.
    const chainUnit = status.chain.unitId;
    await load(status.unitPath.at(-1) === chainUnit ? status.unitPath : [chainUnit]);
    await load(units.get(chainUnit)?.ancestors ?? []);
    const stamp = mailStamp(chainUnit, units, status.mail!.seq + 1);
    // Units are never deleted; were one missing, the stamp read is left as it is.
    if (!stamp || sameStamp(stamp, status.mail!)) return 'unchanged';
    if (await deps.officials.restampMail(status.officialId, status.rev, stamp)) return 'rewritten';
    status = await deps.officials.getStatus(status.officialId);
  }
  return 'moving';
}
