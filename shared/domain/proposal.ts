/**
 * Proposals (đề xuất chuyển đổi vị trí, điều động, luân chuyển, sắp xếp): who should move where and why, decided item
 * by item by leadership, then applied to the records (docs/rules.md, "Proposals").
 *
 * Pure: the suggested action of a candidate, the rules an action must keep, the lifecycle's transitions, and the
 * Vietnamese wording a person reads on the list.
 */
import { addMonths, addYears, formatDateVi } from './dates';
import { ConflictError, RuleViolationError } from './errors';
import type { IsoDate, PositionCategory, Reason, Exemption } from './types';

export const PROPOSAL_ACTIONS = ['rotation', 'transfer', 'secondment', 'rearrangement'] as const;
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];

export const PROPOSAL_STATUSES = ['draft', 'submitted', 'decided', 'applied'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const DECISIONS = ['pending', 'approved', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];

export const ACTION_LABELS_VI: Record<ProposalAction, string> = {
  rotation: 'Chuyển đổi vị trí công tác',
  transfer: 'Điều động',
  secondment: 'Luân chuyển',
  rearrangement: 'Sắp xếp, bố trí lại',
};

export const STATUS_LABELS_VI: Record<ProposalStatus, string> = {
  draft: 'Dự thảo',
  submitted: 'Đã trình',
  decided: 'Đã quyết định',
  applied: 'Đã thực hiện',
};

export const CATEGORY_LABELS_VI: Record<PositionCategory, string> = {
  leadership: 'lãnh đạo, quản lý',
  specialist: 'chuyên viên',
  support: 'nhân viên',
};

export const ROTATION_RULE = 'Nghị định 59/2019/NĐ-CP, Điều 36 và Điều 37; Chỉ thị 10/CT-UBND, mục 1a';
export const TRANSFER_RULE = 'Chỉ thị 10/CT-UBND, mục 1a';
export const SECONDMENT_RULE = 'Quy định 65-QĐ/TW năm 2022 về luân chuyển cán bộ';
export const REARRANGEMENT_RULE = 'Chỉ thị 10/CT-UBND, mục 1a; Luật Cán bộ, công chức (sửa đổi 2019), Điều 58';

/** A leader is seconded only with this many years of service left before retirement. */
export const SECONDMENT_MIN_YEARS_LEFT = 10;
/** A secondment lasts at least this long. */
export const SECONDMENT_MIN_MONTHS = 36;

const REQUIREMENT_CODES = new Set(['NOT_MEETING_REQUIREMENTS', 'DISMISSAL_REVIEW', 'DEMOTION_REVIEW']);
const TENURE_CODES = new Set(['TENURE_OVER_LIMIT', 'PERIODIC_ROTATION_DUE']);

/** The reasons that make an official a candidate: past a tenure limit, due for rotation, or not meeting requirements. */
export function candidateReasons(reasons: Reason[]): Reason[] {
  return reasons.filter((r) => TENURE_CODES.has(r.code) || REQUIREMENT_CODES.has(r.code));
}

/** What the action's rules read about a candidate. */
export interface ActionFacts {
  category: PositionCategory;
  reasons: Reason[];
  retirementDate: IsoDate;
  effectiveDate: IsoDate;
}

/**
 * The action suggested for a candidate: `rearrangement` when they do not meet the requirements (to a lower post
 * when the two-of-three-years rule applies); a leader past the limit is seconded when at least 10 years of service
 * are left, otherwise transferred; anyone else rotates within the agency.
 */
export function suggestAction(facts: ActionFacts): { action: ProposalAction; demote: boolean } {
  const codes = new Set(facts.reasons.map((r) => r.code));
  if ([...codes].some((c) => REQUIREMENT_CODES.has(c))) return { action: 'rearrangement', demote: codes.has('DEMOTION_REVIEW') };
  if (facts.category === 'leadership')
    return { action: yearsLeftEnough(facts) ? 'secondment' : 'transfer', demote: false };
  return { action: 'rotation', demote: false };
}

function yearsLeftEnough(facts: Pick<ActionFacts, 'retirementDate' | 'effectiveDate'>): boolean {
  return facts.retirementDate >= addYears(facts.effectiveDate, SECONDMENT_MIN_YEARS_LEFT);
}

/** The planned end of a secondment: 36 months after it starts. */
export function secondmentEnd(effectiveDate: IsoDate): IsoDate {
  return addMonths(effectiveDate, SECONDMENT_MIN_MONTHS);
}

/** Throws 422 naming the rule when an action does not fit the candidate (HR may change the suggestion in draft). */
export function checkAction(action: ProposalAction, facts: ActionFacts): void {
  if (action === 'rotation' && facts.category === 'leadership')
    throw new RuleViolationError(
      'ACTION_NOT_ALLOWED',
      'Chuyển đổi vị trí công tác áp dụng cho công chức không giữ chức vụ lãnh đạo; lãnh đạo được luân chuyển hoặc điều động ' +
        `(${ROTATION_RULE}) / Rotation is for non-leaders`,
      [{ path: 'action', message: 'rotation is for non-leaders' }],
    );
  if (action === 'secondment' && facts.category !== 'leadership')
    throw new RuleViolationError(
      'ACTION_NOT_ALLOWED',
      `Luân chuyển áp dụng cho công chức lãnh đạo, quản lý (${SECONDMENT_RULE}) / Secondment is for leaders`,
      [{ path: 'action', message: 'secondment is for leaders' }],
    );
  if (action === 'secondment' && !yearsLeftEnough(facts))
    throw new RuleViolationError(
      'ACTION_NOT_ALLOWED',
      `Luân chuyển cần còn ít nhất ${SECONDMENT_MIN_YEARS_LEFT} năm công tác trước khi nghỉ hưu ` +
        `(nghỉ hưu ${formatDateVi(facts.retirementDate)}) / Secondment needs ${SECONDMENT_MIN_YEARS_LEFT} years of service left`,
      [{ path: 'action', message: `needs ${SECONDMENT_MIN_YEARS_LEFT} years of service left` }],
    );
  if (action === 'rearrangement' && !facts.reasons.some((r) => REQUIREMENT_CODES.has(r.code)))
    throw new RuleViolationError(
      'ACTION_NOT_ALLOWED',
      `Sắp xếp, bố trí lại áp dụng cho công chức không đáp ứng yêu cầu nhiệm vụ (${REARRANGEMENT_RULE}) / ` +
        'Rearrangement is for officials who do not meet requirements',
      [{ path: 'action', message: 'rearrangement is for officials not meeting requirements' }],
    );
}

/**
 * The agencies an action may move a candidate to: a rotation or a rearrangement stays within their own agency, a
 * transfer (điều động) goes to another agency in scope, a secondment (luân chuyển) to any unit in scope, their own
 * agency's other offices included (office-level leaders are seconded between a department's offices).
 */
export function allowedAgencies(action: ProposalAction, ownAgencyId: string, scopeAgencyIds: readonly string[]): string[] {
  if (action === 'rotation' || action === 'rearrangement') return [ownAgencyId];
  if (action === 'secondment') return [...scopeAgencyIds];
  return scopeAgencyIds.filter((a) => a !== ownAgencyId);
}

export function actionRule(action: ProposalAction): string {
  return { rotation: ROTATION_RULE, transfer: TRANSFER_RULE, secondment: SECONDMENT_RULE, rearrangement: REARRANGEMENT_RULE }[
    action
  ];
}

/** The transitions of a proposal, and who makes them. */
const NEXT: Record<string, { from: ProposalStatus[]; label: string }> = {
  edit: { from: ['draft'], label: 'sửa dự thảo' },
  submit: { from: ['draft'], label: 'trình' },
  decide: { from: ['submitted'], label: 'quyết định từng đề xuất' },
  apply: { from: ['decided', 'applied'], label: 'thực hiện' },
};

/** Throws 409 when the proposal is not in a state that allows the step, saying which state it is in. */
export function assertTransition(step: keyof typeof NEXT, status: ProposalStatus): void {
  const rule = NEXT[step];
  if (!rule.from.includes(status))
    throw new ConflictError(
      'PROPOSAL_WRONG_STATE',
      `Không thể ${rule.label} khi đề xuất đang ở trạng thái '${STATUS_LABELS_VI[status]}' ` +
        `(cần: ${rule.from.map((s) => STATUS_LABELS_VI[s]).join(', ')}) / Cannot ${step} a proposal that is ${status}`,
    );
}

/** One line, Vietnamese, on why a target was chosen. */
export function explainTarget(input: {
  via: 'vacancy' | { vacatedByName: string };
  targetUnitName: string;
  category: PositionCategory;
  demote: boolean;
}): string {
  const where =
    input.via === 'vacancy' ? 'Vị trí còn trống biên chế' : `Vị trí do ${input.via.vacatedByName} để lại (cùng đề xuất)`;
  const group = input.demote
    ? `vị trí thấp hơn (nhóm ${CATEGORY_LABELS_VI[input.category]})`
    : `cùng nhóm ${CATEGORY_LABELS_VI[input.category]}`;
  return `${where}; chưa công tác tại ${input.targetUnitName} trong 5 năm; ${group}`;
}

export const UNARRANGED_LABELS_VI: Record<string, string> = {
  NO_AGENCY_FOR_TRANSFER:
    'Điều động cần một cơ quan khác trong phạm vi đề xuất nhưng phạm vi này không có; hãy lập đề xuất ở cấp trên, ' +
    'như cấp tỉnh, thành phố (a transfer needs another agency, and the proposal\'s scope has none)',
  NO_FEASIBLE_TARGET:
    'Không có vị trí phù hợp: cùng nhóm, ở đơn vị chưa công tác trong 5 năm, trong phạm vi được chuyển (no feasible post)',
  NO_FREE_PLACE: 'Các vị trí phù hợp đều đã đủ biên chế, kể cả khi hoán đổi (no free place among feasible posts)',
};

/** An item of a proposal: one official, where they would go and why, and the leader's decision. */
export interface ProposalItem {
  itemId: string;
  officialId: string;
  fullName: string;
  fromAssignmentId: string;
  fromPositionId: string;
  fromPositionTitle: string;
  fromUnitId: string;
  fromUnitName: string;
  fromAgencyId: string;
  category: PositionCategory;
  chainStart: IsoDate;
  years: number;
  dueDate: IsoDate | null;
  retirementDate: IsoDate;
  action: ProposalAction;
  demote: boolean;
  targetPositionId?: string;
  targetPositionTitle?: string;
  targetUnitId?: string;
  targetUnitName?: string;
  /** Where the place comes from: a vacancy, or the post another item's official leaves (they apply together). */
  via?: 'vacancy' | { vacatedBy: string };
  /** The planned end of a secondment. */
  plannedEnd?: IsoDate;
  reasons: Reason[];
  explanation: string;
  decision: Decision;
  note?: string;
  decidedBy?: string;
  decidedAt?: string;
  /** The official's aggregate revision and the target's version when decided: apply refuses if either moved. */
  decidedOfficialRev?: number;
  decidedTargetVersion?: number;
  applied: boolean;
  appliedAt?: string;
  appliedAssignmentId?: string;
  /** Why the last apply could not carry the item out (it stays approved and unapplied; applying again retries). */
  failure?: { code: string; reason: string; at: string };
  version: number;
}

/** A candidate with no place: the report to the People's Committee through the Department of Home Affairs. */
export interface UnarrangedEntry {
  officialId: string;
  fullName: string;
  positionTitle: string;
  unitName: string;
  chainStart: IsoDate;
  years: number;
  reasons: Reason[];
  why: string;
  whyLabel: string;
  action: ProposalAction;
}

/** A candidate left out because an exemption applies (Decree 59/2019 art. 38-39, 18 months to retirement). */
export interface ExemptEntry {
  officialId: string;
  fullName: string;
  positionTitle: string;
  unitName: string;
  reasons: Reason[];
  exemptions: Exemption[];
}

export interface ProposalHeader {
  id: string;
  title: string;
  scopeUnitId: string;
  scopeUnitName: string;
  scopeUnitPath: string[];
  agencyId: string;
  asOf: IsoDate;
  effectiveDate: IsoDate;
  status: ProposalStatus;
  itemCount: number;
  pending: number;
  decisionNo?: string;
  createdBy: string;
  submittedAt?: string;
  decidedAt?: string;
  appliedAt?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Proposal extends ProposalHeader {
  items: ProposalItem[];
  unarranged: UnarrangedEntry[];
  exempt: ExemptEntry[];
}
