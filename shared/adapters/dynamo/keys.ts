/**
 * Key builders for the single table, and the access patterns they serve. Every query the adapters make is a row
 * here, and each row has an API test (test/api/access-patterns.test.ts names them by number). Index names come from
 * the table definition (./table.ts); no adapter spells a key prefix or an index name of its own.
 *
 * | #  | access pattern                                          | where | key condition                                                        |
 * |----|---------------------------------------------------------|-------|----------------------------------------------------------------------|
 * | 1  | get a unit, position or official by id                  | table | PK = UNIT#id / POSITION#id / OFFICIAL#id, SK = #META                  |
 * | 2  | list every unit (the admin's unit list, local backfill) | GSI1  | GSI1PK = UNITS, GSI1SK = unit id                                      |
 * | 3  | list an agency's positions                              | GSI1  | GSI1PK = AGENCY#a#POSITIONS, GSI1SK = unitId#positionId               |
 * | 4  | list an agency's officials by name                      | GSI1  | GSI1PK = AGENCY#a#OFFICIALS, GSI1SK = folded name#officialId          |
 * | 5  | an official's whole aggregate                           | table | PK = OFFICIAL#id (SK #META, STATUS, ASSIGNMENT#, CIRCUMSTANCE#, ASSESSMENT#) |
 * | 6  | flags: current chains of an agency due by a date        | GSI2  | GSI2PK = AGENCY#a#DUE, GSI2SK <= dueDate#~ (sparse: STATUS with a chain, in service) |
 * | 7  | flags: officials with an unsatisfactory annual rating   | GSI3  | GSI3PK = AGENCY#a#UNSATISFACTORY (sparse: STATUS items in service)    |
 * | 8  | audit log of an entity                                  | table | PK = AUDIT#type#entityId, SK = at#auditId                             |
 * | 9  | audit log of an aggregate (an official's children)      | GSI3  | GSI3PK = AUDIT_PARENT#officialId, GSI3SK = at#auditId                 |
 * | 10 | one assessment period of many officials                 | table | BatchGet PK = OFFICIAL#id, SK = ASSESSMENT#period                     |
 * | 11 | rating counts of an agency's year (excellent quota)     | table | PK = AGENCY#a, SK = RATINGS#year                                      |
 * | 12 | employee code uniqueness, and its official              | table | PK = EMPLOYEE_CODE#code, SK = #META                                   |
 * | 13 | idempotency record of a caller's key                    | table | PK = IDEMPOTENCY#sha256(sub#key), SK = #META                          |
 * | 14 | audit log of one actor between two instants             | GSI1  | GSI1PK = AUDIT_ACTOR#sub, GSI1SK between from and to (at#auditId)     |
 * | 15 | audit log of an agency between two instants             | GSI2  | GSI2PK = AUDIT_AGENCY#a, GSI2SK between from and to (at#auditId)      |
 * | 16 | flags: leavers of an agency still serving on a date     | GSI2  | GSI2PK = AGENCY#a#LEFT, GSI2SK > asOf#~ (first day out#officialId)    |
 * | 17 | a proposal with its items, unarranged and exempt lists  | table | PK = PROPOSAL#id (SK #META, ITEM#itemId, UNARRANGED#id, EXEMPT#id)   |
 * | 18 | an agency's proposals, by status, newest first          | GSI1  | GSI1PK = AGENCY#a#PROPOSALS, GSI1SK begins_with status# (status#createdAt#id) |
 * | 19 | dashboard: current chains of an agency due in a range   | GSI2  | GSI2PK = AGENCY#a#DUE, GSI2SK BETWEEN (after + 1 day)# AND through#~ (pattern 6's index) |
 * | 20 | alert outbox: one notice, or an agency's monthly digest | table | PK = ALERT_NOTICE#officialId, SK = dueDate#threshold / PK = ALERT_DIGEST#a, SK = YYYY-MM |
 * | 21 | alert outbox: notices still pending (claimed, unsent)   | GSI1  | GSI1PK = ALERT_PENDING, GSI1SK = claimedAt#PK#SK (sparse: removed once sent) |
 * | 22 | alert runs, newest first; the last completed run        | table | PK = ALERT_RUNS, SK begins_with RUN# (RUN#startedAt#runId); SK = LAST_COMPLETED |
 * | 23 | imports of files, newest first                          | table | PK = IMPORTS, SK begins_with IMPORT# (IMPORT#startedAt#importId)     |
 * | 24 | the officials holding many employee codes (an import)   | table | BatchGet PK = EMPLOYEE_CODE#code, SK = #META (pattern 12's items)      |
 * | 25 | who read an official's sensitive records (access log)   | table | PK = AUDIT#access#officialId, SK = at#auditId (also patterns 14, 15)  |
 * | 26 | personal images of audit records (expire by TTL)        | table | BatchGet PK = AUDIT_PERSONAL#auditId, SK = #META (expiresAt)          |
 * | 27 | scope: the scope's own units by id                      | table | BatchGet PK = UNIT#id, SK = #META (pattern 1's items)                 |
 * | 28 | scope: the agencies in a unit's subtree (or all)        | GSI3  | GSI3PK = AGENCIES, GSI3SK begins_with root/../unit/ (sparse: agency units) |
 * | 29 | scope: the units of one agency (names, validity)        | GSI2  | GSI2PK = AGENCY#a#UNITS, GSI2SK = unit id                             |
 * | 30 | alerts: current chains due in a date range, every agency | GSI1 | GSI1PK = DUE_MONTH#YYYY-MM (each month the range spans; DUE_MONTH#BEFORE-2000-01 for earlier ones), GSI1SK BETWEEN (after + 1 day)# AND through#~ (sparse as pattern 6) |
 * | 31 | many officials' aggregates (an import's histories)      | table | BatchGet PK = OFFICIAL#id, SK = #META and STATUS; pattern 5 where STATUS rev > 1 |
 * | 32 | alerts: mail stamps to rewrite after a unit's change     | GSI1  | GSI1PK = RESTAMP_PENDING, GSI1SK = at#unitId#version (sparse: removed once redone; the item, PK = RESTAMP#unitId, SK = version, then expires by TTL) |
 * | 33 | a tenure on a day of the duty in force (GET tenure)     | table | PK = OFFICIAL#id, SK = STATUS (pattern 5 for any other day)           |
 * | 34 | the officials whose chain is on a post (re-stamp)       | GSI2  | GSI2PK = AGENCY#a#DUE, and AGENCY#a#LEFT with GSI2SK > today#~ (patterns 6, 16), filter chain.positionId; then their STATUS items by key (BatchGet) |
 */

import { createHash } from 'node:crypto';
import { addDays, MIN_YEAR } from '../../domain/dates';
import { foldName } from '../../domain/names';
import type { AuditEntityType } from '../../ports';
import { TABLE } from './table';

export const META = '#META';
export const STATUS_SK = 'STATUS';

/** The generic indexes by what they hold (all three are overloaded; see the table above). */
export const INDEX = {
  /** Patterns 2, 3, 4, 14, 18, 21, 30, 32. */
  lists: TABLE.indexes[0],
  /** Patterns 6, 15, 16, 19, 29. */
  dates: TABLE.indexes[1],
  /** Patterns 7, 9, 28. */
  groups: TABLE.indexes[2],
} as const;

/** Sort-key prefixes of an official's children (pattern 5). */
export const CHILD_PREFIX = {
  assignment: 'ASSIGNMENT#',
  circumstance: 'CIRCUMSTANCE#',
  assessment: 'ASSESSMENT#',
} as const;

/** Sort-key prefixes of a proposal's children (pattern 17). */
export const PROPOSAL_PREFIX = {
  item: 'ITEM#',
  unarranged: 'UNARRANGED#',
  exempt: 'EXEMPT#',
} as const;

const UNITS_PARTITION = 'UNITS';
const AGENCIES_PARTITION = 'AGENCIES';

function agencyPathKey(path: readonly string[]): string {
  return `${path.join('/')}/`;
}
const DUE_MONTH_PREFIX = 'DUE_MONTH#';
/**
 * Pattern 30 keeps one partition per month from this one on, and one for every earlier due date: a chain still held
 * that fell due before 2000 is rare (and long overdue), and a first run, which reads back to the earliest due date the
 * app accepts (MIN_YEAR), then reads one partition for the whole of the 20th century instead of 1,200 empty ones.
 */
const DUE_MONTH_EPOCH = '2000-01';
const DUE_BEFORE_EPOCH = `${DUE_MONTH_PREFIX}BEFORE-${DUE_MONTH_EPOCH}`;
const FIRST_DUE_MONTH = `${MIN_YEAR}-01`;

function dueMonthPartition(month: string): string {
  return month < DUE_MONTH_EPOCH ? DUE_BEFORE_EPOCH : `${DUE_MONTH_PREFIX}${month}`;
}

/** The months (`YYYY-MM`) from `first` through `last`, both included. */
function monthsFrom(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number);
  const [lastYear, lastMonth] = last.split('-').map(Number);
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months;
}
const ALERT_PENDING_PARTITION = 'ALERT_PENDING';
const ALERT_RUNS_PARTITION = 'ALERT_RUNS';
const ALERT_RUN_PREFIX = 'RUN#';
const RESTAMP_PENDING_PARTITION = 'RESTAMP_PENDING';
const IMPORTS_PARTITION = 'IMPORTS';
const IMPORT_PREFIX = 'IMPORT#';

export const keys = {
  unit: (id: string) => ({ PK: `UNIT#${id}`, SK: META }),
  unitsIndex: (id: string) => ({ GSI1PK: UNITS_PARTITION, GSI1SK: id }),
  unitsPartition: () => UNITS_PARTITION,
  /**
   * Pattern 29: every unit also sits in its agency's partition, so resolving a scope reads one agency's units, never
   * the country's.
   */
  agencyUnitsIndex: (agencyId: string, id: string) => ({ GSI2PK: `AGENCY#${agencyId}#UNITS`, GSI2SK: id }),
  agencyUnitsPartition: (agencyId: string) => `AGENCY#${agencyId}#UNITS`,
  /**
   * Pattern 28 (sparse: agency units only, `id === agencyId`). The sort key is the unit path joined by `/` (no unit id
   * holds one) and closed by `/`, so `begins_with(path(u) + '/')` finds the agencies in u's subtree and nothing
   * whose id merely starts the same. A unit's parent never changes, so neither does this key.
   */
  agenciesIndex: (path: readonly string[]) => ({ GSI3PK: AGENCIES_PARTITION, GSI3SK: agencyPathKey(path) }),
  agenciesPartition: () => AGENCIES_PARTITION,
  agencyPathKey: (path: readonly string[]) => agencyPathKey(path),

  position: (id: string) => ({ PK: `POSITION#${id}`, SK: META }),
  positionsIndex: (agencyId: string, unitId: string, id: string) => ({
    GSI1PK: `AGENCY#${agencyId}#POSITIONS`,
    GSI1SK: `${unitId}#${id}`,
  }),
  positionsPartition: (agencyId: string) => `AGENCY#${agencyId}#POSITIONS`,

  officialPK: (id: string) => `OFFICIAL#${id}`,
  official: (id: string) => ({ PK: `OFFICIAL#${id}`, SK: META }),
  officialsIndex: (agencyId: string, fullName: string, id: string) => ({
    GSI1PK: `AGENCY#${agencyId}#OFFICIALS`,
    GSI1SK: `${foldName(fullName)}#${id}`,
  }),
  officialsPartition: (agencyId: string) => `AGENCY#${agencyId}#OFFICIALS`,

  status: (officialId: string) => ({ PK: `OFFICIAL#${officialId}`, SK: STATUS_SK }),
  dueIndex: (agencyId: string, dueDate: string, officialId: string) => ({
    GSI2PK: `AGENCY#${agencyId}#DUE`,
    GSI2SK: `${dueDate}#${officialId}`,
  }),
  duePartition: (agencyId: string) => `AGENCY#${agencyId}#DUE`,
  /** Upper bound for `GSI2SK <= :bound`: every official due on that date sorts before `~`. */
  dueBound: (date: string) => `${date}#~`,
  /**
   * Sort-key bounds for `BETWEEN :from AND :to` (patterns 19 and 30): due after `after` (so from the next day, whose entries
   * all sort after `day#`) through `through`. Without `after`, `GSI2SK <= :to` as in pattern 6.
   */
  dueRange: (after: string | undefined, through: string) => ({
    from: after === undefined ? undefined : `${addDays(after, 1)}#`,
    to: `${through}#~`,
  }),
  /**
   * Pattern 30: the same current chains as pattern 6 (same sparse rule: a chain, in service), keyed by the month of
   * the due date across every agency, so the alert run reads the due dates that crossed a threshold whatever the
   * number of agencies. A month holds ~1/120 of the staff with a chain (10-year limits); a daily run reads ~1/3650.
   */
  dueMonthIndex: (dueDate: string, officialId: string) => ({
    GSI1PK: dueMonthPartition(dueDate.slice(0, 7)),
    GSI1SK: `${dueDate}#${officialId}`,
  }),
  dueMonthPrefix: () => DUE_MONTH_PREFIX,
  /**
   * The partitions of pattern 30 a due-date range spans, in date order: due after `after` (exclusive) through
   * `through`; with no `after`, from the first month any due date can fall in. Read each with `dueRange`'s bounds
   * (the sort key is the same in every partition).
   */
  dueMonthPartitions: (after: string | undefined, through: string) => [
    ...new Set(
      monthsFrom(after === undefined ? FIRST_DUE_MONTH : addDays(after, 1).slice(0, 7), through.slice(0, 7)).map(dueMonthPartition),
    ),
  ],
  unsatisfactoryIndex: (agencyId: string, latestYear: number, officialId: string) => ({
    GSI3PK: `AGENCY#${agencyId}#UNSATISFACTORY`,
    GSI3SK: `${latestYear}#${officialId}`,
  }),
  unsatisfactoryPartition: (agencyId: string) => `AGENCY#${agencyId}#UNSATISFACTORY`,
  /** `outFrom` is the first day out of service. */
  leaversIndex: (agencyId: string, outFrom: string, officialId: string) => ({
    GSI2PK: `AGENCY#${agencyId}#LEFT`,
    GSI2SK: `${outFrom}#${officialId}`,
  }),
  leaversPartition: (agencyId: string) => `AGENCY#${agencyId}#LEFT`,
  /** Lower bound for `GSI2SK > :bound`: everyone whose first day out is after the date. */
  leaversBound: (date: string) => `${date}#~`,

  assignment: (officialId: string, id: string) => ({ PK: `OFFICIAL#${officialId}`, SK: `${CHILD_PREFIX.assignment}${id}` }),
  circumstance: (officialId: string, id: string) => ({
    PK: `OFFICIAL#${officialId}`,
    SK: `${CHILD_PREFIX.circumstance}${id}`,
  }),
  assessment: (officialId: string, period: string) => ({
    PK: `OFFICIAL#${officialId}`,
    SK: `${CHILD_PREFIX.assessment}${period}`,
  }),

  /** Audit partitions are namespaced by entity type: a unit and an official with one id never share a log. */
  audit: (entityType: AuditEntityType, entityId: string, at: string, id: string) => ({
    PK: `AUDIT#${entityType}#${entityId}`,
    SK: `${at}#${id}`,
  }),
  auditPK: (entityType: AuditEntityType, entityId: string) => `AUDIT#${entityType}#${entityId}`,
  auditParentIndex: (parentId: string, at: string, id: string) => ({
    GSI3PK: `AUDIT_PARENT#${parentId}`,
    GSI3SK: `${at}#${id}`,
  }),
  auditParentPartition: (parentId: string) => `AUDIT_PARENT#${parentId}`,
  auditActorIndex: (sub: string, at: string, id: string) => ({ GSI1PK: `AUDIT_ACTOR#${sub}`, GSI1SK: `${at}#${id}` }),
  auditActorPartition: (sub: string) => `AUDIT_ACTOR#${sub}`,
  auditAgencyIndex: (agencyId: string, at: string, id: string) => ({ GSI2PK: `AUDIT_AGENCY#${agencyId}`, GSI2SK: `${at}#${id}` }),
  auditAgencyPartition: (agencyId: string) => `AUDIT_AGENCY#${agencyId}`,
  /** The personal fields of an audit record's images, in an item of their own that expires (TTL). */
  auditPersonal: (auditId: string) => ({ PK: `AUDIT_PERSONAL#${auditId}`, SK: META }),
  /** Sort-key bounds for an instant range: `at#id` sorts between `from` and `to` followed by `~`. */
  auditRange: (from: string, to: string) => ({ from, to: `${to}#~` }),

  proposalPK: (id: string) => `PROPOSAL#${id}`,
  proposal: (id: string) => ({ PK: `PROPOSAL#${id}`, SK: META }),
  proposalItem: (id: string, itemId: string) => ({ PK: `PROPOSAL#${id}`, SK: `${PROPOSAL_PREFIX.item}${itemId}` }),
  proposalUnarranged: (id: string, officialId: string) => ({
    PK: `PROPOSAL#${id}`,
    SK: `${PROPOSAL_PREFIX.unarranged}${officialId}`,
  }),
  proposalExempt: (id: string, officialId: string) => ({ PK: `PROPOSAL#${id}`, SK: `${PROPOSAL_PREFIX.exempt}${officialId}` }),
  proposalsIndex: (agencyId: string, status: string, createdAt: string, id: string) => ({
    GSI1PK: `AGENCY#${agencyId}#PROPOSALS`,
    GSI1SK: `${status}#${createdAt}#${id}`,
  }),
  proposalsPartition: (agencyId: string) => `AGENCY#${agencyId}#PROPOSALS`,

  alertNotice: (officialId: string, dueDate: string, threshold: number) => ({
    PK: `ALERT_NOTICE#${officialId}`,
    SK: `${dueDate}#${threshold}`,
  }),
  alertDigest: (agencyId: string, month: string) => ({ PK: `ALERT_DIGEST#${agencyId}`, SK: month }),
  /** Sparse: only pending notices carry it; marking one sent removes it. */
  alertPendingIndex: (claimedAt: string, key: { PK: string; SK: string }) => ({
    GSI1PK: ALERT_PENDING_PARTITION,
    GSI1SK: `${claimedAt}#${key.PK}#${key.SK}`,
  }),
  alertPendingPartition: () => ALERT_PENDING_PARTITION,
  alertRun: (startedAt: string, id: string) => ({ PK: ALERT_RUNS_PARTITION, SK: `${ALERT_RUN_PREFIX}${startedAt}#${id}` }),
  alertRunsPartition: () => ALERT_RUNS_PARTITION,
  alertRunPrefix: () => ALERT_RUN_PREFIX,
  alertLastCompleted: () => ({ PK: ALERT_RUNS_PARTITION, SK: 'LAST_COMPLETED' }),

  /**
   * Pattern 32: a unit's change to what mail stamps hold, written with the unit (one item per unit version). While
   * pending it sits in one GSI1 partition, oldest first, which the alert run reads whole (empty most days); once the
   * run has rewritten the stamps that read the unit it removes the index keys, and the item expires (TTL).
   */
  restampTask: (unitId: string, version: number) => ({ PK: `RESTAMP#${unitId}`, SK: String(version) }),
  restampPendingIndex: (at: string, unitId: string, version: number) => ({
    GSI1PK: RESTAMP_PENDING_PARTITION,
    GSI1SK: `${at}#${unitId}#${version}`,
  }),
  restampPendingPartition: () => RESTAMP_PENDING_PARTITION,

  /** One partition: imports are few (npm run import records one per chunk of a large file), read only as a list. */
  importRecord: (startedAt: string, id: string) => ({ PK: IMPORTS_PARTITION, SK: `${IMPORT_PREFIX}${startedAt}#${id}` }),
  importsPartition: () => IMPORTS_PARTITION,
  importPrefix: () => IMPORT_PREFIX,

  ratingCounts: (agencyId: string, year: number) => ({ PK: `AGENCY#${agencyId}`, SK: `RATINGS#${year}` }),
  employeeCode: (code: string) => ({ PK: `EMPLOYEE_CODE#${code}`, SK: META }),
  /**
   * `key` is namespaced by the caller (`sub#Idempotency-Key`), so two users' keys never collide; it is hashed, so
   * no subject or key length can exceed DynamoDB's key size.
   */
  idempotency: (key: string) => ({ PK: `IDEMPOTENCY#${createHash('sha256').update(key).digest('base64url')}`, SK: META }),
};
