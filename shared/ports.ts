/**
 * What the use cases need from the outside world, one port per aggregate: the organisation (units, positions), the
 * official aggregate, the audit log, idempotency records. The DynamoDB adapters (shared/adapters/dynamo) implement
 * them; tests and the local server use the same adapters against DynamoDB Local. Adapters return `undefined` for a
 * missing item and throw ConflictError when a conditional write loses.
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
import type { LeftReason } from './domain/leaving';
import type { Proposal, ProposalHeader, ProposalItem, ProposalStatus } from './domain/proposal';
import type { AlertLine, MailStamp } from './domain/alerts';
import type { ImportError } from './domain/import-parsing';
import type { ImportKind } from './domain/import-templates';
import type { Image, SensitiveKind } from './domain/personal-data';

/**
 * The role of scheduled and command-line work that no person started. A token never carries it:
 * the authenticator maps only ROLES, so it can be held only by an actor built in code (see use-cases/policy.ts).
 */
export const SYSTEM_ROLE = 'system';
export type ActorRole = Role | typeof SYSTEM_ROLE;

/** Who is calling, as established by the authenticator (or the system actor). */
export interface Principal {
  sub: string;
  email?: string;
  roles: ActorRole[];
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

export const AUDIT_ENTITY_TYPES = [
  'unit',
  'position',
  'official',
  'assignment',
  'circumstance',
  'assessment',
  'proposal',
  /** A read of sensitive personal data (an access record): entityId is the official whose records were read. */
  'access',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export interface AuditRecord {
  id: string;
  at: string;
  entityType: AuditEntityType;
  entityId: string;
  /** The official an assignment, circumstance or assessment belongs to, so one query shows their whole history. */
  parentId?: string;
  action: 'create' | 'update' | 'delete' | 'apply' | 'decide' | 'read';
  actor: { sub: string; roles: ActorRole[]; system?: boolean };
  requestId?: string;
  /** Unit path of the entity when written, for scope filtering of the audit log. */
  unitPath: string[];
  /** Agency of the entity when written: the audit log is browsed by agency and date. */
  agencyId?: string;
  before?: unknown;
  after?: unknown;
  /** Of an access record (action `read`): what kinds of sensitive record were read, and through which action. */
  access?: { kinds: SensitiveKind[]; via: string };
  /**
   * Set by the store when the images held personal fields (shared/domain/personal-data.ts): those fields are kept in
   * a separate item that expires at this instant (epoch seconds), and `before`/`after` here hold the rest.
   */
  personalExpiresAt?: number;
}

/** The personal fields of an audit record's images, kept apart until `expiresAt` (epoch seconds). */
export interface PersonalImages {
  before?: Image;
  after?: Image;
  expiresAt: number;
}

/**
 * The current chain of an official, denormalised with everything the flags query needs, so the flags query reads
 * only this item per flagged official (docs/storage.md). Rewritten, with a revision check, by every write to
 * the official's aggregate. An official who has left keeps the item (the revision guard) but leaves every index.
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
  /** The recorded leaving of service, if any. */
  left?: { on: IsoDate; reason: LeftReason };
  /**
   * The first day out of service, known when the item was written (a recorded `leftOn`, or a retirement date already
   * past). Such an official leaves the due-date and rating indexes for the leavers' index, keyed by this day, so
   * flag reads as of today never grow with leavers while a past date still finds who served then.
   */
  outFrom?: IsoDate;
  chain?: {
    assignmentId: string;
    positionId: string;
    positionTitle: string;
    category: PositionCategory;
    unitId: string;
    /** End of the current assignment, when it has one. */
    endDate?: IsoDate;
    /** Start of the current assignment when it is a rearrangement (it answers earlier requirement reasons). */
    rearrangedOn?: IsoDate;
    /**
     * Start of the current assignment (absent on items written before it was kept). From this day to `endDate` the
     * chain is the one in force, so a tenure as of such a day can be answered from this item alone.
     */
    currentStart?: IsoDate;
    chainStart: IsoDate;
    dueDate: IsoDate;
    limitMonths: number;
    limitCode: string;
    limitRule: string;
  };
  circumstances: CircumstanceFact[];
  /** Annual ratings with the date each was given: a rating counts only from its assessedOn. */
  annual: { year: number; rating: Rating; assessedOn: IsoDate }[];
  /**
   * Who the alert mail about the current chain goes to, and its unit's name (shared/use-cases/mail-stamp.ts): kept
   * fresh by the writes that change the chain's unit and, after a unit's change, by the alert run's restamp. Absent
   * without a chain, or when a unit it needs was missing (the run then reads the units).
   */
  mail?: MailStamp;
}

/** What a status item copies from its chain's post. */
export interface PositionFacts {
  positionId: string;
  title: string;
  category: PositionCategory;
  rotationPeriodMonths?: number;
}

/** A change to a post's holder count, and, when applying a proposal, the most it may then hold. */
export interface HolderDelta {
  positionId: string;
  delta: number;
  /** Refuse the write unless the post then holds at most its headcount (read as `headcount`, unchanged since). */
  guard?: { headcount: number };
}

/** One child item of a write: created, replaced at the version read, or deleted at the version read. */
export interface ChildWrite<T> {
  item: T;
  expectedVersion?: number;
  create?: boolean;
  delete?: boolean;
}

/** Writes to an official's aggregate happen as one transaction, guarded by the status revision. */
export interface AggregateWrite {
  officialId: string;
  /** The status revision read before computing this write; the write fails with ConflictError if it moved. */
  expectedRev: number;
  status: OfficialStatus;
  official?: ChildWrite<Official>;
  assignments?: ChildWrite<Assignment>[];
  circumstance?: ChildWrite<Circumstance>;
  assessment?: ChildWrite<Assessment>;
  /** Counter deltas for the excellent-rating quota of an agency's year. */
  ratingCounts?: { agencyId: string; year: number; delta: Partial<Record<Rating, number>> }[];
  /** Changes to posts' holder counts: the official's open primary post changed. */
  holders?: HolderDelta[];
  /**
   * The post the status item's chain is on, with the facts copied from it (title, category, rotation period): the
   * write fails with ConflictError if the post no longer has them (it was changed and its holders re-stamped).
   */
  positionCheck?: PositionFacts;
  /**
   * The units the status's mail stamp was resolved from, each at the version read: the write fails (a conflict) if
   * one changed since, so a stamp from old facts never lands after the restamp that followed the change.
   */
  unitChecks?: { unitId: string; version: number }[];
  /** When the write keeps the stamp it read: that stamp's `seq`, so the write fails if a restamp came between. */
  expectedMailSeq?: number;
  /** A unique employee code to claim for this official (create, or change). */
  claimEmployeeCode?: string;
  releaseEmployeeCode?: string;
  audit: AuditRecord[];
  idempotency?: IdempotentResponse;
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

/**
 * The response a write will answer with, stored with the write in one transaction under the caller's
 * Idempotency-Key: a retry after a crash between the write and the reply replays it instead of writing again.
 */
export interface IdempotentResponse {
  /** The claimed key (already namespaced by caller), and the claim this request holds on it. */
  key: string;
  claimId: string;
  response: StoredResponse;
}

/** Options every audited single-item write takes. */
export interface WriteOptions {
  expectedVersion?: number;
  audit: AuditRecord;
  idempotency?: IdempotentResponse;
}

/** A unit changed what mail stamps hold: the stamps that read it are to be rewritten (pattern 32). */
export interface RestampTask {
  unitId: string;
  /** The unit's version written with the task. */
  version: number;
  at: string;
}

/** The organisation aggregate: units and their positions (patterns 1-3, 25-27). */
export interface OrganisationStore {
  getUnit(id: string): Promise<Unit | undefined>;
  /** The units of these ids that exist (pattern 27). */
  getUnits(ids: readonly string[]): Promise<Unit[]>;
  /** Every unit in the country (pattern 2): for the admin's list and the alert job, never to resolve a scope. */
  listAllUnits(): Promise<Unit[]>;
  /** The agency units (`id === agencyId`) whose path starts with `under` (the unit itself included), or all (26). */
  listAgencies(under?: readonly string[]): Promise<Unit[]>;
  /** Every unit of these agencies (pattern 29). */
  listAgencyUnits(agencyIds: readonly string[]): Promise<Unit[]>;
  /**
   * With `restamp`, also records a restamp task (pattern 32) in the same transaction: the unit changed what the mail
   * stamps of status items hold (its name or addresses), and the next alert run rewrites those.
   */
  putUnit(unit: Unit, options: WriteOptions & { restamp?: boolean }): Promise<void>;
  /** The restamp tasks still to do, oldest first (pattern 32). */
  listRestampTasks(): Promise<RestampTask[]>;
  /** A task done (every stamp that read its unit rewritten): out of the pending list; the item expires. */
  finishRestampTask(task: RestampTask, now: string): Promise<void>;

  getPosition(id: string): Promise<Position | undefined>;
  getPositions(ids: string[]): Promise<Position[]>;
  listPositions(query: ListQuery<Position>): Promise<Page<Position>>;
  /**
   * Create or update a post. `restamp`: its holders' status items re-stamped with its new facts in the same
   * transaction, each guarded by the revision read.
   */
  putPosition(position: Position, options: WriteOptions & { restamp?: { status: OfficialStatus; expectedRev: number }[] }): Promise<void>;
}

/** The official aggregate and the indexes derived from its status item (patterns 1, 4-7, 10-12, 16, 19, 30). */
export interface OfficialStore {
  getOfficial(id: string): Promise<Official | undefined>;
  getOfficialAggregate(id: string): Promise<OfficialAggregate | undefined>;
  /** The official's status item alone (one read by key), if the official exists. */
  getStatus(id: string): Promise<OfficialStatus | undefined>;
  /** The aggregates of many officials, by id (those that exist): read by key in batches where that is all of them. */
  getOfficialAggregates(ids: readonly string[]): Promise<Map<string, OfficialAggregate>>;
  listOfficials(query: ListQuery<Official>): Promise<Page<Official>>;
  writeAggregate(write: AggregateWrite): Promise<void>;
  /**
   * Several writes, each as writeAggregate would commit it (whole or not at all, on the same conditions), sharing
   * transactions to save round trips (an import's rows). A write refused by its conditions is left out and the others
   * committed without it; an official's writes are committed in the order given.
   *
   * @returns per write: undefined once committed, else why not (a ConflictError, or the database's error).
   */
  writeAggregates(writes: readonly AggregateWrite[]): Promise<unknown[]>;
  /** The official holding an employee code, if any. */
  findByEmployeeCode(code: string): Promise<string | undefined>;
  /** The officials holding some employee codes, by code (those held; pattern 12 read in batches). */
  findByEmployeeCodes(codes: readonly string[]): Promise<Map<string, string>>;
  /**
   * Replace the mail stamp of a status item still at `expectedRev` (its revision is kept: a restamp is no change to
   * the aggregate). False when the item moved on (or is gone): read it again.
   */
  restampMail(officialId: string, expectedRev: number, stamp: MailStamp): Promise<boolean>;

  /** Status items due by `dueOnOrBefore` in the agencies (sparse due-date index). */
  queryDueStatuses(agencyIds: string[], dueOnOrBefore: IsoDate): Promise<OfficialStatus[]>;
  /** Status items due after `after` (exclusive; absent = from the start) and by `through`, in the agencies. */
  queryDueBetween(agencyIds: string[], window: { after?: IsoDate; through: IsoDate }): Promise<OfficialStatus[]>;
  /** The same range in every agency at once (the alert run): reads grow with the officials due in it, not the agencies. */
  queryDueInWindow(window: { after?: IsoDate; through: IsoDate }): Promise<OfficialStatus[]>;
  /** Status items with an unsatisfactory annual rating in the agencies (sparse index). */
  queryUnsatisfactoryStatuses(agencyIds: string[]): Promise<OfficialStatus[]>;
  /**
   * The ids of the officials of an agency whose status item's chain is on a post, as the indexes show them: those in
   * service, and leavers still serving after `servingAfter`. Reads the agency's due and leavers' indexes, filtered;
   * eventually consistent, so the caller reads the items themselves by key (getStatuses) before writing them.
   */
  queryStatusesOfPosition(agencyId: string, positionId: string, servingAfter: IsoDate): Promise<string[]>;
  /** Many officials' status items by key, strongly consistent (those that exist). */
  getStatuses(ids: readonly string[]): Promise<OfficialStatus[]>;
  /** Status items of officials who leave (or left) service after `asOf`: they still served on that day. */
  queryLeaversInService(agencyIds: string[], asOf: IsoDate): Promise<OfficialStatus[]>;
  getAssessmentsForPeriod(officialIds: string[], period: string): Promise<Assessment[]>;
  getRatingCounts(agencyId: string, year: number): Promise<Record<Rating, number>>;
}

/**
 * Proposals (patterns 17, 18): a header, its items, and the lists of unarranged and exempt candidates, under one
 * partition. Every change is guarded by the header's version (items by their own), with its audit record.
 */
export interface ProposalStore {
  /** Write a new proposal: children first, then the header, so it is visible only once whole. */
  create(proposal: Proposal, options: { audit: AuditRecord; idempotency?: IdempotentResponse }): Promise<void>;
  get(id: string): Promise<Proposal | undefined>;
  /** The agencies' proposal headers, newest first, optionally of one status. */
  list(query: ListQuery<ProposalHeader> & { status?: ProposalStatus }): Promise<Page<ProposalHeader>>;
  /**
   * Replace the header (at `expectedVersion`) and some items (each at its version minus one), in one transaction
   * with the audit records.
   */
  update(
    header: ProposalHeader,
    items: ProposalItem[],
    options: { expectedVersion: number; audit: AuditRecord[]; idempotency?: IdempotentResponse },
  ): Promise<void>;
  /**
   * Apply items that depend on each other in one transaction: the officials' writes, the posts' holder counts
   * (guarded: none may exceed its headcount), the items marked applied (each at its version minus one).
   */
  applyGroup(input: {
    proposalId: string;
    items: ProposalItem[];
    writes: AggregateWrite[];
    holders: HolderDelta[];
    audit: AuditRecord[];
  }): Promise<void>;
}

export interface AuditQuery {
  limit: number;
  /** Opaque; from the previous page. */
  cursor?: string;
}

/** The audit log (patterns 8, 9, 14, 15). Records are written by the stores, in the transaction of their change. */
export interface AuditLog {
  /**
   * Write access records (reads of sensitive data). Resolves only once every record is stored; otherwise throws a
   * ServiceUnavailableError, so the read they log is refused rather than answered unlogged.
   */
  recordReads(records: AuditRecord[]): Promise<void>;
  /** The stored personal images of records carrying `personalExpiresAt`, by audit id (expired ones may be among them). */
  personalImages(records: AuditRecord[]): Promise<Map<string, PersonalImages>>;
  /** The records of an entity and of its children (an official's assignments...), newest first. */
  listForEntity(entityType: AuditEntityType, entityId: string): Promise<AuditRecord[]>;
  /** One actor's records between two instants (inclusive ISO timestamps), newest first. */
  listByActor(
    sub: string,
    range: { from: string; to: string },
    page: AuditQuery & { keep: (record: AuditRecord) => boolean },
  ): Promise<Page<AuditRecord>>;
  /** The records of some agencies between two instants, newest first (kept only if `keep` says so). */
  listByAgencies(
    agencyIds: string[],
    range: { from: string; to: string },
    page: AuditQuery & { keep: (record: AuditRecord) => boolean },
  ): Promise<Page<AuditRecord>>;
}

export interface StoredResponse {
  status: number;
  body: string;
  contentType: string;
}

export interface IdempotencyRecord {
  requestHash: string;
  status: 'in_progress' | 'completed';
  response?: StoredResponse;
}

export interface IdempotencyStore {
  /**
   * Claim a key for a request; `claimId` identifies this attempt. Returns the existing record when the key was seen
   * before (and not expired, nor an abandoned claim past its lease).
   */
  begin(key: string, claimId: string, requestHash: string, leaseSeconds: number): Promise<IdempotencyRecord | undefined>;
  /** Store the response, unless the write's own transaction already did. */
  complete(key: string, claimId: string, response: StoredResponse): Promise<void>;
  /** Give up this attempt's claim (the request failed): only an in-progress claim held by `claimId` is removed. */
  release(key: string, claimId: string): Promise<void>;
}

/** One mail: HTML and plain text of the same content, to a set of addresses. */
export interface MailMessage {
  to: string[];
  subject: string;
  html: string;
  text: string;
}

/** Sends mail (shared/adapters/ses: SES v2 in AWS, aws-ses-v2-local locally). Throws when the message was not taken. */
export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
}

/**
 * An outbox item: a notice claimed (conditional put) before its mail is sent and marked sent after, so each one is
 * mailed once; a claim left pending (a crash, a failed send, no address yet) is taken over by a later run once its
 * lease has passed. `threshold` notices are keyed by (official, due date, threshold), `digest` ones by (agency, month).
 */
export type AlertNotice =
  | (AlertNoticeState & { kind: 'threshold'; officialId: string; dueDate: IsoDate; threshold: number; unitId: string; line: AlertLine })
  | (AlertNoticeState & { kind: 'digest'; agencyId: string; month: string });

export interface AlertNoticeState {
  /** `closed`: done without a mail (a digest with nothing to report, or one whose month has passed). */
  status: 'pending' | 'sent' | 'closed';
  /** The run holding the claim (the one that sent it, once sent). */
  runId: string;
  claimedAt: string;
  /** Until when the holding run may still send it; after that another run may take it over. */
  leaseUntil: string;
  /** Sends tried. */
  attempts: number;
  lastError?: string;
  sentAt?: string;
  messageId?: string;
  recipients?: string[];
}

export interface AlertRunFailure {
  /** What could not be sent: a unit's HR mail or an agency's digest. */
  kind: 'threshold' | 'digest';
  unitId: string;
  recipients: string[];
  /** Notices (officials, or the digest) it carried; they stay pending and the next run sends them. */
  notices: number;
  reason: string;
}

/** A record of one run of the alert job. */
export interface AlertRun {
  id: string;
  asOf: IsoDate;
  /** Who ran it: `system:alerts` for the schedule, a person's sub for POST /v1/alerts/run. */
  trigger: string;
  status: 'running' | 'completed';
  startedAt: string;
  finishedAt?: string;
  /** The due dates read for new thresholds (empty when the run is not after the last completed one). */
  windows: { after?: IsoDate; through: IsoDate }[];
  /** The digest month, when this run was due to send it. */
  digestMonth?: string;
  mailsSent: number;
  officialsNotified: number;
  digestsSent: number;
  /** Notices left pending by earlier runs that this one sent. */
  retried: number;
  failures: AlertRunFailure[];
  /** Units with officials to report and no address up their tree (HR), or agencies without leaderEmails (digest). */
  unitsWithoutAddress: { unitId: string; unitName: string; kind: 'hr' | 'leadership'; notices: number }[];
  /** Addresses on units that are not addresses: left out of the mail. */
  invalidAddresses: { unitId: string; address: string }[];
}

/** The alert job's records (patterns 19-22): the outbox, the runs, the last completed run's date. */
export interface AlertStore {
  /** Claim a new notice (pending, held by its run); false when it exists already (sent, or held by another run). */
  claim(notice: AlertNotice): Promise<boolean>;
  /** Notices still pending, from any run (the sparse pending index). */
  listPending(): Promise<AlertNotice[]>;
  /** Take over a pending notice whose lease has passed; false when another run took it first or it was sent. */
  takeOver(notice: AlertNotice, runId: string, leaseUntil: string, now: string): Promise<boolean>;
  /** Mark notices sent (one mail), while this run still holds them. */
  markSent(notices: AlertNotice[], runId: string, sent: { at: string; messageId: string; recipients: string[] }): Promise<void>;
  /** Release notices this run could not send, for the next run: attempts counted, the error kept, lease ended. */
  release(notices: AlertNotice[], runId: string, release: { now: string; error?: string; countAttempt: boolean }): Promise<void>;
  /** A notice with nothing to send (a digest with nothing to report, or of a past month): done, never sent. */
  close(notice: AlertNotice, runId: string, now: string): Promise<void>;

  putRun(run: AlertRun): Promise<void>;
  /** Record a finished run and, unless a run as of a later date completed first, make its date the last completed. */
  completeRun(run: AlertRun): Promise<void>;
  listRuns(query: { limit: number; cursor?: string }): Promise<Page<AlertRun>>;
  /** The date of the latest run that completed (the next run reads due dates from there on). */
  lastCompleted(): Promise<{ asOf: IsoDate; runId: string } | undefined>;
}

/**
 * The record of one import of a file: who ran it, when, what, and its report. Each row's writes are
 * audited by their own use case, under the same request id.
 */
export interface ImportRecord {
  id: string;
  kind: ImportKind;
  fileName: string;
  by: { sub: string; roles: ActorRole[] };
  /** The importer's scope when it ran, as unit paths ('*' for every unit): a reader must see all of it. */
  scopePaths: '*' | string[][];
  requestId: string;
  startedAt: string;
  finishedAt: string;
  rows: number;
  valid: number;
  written: number;
  present: number;
  failed: number;
  errorCount: number;
  /** The first errors of the report (the whole report went back to the importer). */
  errors: ImportError[];
}

/** Import records (pattern 23), newest first. */
export interface ImportStore {
  record(record: ImportRecord, options: { idempotency?: IdempotentResponse }): Promise<void>;
  list(query: { limit: number; cursor?: string; keep: (record: ImportRecord) => boolean }): Promise<Page<ImportRecord>>;
}
