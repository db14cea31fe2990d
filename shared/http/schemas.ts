/**
 * Request and response schemas: one zod schema per shape, used both to validate at the edge and to write the
 * OpenAPI document. Derived fields (version, ancestors, agencyId, unitPath...) are never accepted from clients.
 */
import { z } from '@hono/zod-openapi';
import {
  ASSIGNMENT_KINDS,
  CIRCUMSTANCE_TYPES,
  GENDERS,
  POSITION_CATEGORIES,
  RATINGS,
  UNIT_KINDS,
} from '../domain/types';
import { LEFT_REASONS } from '../domain/leaving';
import { ROTATION_PERIOD_MONTHS } from '../domain/tenure';
import { ID_PATTERN } from '../auth-contract';
import { checkIsoDate, MAX_YEAR, MIN_YEAR } from '../domain/dates';
import { installValidationMessages } from './validation-messages';

installValidationMessages();

/** Undefined for a missing date: the locale (validation-messages.ts) words that as for every missing value. */
function dateMessage(input: unknown): string | undefined {
  if (input === undefined) return undefined;
  const text = typeof input === 'string' ? input.slice(0, 40) : '';
  switch (checkIsoDate(text)) {
    case 'nonexistent':
      return `Ngày ${text} không tồn tại (no such date)`;
    case 'out-of-range':
      return `Năm phải từ ${MIN_YEAR} đến ${MAX_YEAR} (year out of range)`;
    default:
      return 'Cần ngày dạng YYYY-MM-DD (expected a date YYYY-MM-DD)';
  }
}

/**
 * A calendar date a person enters, `YYYY-MM-DD` in years MIN_YEAR-MAX_YEAR (1900-2199), so nothing out of range
 * reaches the date arithmetic. The message says which is wrong: the form, a day that does not exist, or the year.
 */
export const isoDate = z.iso
  .date({ error: (issue) => dateMessage(issue.input) })
  .refine((s) => checkIsoDate(s) !== 'out-of-range', { error: (issue) => dateMessage(issue.input) })
  .openapi({ example: '2021-08-16' });
/** Client-chosen ids: short, URL-safe, no '#' (it separates key parts in the table); unit ids in a token's scope too. */
export const clientId = z
  .string()
  .regex(ID_PATTERN, 'Dùng 1-64 chữ cái, chữ số, dấu chấm, gạch dưới hoặc gạch ngang (1-64 letters, digits, . _ -)')
  .openapi({ example: 'SKHCN-VP' });
const email = z.email();
const version = z.number().int().positive().openapi({ description: 'The version you read; a stale one is a 409' });

export const Stored = {
  id: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ description: 'Stable and machine-readable: the ErrorCode list in shared/domain/errors.ts' }),
    instance: z.string().openapi({ description: 'The request id, also in the x-request-id header and the logs' }),
    errors: z
      .array(z.object({ path: z.string().openapi({ example: 'query.asOf' }), message: z.string() }))
      .optional()
      .openapi({ description: 'Validation: one entry per field, its path prefixed by body, query, path or header' }),
  })
  .openapi('Problem');

export const ReasonSchema = z.object({ code: z.string(), rule: z.string(), detail: z.string() }).openapi('Reason');
export const ExemptionSchema = ReasonSchema.extend({ from: z.string(), to: z.string().optional() }).openapi('Exemption');

// ---- units

export const UnitCreate = z
  .object({
    id: clientId.optional(),
    name: z.string().trim().min(1).max(200),
    kind: z.enum(UNIT_KINDS),
    parentId: clientId.optional(),
    validFrom: isoDate.optional(),
    validTo: isoDate.optional(),
    successorId: clientId.optional(),
    hrEmails: z.array(email).max(20).default([]),
    leaderEmails: z
      .array(email)
      .max(20)
      .default([])
      .openapi({ description: "On an agency: its leadership, who receive the monthly alert digest" }),
  })
  .strict()
  .openapi('UnitCreate');

export const UnitPatch = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    kind: z.enum(UNIT_KINDS).optional(),
    validFrom: isoDate.nullable().optional(),
    validTo: isoDate.nullable().optional(),
    successorId: clientId.nullable().optional(),
    hrEmails: z.array(email).max(20).optional(),
    leaderEmails: z.array(email).max(20).optional(),
    version: version.optional(),
  })
  .strict()
  .openapi('UnitPatch');

export const UnitSchema = z
  .object({
    ...Stored,
    name: z.string(),
    kind: z.enum(UNIT_KINDS),
    parentId: z.string().optional(),
    validFrom: z.string().optional(),
    validTo: z.string().optional(),
    successorId: z.string().optional(),
    hrEmails: z.array(z.string()),
    leaderEmails: z.array(z.string()),
    ancestors: z.array(z.string()),
    agencyId: z.string(),
  })
  .openapi('Unit');

// ---- positions

export const PositionCreate = z
  .object({
    id: clientId.optional(),
    unitId: clientId,
    title: z.string().trim().min(1).max(200),
    category: z.enum(POSITION_CATEGORIES),
    headcount: z.number().int().min(1).max(1000).default(1),
    rotationPeriodMonths: z.number().int().min(ROTATION_PERIOD_MONTHS.min).max(ROTATION_PERIOD_MONTHS.max).optional(),
  })
  .strict()
  .openapi('PositionCreate');

export const PositionPatch = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    category: z.enum(POSITION_CATEGORIES).optional(),
    headcount: z.number().int().min(1).max(1000).optional(),
    rotationPeriodMonths: z
      .number()
      .int()
      .min(ROTATION_PERIOD_MONTHS.min)
      .max(ROTATION_PERIOD_MONTHS.max)
      .nullable()
      .optional(),
    version: version.optional(),
  })
  .strict()
  .openapi('PositionPatch');

export const PositionSchema = z
  .object({
    ...Stored,
    unitId: z.string(),
    title: z.string(),
    category: z.enum(POSITION_CATEGORIES),
    headcount: z.number().int(),
    holders: z.number().int().openapi({ description: 'Officials whose open primary assignment is this post' }),
    rotationPeriodMonths: z.number().int().optional(),
    unitPath: z.array(z.string()),
    agencyId: z.string(),
  })
  .openapi('Position');

// ---- officials

export const OfficialCreate = z
  .object({
    id: clientId.optional(),
    employeeCode: z.string().trim().min(1).max(40).regex(/^[^#]+$/, 'Must not contain #').optional(),
    fullName: z.string().trim().min(1).max(120),
    gender: z.enum(GENDERS),
    dateOfBirth: isoDate,
    email: email.optional(),
    retirementDate: isoDate.optional(),
    unitId: clientId.optional().openapi({
      description: 'Unit the official is recorded into until an assignment places them; defaults to your scope when it is one unit',
    }),
  })
  .strict()
  .openapi('OfficialCreate');

export const OfficialPatch = z
  .object({
    employeeCode: z.string().trim().min(1).max(40).regex(/^[^#]+$/, 'Must not contain #').nullable().optional(),
    fullName: z.string().trim().min(1).max(120).optional(),
    gender: z.enum(GENDERS).optional(),
    dateOfBirth: isoDate.optional(),
    email: email.nullable().optional(),
    retirementDate: isoDate.nullable().optional(),
    leftOn: isoDate.nullable().optional().openapi({
      description: 'The day the official leaves service; with leftReason. Closes the open assignment on that day; from it the official is not flagged',
    }),
    leftReason: z.enum(LEFT_REASONS).nullable().optional(),
    version: version.optional(),
  })
  .strict()
  .openapi('OfficialPatch');

export const OfficialSchema = z
  .object({
    ...Stored,
    employeeCode: z.string().optional(),
    fullName: z.string(),
    gender: z.enum(GENDERS),
    dateOfBirth: z.string(),
    email: z.string().optional(),
    retirementDate: z.string().optional(),
    statutoryRetirementDate: z.string().openapi({ description: 'Labour Code 2019 art. 169, Decree 135/2020' }),
    effectiveRetirementDate: z.string(),
    leftOn: z.string().optional(),
    leftReason: z.enum(LEFT_REASONS).optional(),
    unitId: z.string().optional(),
    unitPath: z.array(z.string()),
    agencyId: z.string().optional(),
  })
  .openapi('Official');

// ---- assignments

const assignmentFields = {
  positionId: clientId,
  startDate: isoDate,
  endDate: isoDate.optional(),
  kind: z.enum(ASSIGNMENT_KINDS),
  decisionNo: z.string().trim().min(1).max(80).optional(),
  primary: z.boolean().default(true).openapi({ description: 'Main duty; at most one primary assignment on any date' }),
};

function endNotBeforeStart(value: { startDate?: string; endDate?: string | null }, ctx: z.RefinementCtx) {
  if (value.startDate && value.endDate && value.endDate < value.startDate)
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'endDate must not be before startDate' });
}

export const AssignmentCreate = z
  .object({ id: clientId.optional(), ...assignmentFields })
  .strict()
  .superRefine(endNotBeforeStart)
  .openapi('AssignmentCreate');

export const AssignmentPatch = z
  .object({
    positionId: clientId.optional(),
    startDate: isoDate.optional(),
    endDate: isoDate.nullable().optional(),
    kind: z.enum(ASSIGNMENT_KINDS).optional(),
    decisionNo: z.string().trim().min(1).max(80).nullable().optional(),
    primary: z.boolean().optional(),
    version: version.optional(),
  })
  .strict()
  .superRefine(endNotBeforeStart)
  .openapi('AssignmentPatch');

export const AssignmentSchema = z
  .object({
    ...Stored,
    officialId: z.string(),
    positionId: z.string(),
    unitId: z.string(),
    startDate: z.string(),
    endDate: z.string().optional(),
    kind: z.enum(ASSIGNMENT_KINDS),
    decisionNo: z.string().optional(),
    primary: z.boolean(),
  })
  .openapi('Assignment');

// ---- circumstances

export const CircumstanceCreate = z
  .object({
    id: clientId.optional(),
    type: z.enum(CIRCUMSTANCE_TYPES),
    from: isoDate,
    to: isoDate.optional(),
    note: z.string().max(500).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.to && v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
  })
  .openapi('CircumstanceCreate');

export const CircumstancePatch = z
  .object({
    type: z.enum(CIRCUMSTANCE_TYPES).optional(),
    from: isoDate.optional(),
    to: isoDate.nullable().optional(),
    note: z.string().max(500).nullable().optional(),
    version: version.optional(),
  })
  .strict()
  .openapi('CircumstancePatch');

export const CircumstanceSchema = z
  .object({
    ...Stored,
    officialId: z.string(),
    type: z.enum(CIRCUMSTANCE_TYPES),
    typeLabel: z.string(),
    from: z.string(),
    to: z.string().optional(),
    note: z.string().optional(),
  })
  .openapi('Circumstance');

// ---- assessments

export const AssessmentPut = z
  .object({
    rating: z.enum(RATINGS).optional(),
    score: z.number().min(0).max(100).optional(),
    disciplined: z.boolean().optional(),
    assessedOn: isoDate,
    comments: z.string().max(2000).optional(),
    version: version.optional(),
  })
  .strict()
  .openapi('AssessmentPut');

export const AssessmentSchema = z
  .object({
    ...Stored,
    officialId: z.string(),
    period: z.string(),
    rating: z.enum(RATINGS),
    ratingLabel: z.string().openapi({ example: 'Hoàn thành tốt nhiệm vụ' }),
    score: z.number().optional(),
    disciplined: z.boolean().optional(),
    derivedFrom: z.enum(['score', 'subperiods', 'discipline']).optional(),
    assessedOn: z.string(),
    comments: z.string().optional(),
    unitId: z.string().optional(),
    agencyId: z.string().optional(),
  })
  .openapi('Assessment');

export const WarningSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    excellent: z.number().int(),
    goodOrBetter: z.number().int(),
    limit: z.number(),
  })
  .openapi('Warning');

// ---- tenure

export const TenureSchema = z
  .object({
    officialId: z.string(),
    positionId: z.string().nullable(),
    unitId: z.string().nullable(),
    chainStart: z.string().nullable(),
    dueDate: z.string().nullable(),
    limitMonths: z.number().int().nullable(),
    years: z.number(),
    status: z.enum(['ok', 'approaching', 'overdue']),
    reasons: z.array(ReasonSchema),
    exemptions: z.array(ExemptionSchema),
    leftService: z
      .object({ on: z.string(), reason: z.enum([...LEFT_REASONS, 'retirement_age']) })
      .optional()
      .openapi({ description: 'Out of service on the date: after leftOn, or past the effective retirement date' }),
  })
  .openapi('Tenure');

// ---- audit

export const AuditSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    parentId: z.string().optional(),
    action: z.string(),
    actor: z.object({
      sub: z.string(),
      roles: z.array(z.string()),
      system: z.boolean().optional().openapi({ description: 'Work no person started (a scheduled job)' }),
    }),
    requestId: z.string().optional(),
    agencyId: z.string().optional(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    access: z
      .object({ kinds: z.array(z.enum(['assessment', 'circumstance'])), via: z.string() })
      .optional()
      .openapi({ description: 'An access record (entityType access, action read): what sensitive data was read, through which action' }),
    personalData: z
      .enum(['kept', 'expired'])
      .optional()
      .openapi({ description: 'The images held personal fields: shown until personalDataUntil, then removed (retention)' }),
    personalDataUntil: z.string().optional(),
    imagesWithheld: z
      .literal(true)
      .optional()
      .openapi({ description: 'Your roles may not read this kind of record, so its images are left out' }),
  })
  .openapi('AuditRecord');

// ---- common parameters

export const listQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(50)
    .openapi({ param: { name: 'limit', in: 'query' }, description: 'Items per page, 1-500' }),
  cursor: z
    .string()
    .max(4000)
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' }, description: "The previous page's nextCursor, unchanged" }),
};

export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional() }).openapi(name);
}

export const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(128)
    .optional()
    .openapi({ param: { name: 'idempotency-key', in: 'header' }, description: 'Replays return the first response' }),
  'if-match': z
    .string()
    .optional()
    .openapi({ param: { name: 'if-match', in: 'header' }, description: 'The version you read (alternative to body.version)' }),
});

/** A DELETE voids the version it names: If-Match is required (checked in the route, so the 400 says why). */
export const deleteHeaders = z.object({
  'idempotency-key': idempotencyHeader.shape['idempotency-key'],
  'if-match': z
    .string()
    .max(20)
    .optional()
    .openapi({ param: { name: 'if-match', in: 'header' }, description: 'Required: the version you read' }),
});
