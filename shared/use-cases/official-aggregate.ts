/**
 * An official and everything recorded about them (assignments, circumstances, assessments) form one aggregate.
 * Every write to it goes through commit(): it recomputes the status item (current chain, due date, facts for
 * exemptions and requirement flags) and writes all of it, with the audit records, in one transaction guarded by
 * the status revision, so two concurrent writes can never both win.
 */
import { parsePeriod, requirementReasons, withoutAnsweredReasons } from '../domain/assessment';
import { ConflictError, NotFoundError } from '../domain/errors';
import { activeExemptions } from '../domain/exemptions';
import { hasLeft, outOfServiceFrom } from '../domain/leaving';
import { retirementDate } from '../domain/retirement';
import {
  computeTenure,
  dueDateFor,
  findChain,
  latestChain,
  tenureLimit,
  type AssignmentFact,
  type PositionFact,
} from '../domain/tenure';
import type { Assessment, Assignment, Circumstance, IsoDate, Official, Position, Tenure } from '../domain/types';
import type { AggregateWrite, HolderDelta, IdempotentResponse, OfficialAggregate, OfficialStatus, PositionFacts } from '../ports';
import { today, type Actor, type UseCaseDeps } from './context';
import { stampWrite } from './mail-stamp';
import { canSee } from './scope';

export interface LoadedAggregate extends OfficialAggregate {
  positions: Map<string, Position>;
}

/** Read an official's aggregate for a read: missing or out of scope is the same 404. */
export async function loadForRead(deps: UseCaseDeps, actor: Actor, officialId: string): Promise<LoadedAggregate> {
  const aggregate = await deps.officials.getOfficialAggregate(officialId);
  if (!aggregate || !canSee(actor.principal, aggregate.official.unitPath)) throw new NotFoundError('Công chức', officialId);
  return withPositions(deps, aggregate);
}

/**
 * Read an official's aggregate for a write: missing or out of scope is the same 404, as for a read, so that a write
 * cannot tell whether an official exists outside the caller's scope.
 */
export async function loadForWrite(deps: UseCaseDeps, actor: Actor, officialId: string): Promise<LoadedAggregate> {
  return loadForRead(deps, actor, officialId);
}

async function withPositions(deps: UseCaseDeps, aggregate: OfficialAggregate): Promise<LoadedAggregate> {
  const ids = aggregate.assignments.map((a) => a.positionId);
  const positions = new Map((await deps.organisation.getPositions(ids)).map((p) => [p.id, p]));
  return { ...aggregate, positions };
}

/** The official's current unit: that of their latest primary assignment, else the unit they were recorded into. */
export function placeOfficial(official: Official, assignments: Assignment[], positions: Map<string, Position>): Official {
  const latest = assignments
    .filter((a) => a.primary)
    .sort((a, b) => (a.startDate < b.startDate ? 1 : a.startDate > b.startDate ? -1 : 0))[0];
  const position = latest ? positions.get(latest.positionId) : undefined;
  if (!position) return official;
  return { ...official, unitId: position.unitId, unitPath: position.unitPath, agencyId: position.agencyId };
}

export function annualRatings(assessments: Assessment[]) {
  return assessments
    .map((a) => ({ period: parsePeriod(a.period), rating: a.rating, assessedOn: a.assessedOn }))
    .filter((a) => a.period?.kind === 'year')
    .map((a) => ({ year: a.period!.year, rating: a.rating, assessedOn: a.assessedOn }))
    .sort((a, b) => a.year - b.year);
}

/** Recompute the status item from the aggregate as it will be after the write. */
export function buildStatus(input: {
  official: Official;
  assignments: Assignment[];
  positions: Map<string, Position>;
  circumstances: Circumstance[];
  assessments: Assessment[];
  rev: number;
  /** The day of the write: whether a retirement date has passed is known as of it. */
  today: IsoDate;
}): OfficialStatus {
  const { official } = input;
  const chain = latestChain(input.assignments);
  let statusChain: OfficialStatus['chain'];
  if (chain) {
    const position = input.positions.get(chain.current.positionId);
    if (!position) throw new Error(`position ${chain.current.positionId} not loaded`);
    statusChain = {
      assignmentId: chain.current.id,
      positionId: position.id,
      unitId: position.unitId,
      endDate: chain.current.endDate,
      rearrangedOn: chain.current.kind === 'rearrangement' ? chain.current.startDate : undefined,
      currentStart: chain.current.startDate,
      chainStart: chain.chainStart,
      ...chainFacts(position, chain.chainStart),
    };
  }
  return {
    officialId: official.id,
    rev: input.rev,
    fullName: official.fullName,
    agencyId: official.agencyId,
    unitId: official.unitId,
    unitPath: official.unitPath,
    retirementDate: retirementDate(official),
    left: official.leftOn && official.leftReason ? { on: official.leftOn, reason: official.leftReason } : undefined,
    outFrom: outOfServiceFrom({ leftOn: official.leftOn, retirementDate: retirementDate(official) }, input.today),
    chain: statusChain,
    circumstances: input.circumstances.map((c) => ({ type: c.type, from: c.from, to: c.to })),
    annual: annualRatings(input.assessments),
  };
}

/** The chain part of a status item that comes from its post: title, category, and the limit its period gives. */
function chainFacts(position: Position, chainStart: IsoDate) {
  const limit = tenureLimit(position);
  return {
    positionTitle: position.title,
    category: position.category,
    dueDate: dueDateFor(chainStart, limit.months),
    limitMonths: limit.months,
    limitCode: limit.code,
    limitRule: limit.rule,
  };
}

/** What a status item copies from a post, as a write checks it is still so (AggregateWrite.positionCheck). */
export function positionFacts(position: Position): PositionFacts {
  const { id: positionId, title, category, rotationPeriodMonths } = position;
  return rotationPeriodMonths === undefined ? { positionId, title, category } : { positionId, title, category, rotationPeriodMonths };
}

/**
 * A status item whose chain is on `position`, with the post's facts as they now are; undefined when nothing it copied
 * from the post changed. The revision stays: the official's own records did not change (a decision taken on them
 * still holds), and a write computed from the post's old facts fails its positionCheck instead.
 */
export function restampChain(status: OfficialStatus, position: Position): OfficialStatus | undefined {
  const chain = status.chain;
  if (!chain || chain.positionId !== position.id) return undefined;
  const facts = chainFacts(position, chain.chainStart);
  if (Object.entries(facts).every(([k, v]) => chain[k as keyof typeof chain] === v)) return undefined;
  return { ...status, chain: { ...chain, ...facts } };
}

type NextAggregate = { official: Official; assignments: Assignment[]; circumstances: Circumstance[]; assessments: Assessment[] };
type ChangeWrite = Omit<AggregateWrite, 'officialId' | 'expectedRev' | 'status' | 'official'> & {
  official?: AggregateWrite['official'];
};

/**
 * The write that turns `current` into `next`: placement and status recomputed, guarded by the revision read, with
 * the holder counts it changes. Nothing is written; {@link commit} writes it, a proposal's apply combines several.
 */
export function prepareWrite(
  deps: UseCaseDeps,
  current: LoadedAggregate,
  next: NextAggregate,
  write: ChangeWrite,
): { write: AggregateWrite; official: Official; status: OfficialStatus } {
  const official = placeOfficial(next.official, next.assignments, current.positions);
  const status = buildStatus({
    ...next,
    official,
    positions: current.positions,
    rev: current.status.rev + 1,
    today: today(deps),
  });
  const officialChanged = JSON.stringify(official) !== JSON.stringify(current.official);
  // The status copies its chain's post's facts as read: the write must not land after they changed.
  const onPost = status.chain ? current.positions.get(status.chain.positionId) : undefined;
  return {
    official,
    status,
    write: {
      ...write,
      officialId: official.id,
      expectedRev: current.status.rev,
      status,
      official: write.official ? { ...write.official, item: official } : officialChanged ? { item: official } : undefined,
      holders: write.holders ?? holderDeltas(current.assignments, next.assignments),
      ...(onPost ? { positionCheck: positionFacts(onPost) } : {}),
    },
  };
}

/**
 * Write a change to the aggregate: `next` is the aggregate as it will be. Recomputes placement and status (with its
 * mail stamp, ./mail-stamp.ts) and commits everything with the audit records in one transaction. `respond` gives the
 * idempotent response when it depends on the placed official (an update of the official itself).
 */
export async function commit(
  deps: UseCaseDeps,
  current: LoadedAggregate,
  next: NextAggregate,
  write: ChangeWrite,
  respond?: (official: Official) => IdempotentResponse | undefined,
): Promise<{ official: Official; status: OfficialStatus }> {
  const prepared = prepareWrite(deps, current, next, write);
  const stamped = await stampWrite(deps, current.positions, current.status, prepared.write);
  await deps.officials.writeAggregate({
    ...stamped,
    idempotency: respond?.(prepared.official) ?? write.idempotency,
  });
  return { official: prepared.official, status: stamped.status };
}

/** How a write changes posts' holder counts: the open primary assignments (no end date) before and after it. */
export function holderDeltas(before: Assignment[], after: Assignment[]): HolderDelta[] {
  const deltas = new Map<string, number>();
  const count = (list: Assignment[], sign: number) => {
    for (const a of list)
      if (a.primary && a.endDate === undefined) deltas.set(a.positionId, (deltas.get(a.positionId) ?? 0) + sign);
  };
  count(before, -1);
  count(after, 1);
  return [...deltas]
    .filter(([, delta]) => delta !== 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([positionId, delta]) => ({ positionId, delta }));
}

/** Add the assessment-based reasons and the active exemptions to a tenure. */
export function completeTenure(
  base: Tenure,
  facts: {
    asOf: IsoDate;
    isLeader: boolean;
    annual: OfficialStatus['annual'];
    circumstances: OfficialStatus['circumstances'];
    retirementDate: IsoDate;
    /** Start of a rearrangement in force on asOf, if the official holds one. */
    rearrangedOn?: IsoDate;
  },
): Tenure {
  // As of a date, only the ratings already given by then count (2026's rating is not known in March 2026).
  const annual = facts.annual.filter((a) => a.assessedOn <= facts.asOf);
  return {
    ...base,
    reasons: [
      ...base.reasons,
      ...withoutAnsweredReasons(requirementReasons({ annual, asOf: facts.asOf, isLeader: facts.isLeader }), {
        rearrangedOn: facts.rearrangedOn,
        annual,
      }),
    ],
    exemptions: activeExemptions({
      // In a fixed order (earliest first), not the order the records came in: the status item keeps them in the
      // order of writes, a read of the history in the order of their keys, and both must list the same exemptions.
      circumstances: [...facts.circumstances].sort(
        (a, b) => a.from.localeCompare(b.from) || a.type.localeCompare(b.type) || (a.to ?? '~').localeCompare(b.to ?? '~'),
      ),
      retirementDate: facts.retirementDate,
      asOf: facts.asOf,
    }),
  };
}

/**
 * Tenure of one official as of any date, from their whole history. Out of service on that date (after `leftOn`, or
 * past the effective retirement date) they hold no post and nothing is flagged.
 */
export function tenureFromAggregate(aggregate: LoadedAggregate, asOf: IsoDate, warnMonths: number): Tenure {
  const { official } = aggregate;
  const retiresOn = retirementDate(official);
  if (hasLeft({ leftOn: official.leftOn, retirementDate: retiresOn }, asOf)) {
    const recorded = official.leftOn !== undefined && official.leftReason !== undefined && asOf >= official.leftOn;
    return {
      officialId: official.id,
      positionId: null,
      unitId: official.unitId ?? null,
      chainStart: null,
      dueDate: null,
      limitMonths: null,
      years: 0,
      status: 'ok',
      reasons: [],
      exemptions: [],
      leftService: recorded
        ? { on: official.leftOn!, reason: official.leftReason! }
        : { on: retiresOn, reason: 'retirement_age' },
    };
  }
  const base = computeTenure({
    officialId: aggregate.official.id,
    asOf,
    assignments: aggregate.assignments,
    positions: aggregate.positions as ReadonlyMap<string, PositionFact>,
    warnMonths,
  });
  const position = base.positionId ? aggregate.positions.get(base.positionId) : undefined;
  // Holding no post on asOf: the official's own unit, so a requirement flag still says where they are.
  if (!position) base.unitId = aggregate.official.unitId ?? null;
  const inForce = findChain(aggregate.assignments, asOf)?.current;
  return completeTenure(base, {
    asOf,
    isLeader: position?.category === 'leadership',
    annual: annualRatings(aggregate.assessments),
    circumstances: aggregate.circumstances,
    retirementDate: retirementDate(aggregate.official),
    rearrangedOn: inForce?.kind === 'rearrangement' ? inForce.startDate : undefined,
  });
}

/**
 * Tenure from the status item alone (no other reads), for the flags list. It sees the current chain only:
 * an as-of date before that chain began or after it ended yields no tenure part.
 */
export function tenureFromStatus(status: OfficialStatus, asOf: IsoDate, warnMonths: number): Tenure {
  const chain = status.chain;
  const facts: AssignmentFact[] = chain
    ? [{ id: chain.assignmentId, positionId: chain.positionId, startDate: chain.chainStart, endDate: chain.endDate, kind: 'appointment', primary: true }]
    : [];
  const positions = new Map<string, PositionFact>();
  if (chain)
    positions.set(chain.positionId, {
      id: chain.positionId,
      unitId: chain.unitId,
      title: chain.positionTitle,
      category: chain.category,
      rotationPeriodMonths: chain.limitCode === 'PERIODIC_ROTATION_DUE' ? chain.limitMonths : undefined,
    });
  const base = computeTenure({ officialId: status.officialId, asOf, assignments: facts, positions, warnMonths });
  if (!base.positionId) base.unitId = status.unitId ?? null;
  const rearrangedOn = chain?.rearrangedOn;
  const rearrangementInForce =
    rearrangedOn !== undefined && rearrangedOn <= asOf && (chain?.endDate === undefined || asOf <= chain.endDate);
  return completeTenure(base, {
    asOf,
    isLeader: chain?.category === 'leadership',
    annual: status.annual,
    circumstances: status.circumstances,
    retirementDate: status.retirementDate,
    rearrangedOn: rearrangementInForce ? rearrangedOn : undefined,
  });
}

/**
 * Tenure as of `asOf` from the status item alone, when that item is enough to know it exactly, else undefined (the
 * caller then reads the whole history). It is enough when the assignment the item holds (the latest primary one)
 * is in force on `asOf`: started by then and not ended before it, so it is the one `findChain` would find and the
 * chain behind it is the one the item recorded; and when nothing about leaving service is recorded and the
 * retirement date has not passed. A later assignment recorded ahead of its start (an applied proposal) makes the
 * item's chain start after `asOf`, so that date is answered from the history. An item written before it kept the
 * current assignment's start has no `currentStart` and is never used here.
 * test/property/tenure-from-status.test.ts checks that this answer equals {@link tenureFromAggregate}'s.
 */
export function tenureInForce(status: OfficialStatus, asOf: IsoDate, warnMonths: number): Tenure | undefined {
  const chain = status.chain;
  if (!chain?.currentStart || status.left || status.outFrom) return undefined;
  if (hasLeft({ retirementDate: status.retirementDate }, asOf)) return undefined;
  if (asOf < chain.currentStart || (chain.endDate !== undefined && asOf > chain.endDate)) return undefined;
  return tenureFromStatus(status, asOf, warnMonths);
}

/** Overlapping primary assignments are a 409: an official holds one main duty on any date (docs/rules.md). */
export function assertNoOverlap(assignments: Assignment[], candidate: Assignment): void {
  if (!candidate.primary) return;
  const end = (a: Assignment) => a.endDate ?? '9999-12-31';
  const clash = assignments.find(
    (a) => a.primary && a.id !== candidate.id && a.startDate <= end(candidate) && candidate.startDate <= end(a),
  );
  if (clash)
    throw new ConflictError(
      'ASSIGNMENT_OVERLAP',
      `Quá trình công tác chồng lấn với '${clash.id}' (${clash.startDate} - ${clash.endDate ?? 'nay'}): ` +
        'mỗi công chức chỉ giữ một vị trí chính tại một thời điểm; hãy kết thúc quá trình trước (endDate) rồi ghi quá trình mới',
    );
}
