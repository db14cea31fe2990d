/**
 * What an item read back from the table must look like. Items are parsed, not cast: a malformed item (written by
 * an older version, or by hand) fails loudly at the adapter instead of spreading `undefined` through the rules.
 * Parsing also strips the key attributes (PK, SK, GSIs, entity), which are storage, not domain.
 */
import { z } from 'zod';
import { LEFT_REASONS } from '../../domain/leaving';
import {
  DECISIONS,
  PROPOSAL_ACTIONS,
  PROPOSAL_STATUSES,
  type ExemptEntry,
  type ProposalHeader,
  type ProposalItem,
  type UnarrangedEntry,
} from '../../domain/proposal';
import {
  ASSIGNMENT_KINDS,
  CIRCUMSTANCE_TYPES,
  GENDERS,
  POSITION_CATEGORIES,
  RATINGS,
  ROLES,
  UNIT_KINDS,
  type Assessment,
  type Assignment,
  type Circumstance,
  type Official,
  type Position,
  type Unit,
} from '../../domain/types';
import {
  AUDIT_ENTITY_TYPES,
  SYSTEM_ROLE,
  type AlertNotice,
  type AlertRun,
  type AuditRecord,
  type OfficialStatus,
  type RestampTask,
} from '../../ports';
import type { ImportRecord, PersonalImages } from '../../ports';
import { SENSITIVE_KINDS } from '../../domain/personal-data';
import { IMPORT_KINDS } from '../../domain/import-templates';

const stored = {
  id: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const UnitItem: z.ZodType<Unit> = z.object({
  ...stored,
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
  parentId: z.string().optional(),
  validFrom: z.string().optional(),
  validTo: z.string().optional(),
  successorId: z.string().optional(),
  hrEmails: z.array(z.string()),
  // Introduced with the alert digest: a unit written before has none.
  leaderEmails: z.array(z.string()).default([]),
  ancestors: z.array(z.string()),
  agencyId: z.string(),
});

export const PositionItem: z.ZodType<Position> = z.object({
  ...stored,
  unitId: z.string(),
  title: z.string(),
  category: z.enum(POSITION_CATEGORIES),
  headcount: z.number().int(),
  // Counted from the version that introduced it: an item written before has none yet.
  holders: z.number().int().default(0),
  rotationPeriodMonths: z.number().int().optional(),
  unitPath: z.array(z.string()),
  agencyId: z.string(),
});

export const OfficialItem: z.ZodType<Official> = z.object({
  ...stored,
  employeeCode: z.string().optional(),
  fullName: z.string(),
  gender: z.enum(GENDERS),
  dateOfBirth: z.string(),
  email: z.string().optional(),
  retirementDate: z.string().optional(),
  leftOn: z.string().optional(),
  leftReason: z.enum(LEFT_REASONS).optional(),
  unitId: z.string().optional(),
  unitPath: z.array(z.string()),
  agencyId: z.string().optional(),
});

export const AssignmentItem: z.ZodType<Assignment> = z.object({
  ...stored,
  officialId: z.string(),
  positionId: z.string(),
  unitId: z.string(),
  startDate: z.string(),
  endDate: z.string().optional(),
  kind: z.enum(ASSIGNMENT_KINDS),
  decisionNo: z.string().optional(),
  primary: z.boolean(),
});

export const CircumstanceItem: z.ZodType<Circumstance> = z.object({
  ...stored,
  officialId: z.string(),
  type: z.enum(CIRCUMSTANCE_TYPES),
  from: z.string(),
  to: z.string().optional(),
  note: z.string().optional(),
});

export const AssessmentItem: z.ZodType<Assessment> = z.object({
  ...stored,
  officialId: z.string(),
  period: z.string(),
  rating: z.enum(RATINGS),
  score: z.number().optional(),
  disciplined: z.boolean().optional(),
  derivedFrom: z.enum(['score', 'subperiods', 'discipline']).optional(),
  assessedOn: z.string(),
  comments: z.string().optional(),
  agencyId: z.string().optional(),
  unitId: z.string().optional(),
});

export const StatusItem: z.ZodType<OfficialStatus> = z.object({
  officialId: z.string(),
  rev: z.number().int(),
  fullName: z.string(),
  agencyId: z.string().optional(),
  unitId: z.string().optional(),
  unitPath: z.array(z.string()),
  retirementDate: z.string(),
  left: z.object({ on: z.string(), reason: z.enum(LEFT_REASONS) }).optional(),
  outFrom: z.string().optional(),
  chain: z
    .object({
      assignmentId: z.string(),
      positionId: z.string(),
      positionTitle: z.string(),
      category: z.enum(POSITION_CATEGORIES),
      unitId: z.string(),
      endDate: z.string().optional(),
      rearrangedOn: z.string().optional(),
      currentStart: z.string().optional(),
      chainStart: z.string(),
      dueDate: z.string(),
      limitMonths: z.number().int(),
      limitCode: z.string(),
      limitRule: z.string(),
    })
    .optional(),
  circumstances: z.array(z.object({ type: z.enum(CIRCUMSTANCE_TYPES), from: z.string(), to: z.string().optional() })),
  annual: z.array(z.object({ year: z.number().int(), rating: z.enum(RATINGS), assessedOn: z.string() })),
  mail: z
    .object({
      unitId: z.string(),
      unitName: z.string(),
      recipients: z.object({ to: z.array(z.string()), fromUnitId: z.string() }).optional(),
      invalid: z.array(z.object({ unitId: z.string(), address: z.string() })),
      units: z.array(z.object({ id: z.string(), version: z.number().int() })),
      seq: z.number().int(),
    })
    .optional(),
});

export const RestampTaskItem: z.ZodType<RestampTask> = z.object({
  unitId: z.string(),
  version: z.number().int(),
  at: z.string(),
});

export const AuditItem: z.ZodType<AuditRecord> = z.object({
  id: z.string(),
  at: z.string(),
  entityType: z.enum(AUDIT_ENTITY_TYPES),
  entityId: z.string(),
  parentId: z.string().optional(),
  action: z.enum(['create', 'update', 'delete', 'apply', 'decide', 'read']),
  actor: z.object({
    sub: z.string(),
    roles: z.array(z.enum([...ROLES, SYSTEM_ROLE])),
    system: z.boolean().optional(),
  }),
  requestId: z.string().optional(),
  unitPath: z.array(z.string()),
  agencyId: z.string().optional(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  access: z.object({ kinds: z.array(z.enum(SENSITIVE_KINDS)), via: z.string() }).optional(),
  personalExpiresAt: z.number().int().optional(),
});

const personalImage = z.record(z.string(), z.unknown()).optional();
export const AuditPersonalItem: z.ZodType<PersonalImages> = z.object({
  before: personalImage,
  after: personalImage,
  expiresAt: z.number().int(),
});

export const RatingCountsItem = z.object(Object.fromEntries(RATINGS.map((r) => [r, z.number().optional()])));

export const EmployeeCodeItem = z.object({ officialId: z.string() });

export const IdempotencyItem = z.object({
  requestHash: z.string(),
  status: z.enum(['in_progress', 'completed']),
  claimId: z.string().optional(),
  response: z.object({ status: z.number().int(), body: z.string(), contentType: z.string() }).optional(),
});

const reason = z.object({ code: z.string(), rule: z.string(), detail: z.string() });

export const ProposalHeaderItem: z.ZodType<ProposalHeader> = z.object({
  id: z.string(),
  title: z.string(),
  scopeUnitId: z.string(),
  scopeUnitName: z.string(),
  scopeUnitPath: z.array(z.string()),
  agencyId: z.string(),
  asOf: z.string(),
  effectiveDate: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  itemCount: z.number().int(),
  pending: z.number().int(),
  decisionNo: z.string().optional(),
  createdBy: z.string(),
  submittedAt: z.string().optional(),
  decidedAt: z.string().optional(),
  appliedAt: z.string().optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ProposalItemItem: z.ZodType<ProposalItem> = z.object({
  itemId: z.string(),
  officialId: z.string(),
  fullName: z.string(),
  fromAssignmentId: z.string(),
  fromPositionId: z.string(),
  fromPositionTitle: z.string(),
  fromUnitId: z.string(),
  fromUnitName: z.string(),
  fromAgencyId: z.string(),
  category: z.enum(POSITION_CATEGORIES),
  chainStart: z.string(),
  years: z.number(),
  dueDate: z.string().nullable(),
  retirementDate: z.string(),
  action: z.enum(PROPOSAL_ACTIONS),
  demote: z.boolean(),
  targetPositionId: z.string().optional(),
  targetPositionTitle: z.string().optional(),
  targetUnitId: z.string().optional(),
  targetUnitName: z.string().optional(),
  via: z.union([z.literal('vacancy'), z.object({ vacatedBy: z.string() })]).optional(),
  plannedEnd: z.string().optional(),
  reasons: z.array(reason),
  explanation: z.string(),
  decision: z.enum(DECISIONS),
  note: z.string().optional(),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  decidedOfficialRev: z.number().int().optional(),
  decidedTargetVersion: z.number().int().optional(),
  applied: z.boolean(),
  appliedAt: z.string().optional(),
  appliedAssignmentId: z.string().optional(),
  failure: z.object({ code: z.string(), reason: z.string(), at: z.string() }).optional(),
  version: z.number().int(),
});

export const UnarrangedItem: z.ZodType<UnarrangedEntry> = z.object({
  officialId: z.string(),
  fullName: z.string(),
  positionTitle: z.string(),
  unitName: z.string(),
  chainStart: z.string(),
  years: z.number(),
  reasons: z.array(reason),
  why: z.string(),
  whyLabel: z.string(),
  action: z.enum(PROPOSAL_ACTIONS),
});

export const ExemptItem: z.ZodType<ExemptEntry> = z.object({
  officialId: z.string(),
  fullName: z.string(),
  positionTitle: z.string(),
  unitName: z.string(),
  reasons: z.array(reason),
  exemptions: z.array(reason.extend({ from: z.string(), to: z.string().optional() })),
});

const alertNoticeState = {
  status: z.enum(['pending', 'sent', 'closed']),
  runId: z.string(),
  claimedAt: z.string(),
  leaseUntil: z.string(),
  attempts: z.number().int(),
  lastError: z.string().optional(),
  sentAt: z.string().optional(),
  messageId: z.string().optional(),
  recipients: z.array(z.string()).optional(),
};

export const AlertNoticeItem: z.ZodType<AlertNotice> = z.discriminatedUnion('kind', [
  z.object({
    ...alertNoticeState,
    kind: z.literal('threshold'),
    officialId: z.string(),
    dueDate: z.string(),
    threshold: z.number().int(),
    unitId: z.string(),
    line: z.object({
      officialId: z.string(),
      fullName: z.string(),
      positionTitle: z.string(),
      unitId: z.string(),
      unitName: z.string(),
      agencyId: z.string(),
      chainStart: z.string(),
      dueDate: z.string(),
      asOf: z.string(),
      threshold: z.number().int(),
      reasons: z.array(reason),
      exemptions: z.array(reason.extend({ from: z.string(), to: z.string().optional() })),
    }),
  }),
  z.object({ ...alertNoticeState, kind: z.literal('digest'), agencyId: z.string(), month: z.string() }),
]);

export const AlertRunItem: z.ZodType<AlertRun> = z.object({
  id: z.string(),
  asOf: z.string(),
  trigger: z.string(),
  status: z.enum(['running', 'completed']),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  windows: z.array(z.object({ after: z.string().optional(), through: z.string() })),
  digestMonth: z.string().optional(),
  mailsSent: z.number().int(),
  officialsNotified: z.number().int(),
  digestsSent: z.number().int(),
  retried: z.number().int(),
  failures: z.array(
    z.object({
      kind: z.enum(['threshold', 'digest']),
      unitId: z.string(),
      recipients: z.array(z.string()),
      notices: z.number().int(),
      reason: z.string(),
    }),
  ),
  unitsWithoutAddress: z.array(
    z.object({ unitId: z.string(), unitName: z.string(), kind: z.enum(['hr', 'leadership']), notices: z.number().int() }),
  ),
  invalidAddresses: z.array(z.object({ unitId: z.string(), address: z.string() })),
});

export const AlertMarkerItem = z.object({ asOf: z.string(), runId: z.string() });

export const ImportRecordItem: z.ZodType<ImportRecord> = z.object({
  id: z.string(),
  kind: z.enum(IMPORT_KINDS),
  fileName: z.string(),
  by: z.object({ sub: z.string(), roles: z.array(z.enum([...ROLES, SYSTEM_ROLE])) }),
  scopePaths: z.union([z.literal('*'), z.array(z.array(z.string()))]),
  requestId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  rows: z.number().int(),
  valid: z.number().int(),
  written: z.number().int(),
  present: z.number().int(),
  failed: z.number().int(),
  errorCount: z.number().int(),
  errors: z.array(
    z.object({
      row: z.number().int(),
      column: z.string(),
      field: z.string().optional(),
      message: z.string(),
      code: z.string().optional(),
    }),
  ),
});
