/**
 * What the use cases need from the outside world. The DynamoDB adapter implements Repository; tests and the local
 * server use the same adapter against DynamoDB Local. Adapters return `undefined` for a missing item and throw
 * ConflictError when a conditional write loses.
 */
import type {
  Assessment,
  Assignment,
  Circumstance,
  IsoDate,
  Official,
  Position,
  PositionCategory,
  Rating,
  Role,
  Unit,
} from './domain/types';
import type { CircumstanceFact } from './domain/exemptions';

/** Who is calling, as established by the authenticator. */
export interface Principal {
  sub: string;
  email?: string;
  roles: Role[];
  /** Unit ids whose subtrees the caller may see, or '*' for every unit. */
  scope: '*' | string[];
}

export interface Clock {
  /** The current instant. The domain never reads it directly: use cases turn it into an `asOf` date. */
  now(): Date;
}

/** One page of a list. `cursor` is opaque to clients. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface AuditRecord {
  id: string;
  at: string;
  entityType: string;
  entityId: string;
  /** The aggregate the entity belongs to (an official for assignments), so one query shows its whole history. */
  parentId?: string;
  action: 'create' | 'update' | 'delete' | 'apply' | 'decide';
  actor: { sub: string; roles: Role[] };
  requestId?: string;
  /** Unit path of the entity when written, for scope filtering of the audit log. */
  unitPath: string[];
  before?: unknown;
  after?: unknown;
}

/**
 * The current chain of an official, denormalised with everything the flags query needs, so flags and alerts read
 * only this item per flagged official (DESIGN.md section 6). Rewritten, with a revision check, by every write to
 * the official's aggregate.
 */
export interface OfficialStatus {
  officialId: string;
  /** Revision of the official's aggregate; every aggregate write checks and bumps it, so concurrent writes conflict. */
  rev: number;
  fullName: string;
  agencyId?: string;
  unitId?: string;
  unitPath: string[];
  retirementDate: IsoDate;
  chain?: {
    assignmentId: string;
    positionId: string;
    positionTitle: string;
    category: PositionCategory;
    unitId: string;
    /** End of the current assignment, when it has one. */
    endDate?: IsoDate;
    chainStart: IsoDate;
    dueDate: IsoDate;
    limitMonths: number;
    limitCode: string;
    limitRule: string;
  };
  circumstances: CircumstanceFact[];
  /** Annual ratings with the date each was given: a rating counts only from its assessedOn. */
  annual: { year: number; rating: Rating; assessedOn: IsoDate }[];
}

/** Writes to an official's aggregate happen as one transaction, guarded by the status revision. */
export interface AggregateWrite {
  officialId: string;
  /** The status revision read before computing this write; the write fails with ConflictError if it moved. */
  expectedRev: number;
  status: OfficialStatus;
  /** The official item to put (create) or replace (update), guarded by its own version when `expectedVersion` is set. */
  official?: { item: Official; expectedVersion?: number; create?: boolean };
  assignment?: { item: Assignment; expectedVersion?: number; create?: boolean };
  circumstance?: { item: Circumstance; expectedVersion?: number; create?: boolean };
  assessment?: { item: Assessment; expectedVersion?: number; create?: boolean };
  /** Counter deltas for the excellent-rating quota of an agency's year. */
  ratingCounts?: { agencyId: string; year: number; delta: Partial<Record<Rating, number>> }[];
  /** A unique employee code to claim for this official (create, or change). */
  claimEmployeeCode?: string;
  releaseEmployeeCode?: string;
  audit: AuditRecord[];
}

export interface OfficialAggregate {
  official: Official;
  status: OfficialStatus;
  assignments: Assignment[];
  circumstances: Circumstance[];
  assessments: Assessment[];
}

export interface ListQuery<T> {
  /** Agencies to read, in order; the cursor remembers where it stopped. */
  agencyIds: string[];
  limit: number;
  cursor?: string;
  /** Keep only items for which this returns true (scope, subtree and text filtering happen in the use case). */
  keep: (item: T) => boolean;
}

export interface Repository {
  getUnit(id: string): Promise<Unit | undefined>;
  listAllUnits(): Promise<Unit[]>;
  putUnit(unit: Unit, options: { expectedVersion?: number; audit: AuditRecord }): Promise<void>;

  getPosition(id: string): Promise<Position | undefined>;
  getPositions(ids: string[]): Promise<Position[]>;
  listPositions(query: ListQuery<Position>): Promise<Page<Position>>;
  putPosition(position: Position, options: { expectedVersion?: number; audit: AuditRecord }): Promise<void>;

  getOfficial(id: string): Promise<Official | undefined>;
  getOfficialAggregate(id: string): Promise<OfficialAggregate | undefined>;
  listOfficials(query: ListQuery<Official>): Promise<Page<Official>>;
  writeAggregate(write: AggregateWrite): Promise<void>;

  /** Status items due by `dueOnOrBefore` in the agencies (sparse due-date index). */
  queryDueStatuses(agencyIds: string[], dueOnOrBefore: IsoDate): Promise<OfficialStatus[]>;
  /** Status items with an unsatisfactory annual rating in the agencies (sparse index). */
  queryUnsatisfactoryStatuses(agencyIds: string[]): Promise<OfficialStatus[]>;
  getAssessmentsForPeriod(officialIds: string[], period: string): Promise<Assessment[]>;
  getRatingCounts(agencyId: string, year: number): Promise<Record<Rating, number>>;

  /** The audit records of an entity and of its children (an official's assignments...), newest first. */
  listAudit(entityId: string): Promise<AuditRecord[]>;
}

export interface IdempotencyRecord {
  requestHash: string;
  status: 'in_progress' | 'completed';
  response?: { status: number; body: string; contentType: string };
}

export interface IdempotencyStore {
  /** Claim a key; returns the existing record when the key was seen before (and not expired). */
  begin(key: string, requestHash: string, inProgressSeconds: number): Promise<IdempotencyRecord | undefined>;
  complete(key: string, response: NonNullable<IdempotencyRecord['response']>): Promise<void>;
  release(key: string): Promise<void>;
}
