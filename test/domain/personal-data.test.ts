import { describe, expect, it } from 'vitest';
import { mergePersonal, personalRetentionEnd, splitPersonal } from '../../shared/domain/personal-data';

describe('personal fields of audit images', () => {
  it.each([
    // [change at, kept until]
    ['2026-03-10T03:00:00.000Z', '2031-03-10T03:00:00.000Z'],
    ['2028-02-29T23:59:59.999Z', '2033-02-28T23:59:59.999Z'], // 29 February + 5 years = 28 February
    ['2026-12-31T17:00:00.000Z', '2031-12-31T17:00:00.000Z'],
  ])('a change at %s keeps them until %s', (at, until) => {
    expect(personalRetentionEnd(at)).toBe(Math.floor(Date.parse(until) / 1000));
  });

  it("splits an official's image into the lasting part and the personal fields, and merges it back", () => {
    const image = { id: 'O1', employeeCode: 'CC1', fullName: 'Ngô Văn Tư', gender: 'male', dateOfBirth: '1980-01-01', email: 'a@b.vn', unitId: 'U', version: 2 };
    const { kept, personal } = splitPersonal('official', image);
    expect(kept).toEqual({ id: 'O1', employeeCode: 'CC1', unitId: 'U', version: 2 });
    expect(personal).toEqual({ fullName: 'Ngô Văn Tư', gender: 'male', dateOfBirth: '1980-01-01', email: 'a@b.vn' });
    expect(mergePersonal(kept, personal)).toEqual(image);
  });

  it("keeps an assessment's period and dates, not its content", () => {
    const { kept, personal } = splitPersonal('assessment', { id: 'A', period: '2025', assessedOn: '2025-12-20', rating: 'good', comments: 'x', disciplined: false });
    expect(kept).toEqual({ id: 'A', period: '2025', assessedOn: '2025-12-20' });
    expect(personal).toEqual({ rating: 'good', comments: 'x', disciplined: false });
  });

  it('leaves alone images with no personal field, of types without any, and values that are not records', () => {
    expect(splitPersonal('official', { id: 'O1', version: 1 })).toEqual({ kept: { id: 'O1', version: 1 } });
    expect(splitPersonal('unit', { id: 'U', name: 'Sở' })).toEqual({ kept: { id: 'U', name: 'Sở' } });
    expect(splitPersonal('proposal', [{ itemId: 'I1', decision: 'approved' }])).toEqual({ kept: [{ itemId: 'I1', decision: 'approved' }] });
    expect(splitPersonal('official', undefined)).toEqual({ kept: undefined });
  });
});
