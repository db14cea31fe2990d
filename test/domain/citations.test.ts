import { describe, expect, it } from 'vitest';
import { DEMOTION_RULE, DISMISSAL_RULE, NOT_MEETING_RULE } from '../../shared/domain/assessment';
import { EXEMPTION_RULE, SECONDED_RULE } from '../../shared/domain/exemptions';
import { REARRANGEMENT_RULE, ROTATION_RULE, SECONDMENT_RULE, TRANSFER_RULE, UNARRANGED_LABELS_VI } from '../../shared/domain/proposal';
import { PERIODIC_ROTATION_RULE, TENURE_LIMIT_RULE } from '../../shared/domain/tenure';

// A reason's `rule` is read by leaders on every page, export and mail: it cites the law as Vietnamese legal text does.
describe('legal citations', () => {
  it('are Vietnamese and as precise as the article, clause and point they cite', () => {
    expect({
      TENURE_LIMIT_RULE,
      PERIODIC_ROTATION_RULE,
      NOT_MEETING_RULE,
      DISMISSAL_RULE,
      DEMOTION_RULE,
      EXEMPTION_RULE,
      SECONDED_RULE,
      ROTATION_RULE,
      TRANSFER_RULE,
      SECONDMENT_RULE,
      REARRANGEMENT_RULE,
    }).toEqual({
      TENURE_LIMIT_RULE: 'Chỉ thị 10/CT-UBND, mục 1a',
      PERIODIC_ROTATION_RULE: 'Luật Phòng, chống tham nhũng 2018, Điều 25; Nghị định 59/2019/NĐ-CP, Điều 36',
      NOT_MEETING_RULE: 'Chỉ thị 10/CT-UBND, mục 1a; Nghị định 90/2020/NĐ-CP, Điều 11',
      DISMISSAL_RULE: 'Luật Cán bộ, công chức (sửa đổi 2019), Điều 58 khoản 3',
      DEMOTION_RULE: 'Luật Cán bộ, công chức (sửa đổi 2019), Điều 58',
      EXEMPTION_RULE: 'Nghị định 59/2019/NĐ-CP, Điều 38',
      SECONDED_RULE: 'Nghị định 59/2019/NĐ-CP, Điều 38; Nghị định 138/2020/NĐ-CP',
      ROTATION_RULE: 'Nghị định 59/2019/NĐ-CP, Điều 36 và Điều 37; Chỉ thị 10/CT-UBND, mục 1a',
      TRANSFER_RULE: 'Chỉ thị 10/CT-UBND, mục 1a',
      SECONDMENT_RULE: 'Quy định 65-QĐ/TW năm 2022 về luân chuyển cán bộ',
      REARRANGEMENT_RULE: 'Chỉ thị 10/CT-UBND, mục 1a; Luật Cán bộ, công chức (sửa đổi 2019), Điều 58',
    });
    for (const rule of [TENURE_LIMIT_RULE, PERIODIC_ROTATION_RULE, NOT_MEETING_RULE, DISMISSAL_RULE, DEMOTION_RULE, EXEMPTION_RULE,
      SECONDED_RULE, ROTATION_RULE, TRANSFER_RULE, SECONDMENT_RULE, REARRANGEMENT_RULE])
      expect(rule).not.toMatch(/Directive|Decree|Law\b|Regulation|\bart\.|amended/);
  });

  it('unarranged reasons read in Vietnamese first, the English only in a closing parenthesis', () => {
    for (const label of Object.values(UNARRANGED_LABELS_VI)) {
      expect(label).toMatch(/^[^()]*[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ][^()]*\([a-z][^()]*\)$/i);
    }
  });
});
