/**
 * Entity and value types shared by the domain, the use cases and the adapters.
 * Dates are calendar dates `YYYY-MM-DD` in Asia/Ho_Chi_Minh; timestamps are ISO-8601 UTC strings.
 */
import type { LeftReason } from './leaving';

/** A calendar date `YYYY-MM-DD`. */
export type IsoDate = string;

export const UNIT_KINDS = ['province', 'department', 'district', 'commune', 'office', 'center'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const POSITION_CATEGORIES = ['leadership', 'specialist', 'support'] as const;
export type PositionCategory = (typeof POSITION_CATEGORIES)[number];

export const ASSIGNMENT_KINDS = [
  'appointment',
  'reappointment',
  'rotation',
  'transfer',
  'secondment',
  'reorganization',
  /** Sắp xếp, bố trí lại: an official who does not meet requirements moved by a proposal. */
  'rearrangement',
] as const;
export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number];

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

export const CIRCUMSTANCE_TYPES = [
  'discipline_review',
  'investigation',
  'serious_illness',
  'long_training',
  'seconded',
  'maternity',
] as const;
export type CircumstanceType = (typeof CIRCUMSTANCE_TYPES)[number];

export const RATINGS = ['excellent', 'good', 'satisfactory', 'unsatisfactory'] as const;
export type Rating = (typeof RATINGS)[number];

export const ROLES = ['hr', 'leader', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Fields every stored resource carries. */
export interface Stored {
  id: string;
  /** Optimistic-concurrency counter, 1 on create, +1 on every update. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Unit extends Stored {
  name: string;
  kind: UnitKind;
  parentId?: string;
  validFrom?: IsoDate;
  validTo?: IsoDate;
  successorId?: string;
  hrEmails: string[];
  /** The agency's leadership, who receive the monthly alert digest (read on the agency unit). */
  leaderEmails: string[];
  /** Ids from the root down to the parent (not including this unit). Derived, never sent by clients. */
  ancestors: string[];
  /**
   * The agency this unit belongs to: the ancestor-or-self that sits directly below a province,
   * or the root of the tree when there is no province above. Derived.
   */
  agencyId: string;
}

export interface Position extends Stored {
  unitId: string;
  title: string;
  category: PositionCategory;
  headcount: number;
  /**
   * Officials whose open primary assignment (no end date) is this post. Kept by every write to an official's
   * assignments, in the same transaction; applying a proposal never lets it exceed the headcount. Derived.
   */
  holders: number;
  /** Periodic-rotation period for sensitive posts (Decree 59/2019 art. 36), 24-60 months. */
  rotationPeriodMonths?: number;
  /** The unit's ancestors and the unit itself, root first. Derived. */
  unitPath: string[];
  /** The agency of the unit. Derived. */
  agencyId: string;
}

export interface Official extends Stored {
  employeeCode?: string;
  fullName: string;
  gender: Gender;
  dateOfBirth: IsoDate;
  email?: string;
  /** Explicit retirement date overriding the statutory one. */
  retirementDate?: IsoDate;
  /** The day the official leaves service (as the decision states it); their open assignment ends on it. */
  leftOn?: IsoDate;
  leftReason?: LeftReason;
  /** Unit of the official's latest primary assignment, or the unit they were recorded into. Derived. */
  unitId?: string;
  /** Ancestors of unitId and unitId itself, root first; empty when the official has no unit yet. Derived. */
  unitPath: string[];
  /** Agency of unitId. Derived. */
  agencyId?: string;
}

export interface Assignment extends Stored {
  officialId: string;
  positionId: string;
  /** Unit of the position at the time of writing. Derived. */
  unitId: string;
  startDate: IsoDate;
  endDate?: IsoDate;
  kind: AssignmentKind;
  decisionNo?: string;
  /** A primary assignment is the official's main duty; at most one is held on any date. */
  primary: boolean;
}

export interface Circumstance extends Stored {
  officialId: string;
  type: CircumstanceType;
  from: IsoDate;
  to?: IsoDate;
  note?: string;
}

export interface Assessment extends Stored {
  officialId: string;
  /** `YYYY`, `YYYY-Qn` or `YYYY-MM`. */
  period: string;
  rating: Rating;
  score?: number;
  disciplined?: boolean;
  /** How the rating was reached when it was not given directly. */
  derivedFrom?: 'score' | 'subperiods' | 'discipline';
  assessedOn: IsoDate;
  comments?: string;
  /** Agency and unit of the official when assessed. Derived. */
  agencyId?: string;
  unitId?: string;
}

/** Why an official is flagged or exempt. */
export interface Reason {
  code: string;
  rule: string;
  detail: string;
}

export interface Exemption extends Reason {
  from: IsoDate;
  to?: IsoDate;
}

export type TenureStatus = 'ok' | 'approaching' | 'overdue';

export interface Tenure {
  officialId: string;
  positionId: string | null;
  unitId: string | null;
  chainStart: IsoDate | null;
  dueDate: IsoDate | null;
  limitMonths: number | null;
  /** Completed years in the chain, with two decimals (full months / 12). */
  years: number;
  status: TenureStatus;
  reasons: Reason[];
  exemptions: Exemption[];
  /** Set when the official is out of service as of the date: nothing is flagged then. */
  leftService?: { on: IsoDate; reason: LeftReason | 'retirement_age' };
}
