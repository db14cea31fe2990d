/** The documents' table model: headers, time in post, file names. */
import { describe, expect, it } from 'vitest';
import { asciiSlug, proposalDocument, timeHeldVi, unarrangedDocument } from '../../shared/domain/proposal-documents';
import type { Proposal } from '../../shared/domain/proposal';

describe('timeHeldVi', () => {
  it.each([
    ['2012-01-01', '2027-01-15', '15 năm (từ 01/01/2012)'],
    ['2016-09-10', '2027-01-15', '10 năm 4 tháng (từ 10/09/2016)'],
    ['2026-12-20', '2027-01-15', '0 tháng (từ 20/12/2026)'],
    ['2027-02-01', '2027-01-15', '0 tháng (từ 01/02/2027)'],
  ])('from %s to %s: %s', (start, asOf, text) => expect(timeHeldVi(start, asOf)).toBe(text));
});

describe('asciiSlug', () => {
  it.each([
    ['Sở Tài chính', 'so-tai-chinh'],
    ['Đảng ủy / Ủy ban: "Phường Bến Thành"', 'dang-uy-uy-ban-phuong-ben-thanh'],
    ['Sở Khoa học và Công nghệ', 'so-khoa-hoc-va-cong-nghe'],
    ['Trường THPT Nguyễn Thị Minh Khai', 'truong-thpt-nguyen-thi-minh-khai'],
  ])('%s -> %s', (name, slug) => expect(asciiSlug(name)).toBe(slug));
});

const proposal = {
  scopeUnitName: 'Sở Tài chính / Văn phòng',
  asOf: '2027-01-15',
  effectiveDate: '2027-03-01',
  items: [],
  unarranged: [],
} as unknown as Proposal;

describe('the tables', () => {
  it('name their files by what they are, the unit and the date, safe in any file system', () => {
    expect(proposalDocument(proposal).fileName).toEqual({
      ascii: 'de-xuat-luan-chuyen-so-tai-chinh-van-phong-2027-01-15',
      vi: 'Đề xuất luân chuyển - Sở Tài chính Văn phòng - 2027-01-15',
    });
    expect(unarrangedDocument(proposal).fileName.ascii).toBe('danh-sach-chua-bo-tri-so-tai-chinh-van-phong-2027-01-15');
  });

  it('have a sheet name a spreadsheet accepts', () => {
    for (const doc of [proposalDocument(proposal), unarrangedDocument(proposal)]) {
      expect(doc.sheetName.length).toBeLessThanOrEqual(31);
      expect(doc.sheetName).not.toMatch(/[:\\/?*[\]]/);
      expect(doc.columns.every((c) => c.width > 0)).toBe(true);
    }
  });
});
