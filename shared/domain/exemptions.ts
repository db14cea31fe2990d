/**
 * Circumstances that defer or exempt an official from rotation (Decree 59/2019/NĐ-CP art. 38-39). An exempt official
 * is still flagged, with the exemption shown.
 */
import { addDays, addMonths, compareDates, formatDateVi } from './dates';
import type { CircumstanceType, Exemption, IsoDate } from './types';

/** The parts of a recorded circumstance the exemption rule reads; `to` is inclusive, open when absent. */
export interface CircumstanceFact {
  type: CircumstanceType;
  from: IsoDate;
  to?: IsoDate;
}

/** Vietnamese wording of each circumstance, as used in reports, mail and the exemption details. */
export const CIRCUMSTANCE_LABELS_VI: Record<CircumstanceType, string> = {
  discipline_review: 'Đang trong thời gian bị xem xét, xử lý kỷ luật',
  investigation: 'Đang bị thanh tra, kiểm tra, điều tra, truy tố, xét xử',
  serious_illness: 'Đang điều trị bệnh hiểm nghèo có xác nhận của cơ quan y tế',
  long_training: 'Đang đi học tập trung từ 12 tháng trở lên',
  seconded: 'Đang được biệt phái',
  maternity: 'Đang mang thai hoặc nuôi con dưới 36 tháng tuổi',
};

export const EXEMPTION_RULE = 'Nghị định 59/2019/NĐ-CP, Điều 38';
/** Secondment (biệt phái) itself is governed by the civil-servant management decree. */
export const SECONDED_RULE = 'Nghị định 59/2019/NĐ-CP, Điều 38; Nghị định 138/2020/NĐ-CP';
/** Training shorter than this does not exempt (Decree 59/2019 art. 38: "học tập trung từ 12 tháng trở lên"). */
export const LONG_TRAINING_MIN_MONTHS = 12;
/** Officials with less than this left before retirement are not rotated. */
export const RETIREMENT_EXEMPTION_MONTHS = 18;

/** English description of each circumstance, completed with its dates, in parentheses after the Vietnamese label. */
const DETAIL_EN: Record<CircumstanceType, string> = {
  discipline_review: 'under disciplinary review',
  investigation: 'under inspection, investigation, prosecution or trial',
  serious_illness: 'under treatment for a serious illness',
  long_training: 'in full-time training of 12 months or more',
  seconded: 'seconded to another agency',
  maternity: 'on maternity leave or raising a child under 36 months',
};

function covers(c: CircumstanceFact, asOf: IsoDate): boolean {
  return compareDates(c.from, asOf) <= 0 && (c.to === undefined || compareDates(asOf, c.to) <= 0);
}

/** Training lasts [from, to] inclusive, so 12 months from 2025-09-01 ends on 2026-08-31. Open-ended counts. */
function isLongTraining(c: CircumstanceFact): boolean {
  return c.to === undefined || compareDates(addMonths(c.from, LONG_TRAINING_MIN_MONTHS), addDays(c.to, 1)) <= 0;
}

/**
 * Exemptions active on `asOf`: each circumstance whose [from, to] (to inclusive, open when absent) covers asOf;
 * long_training only when it lasts 12 months or more (open-ended counts); plus RETIREMENT_WITHIN_18_MONTHS when
 * asOf < retirementDate and retirementDate < addMonths(asOf, 18) (from = addMonths(retirementDate, -18),
 * to = retirementDate). Circumstances keep their input order; the retirement exemption comes last.
 * Each detail is read by an HR officer: Vietnamese first (dates dd/mm/yyyy), the English in parentheses, e.g.
 * "Đang được biệt phái từ ngày 10/01/2026 (seconded to another agency since 2026-01-10)" or "Nghỉ hưu ngày
 * 30/06/2027, còn dưới 18 tháng tính từ ngày 01/05/2026 (retires on 2027-06-30, less than 18 months after 2026-05-01)".
 */
export function activeExemptions(input: {
  circumstances: CircumstanceFact[];
  retirementDate?: IsoDate;
  asOf: IsoDate;
}): Exemption[] {
  const { asOf, retirementDate } = input;
  const exemptions: Exemption[] = [];
  for (const c of input.circumstances) {
    if (!covers(c, asOf)) continue;
    if (c.type === 'long_training' && !isLongTraining(c)) continue;
    const whenVi =
      c.to === undefined
        ? `từ ngày ${formatDateVi(c.from)}`
        : `từ ngày ${formatDateVi(c.from)} đến ngày ${formatDateVi(c.to)}`;
    const whenEn = c.to === undefined ? `since ${c.from}` : `from ${c.from} to ${c.to}`;
    exemptions.push({
      code: c.type.toUpperCase(),
      rule: c.type === 'seconded' ? SECONDED_RULE : EXEMPTION_RULE,
      detail: `${CIRCUMSTANCE_LABELS_VI[c.type]} ${whenVi} (${DETAIL_EN[c.type]} ${whenEn})`,
      from: c.from,
      ...(c.to === undefined ? {} : { to: c.to }),
    });
  }
  if (
    retirementDate !== undefined &&
    compareDates(asOf, retirementDate) < 0 &&
    compareDates(retirementDate, addMonths(asOf, RETIREMENT_EXEMPTION_MONTHS)) < 0
  ) {
    exemptions.push({
      code: 'RETIREMENT_WITHIN_18_MONTHS',
      rule: EXEMPTION_RULE,
      detail:
        `Nghỉ hưu ngày ${formatDateVi(retirementDate)}, còn dưới ${RETIREMENT_EXEMPTION_MONTHS} tháng ` +
        `tính từ ngày ${formatDateVi(asOf)} ` +
        `(retires on ${retirementDate}, less than ${RETIREMENT_EXEMPTION_MONTHS} months after ${asOf})`,
      from: addMonths(retirementDate, -RETIREMENT_EXEMPTION_MONTHS),
      to: retirementDate,
    });
  }
  return exemptions;
}
