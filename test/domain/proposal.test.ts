/** The proposal rules: the suggested action, the rules an action keeps, where it may go, the lifecycle. */
import { describe, expect, it } from 'vitest';
import {
  allowedAgencies,
  assertTransition,
  candidateReasons,
  checkAction,
  explainTarget,
  secondmentEnd,
  suggestAction,
  type ActionFacts,
  type ProposalAction,
  type ProposalStatus,
} from '../../shared/domain/proposal';
import type { Reason } from '../../shared/domain/types';

const reason = (code: string): Reason => ({ code, rule: 'r', detail: 'd' });
const facts = (over: Partial<ActionFacts> = {}): ActionFacts => ({
  category: 'specialist',
  reasons: [reason('TENURE_OVER_LIMIT')],
  retirementDate: '2045-06-30',
  effectiveDate: '2027-01-01',
  ...over,
});

describe('suggestAction', () => {
  it.each([
    ['a specialist past the limit rotates', facts(), 'rotation', false],
    ['due for periodic rotation rotates', facts({ reasons: [reason('PERIODIC_ROTATION_DUE')] }), 'rotation', false],
    ['not meeting requirements is rearranged', facts({ reasons: [reason('NOT_MEETING_REQUIREMENTS')] }), 'rearrangement', false],
    [
      'two of three years points to a lower post',
      facts({ reasons: [reason('NOT_MEETING_REQUIREMENTS'), reason('DEMOTION_REVIEW')] }),
      'rearrangement',
      true,
    ],
    [
      'a leader not meeting requirements is rearranged, not seconded',
      facts({ category: 'leadership', reasons: [reason('TENURE_OVER_LIMIT'), reason('NOT_MEETING_REQUIREMENTS')] }),
      'rearrangement',
      false,
    ],
    ['a leader with exactly 10 years left is seconded', facts({ category: 'leadership', retirementDate: '2037-01-01' }), 'secondment', false],
    ['a leader one day short of 10 years is transferred', facts({ category: 'leadership', retirementDate: '2036-12-31' }), 'transfer', false],
  ] as [string, ActionFacts, ProposalAction, boolean][])('%s', (_, input, action, demote) => {
    expect(suggestAction(input)).toEqual({ action, demote });
  });
});

describe('checkAction', () => {
  it.each([
    ['rotation of a leader', 'rotation', facts({ category: 'leadership' })],
    ['secondment of a specialist', 'secondment', facts()],
    ['secondment with under 10 years left', 'secondment', facts({ category: 'leadership', retirementDate: '2036-12-31' })],
    ['rearrangement of one who meets requirements', 'rearrangement', facts()],
  ] as [string, ProposalAction, ActionFacts][])('refuses %s with a 422 naming the rule', (_, action, input) => {
    expect(() => checkAction(action, input)).toThrow(expect.objectContaining({ code: 'ACTION_NOT_ALLOWED' }));
  });

  it.each([
    ['rotation of a specialist', 'rotation', facts()],
    ['transfer of anyone', 'transfer', facts({ category: 'support' })],
    ['secondment of a leader with 10 years left', 'secondment', facts({ category: 'leadership', retirementDate: '2037-01-01' })],
    ['rearrangement of one not meeting requirements', 'rearrangement', facts({ reasons: [reason('DISMISSAL_REVIEW')] })],
  ] as [string, ProposalAction, ActionFacts][])('allows %s', (_, action, input) => {
    expect(() => checkAction(action, input)).not.toThrow();
  });
});

describe('where an action may go', () => {
  const scope = ['A', 'B', 'C'];
  it.each([
    ['rotation', ['A']],
    ['rearrangement', ['A']],
    ['transfer', ['B', 'C']],
    ['secondment', ['A', 'B', 'C']],
  ] as [ProposalAction, string[]][])('%s from agency A', (action, agencies) => {
    expect(allowedAgencies(action, 'A', scope)).toEqual(agencies);
  });
});

describe('the rest', () => {
  it('keeps only the reasons that make a candidate', () => {
    const codes = candidateReasons(
      ['TENURE_APPROACHING_LIMIT', 'TENURE_OVER_LIMIT', 'PERIODIC_ROTATION_APPROACHING', 'DISMISSAL_REVIEW'].map(reason),
    ).map((r) => r.code);
    expect(codes).toEqual(['TENURE_OVER_LIMIT', 'DISMISSAL_REVIEW']);
  });

  it('plans a secondment for 36 months, 29 February clamped', () => {
    expect(secondmentEnd('2027-01-01')).toBe('2030-01-01');
    expect(secondmentEnd('2028-02-29')).toBe('2031-02-28');
  });

  it.each([
    ['edit', 'draft', true],
    ['edit', 'submitted', false],
    ['submit', 'draft', true],
    ['submit', 'submitted', false],
    ['decide', 'submitted', true],
    ['decide', 'decided', false],
    ['decide', 'draft', false],
    ['apply', 'decided', true],
    ['apply', 'applied', true],
    ['apply', 'submitted', false],
  ] as ['edit' | 'submit' | 'decide' | 'apply', ProposalStatus, boolean][])('%s a %s proposal: allowed %s', (step, status, ok) => {
    if (ok) expect(() => assertTransition(step, status)).not.toThrow();
    else expect(() => assertTransition(step, status)).toThrow(expect.objectContaining({ code: 'PROPOSAL_WRONG_STATE' }));
  });

  it('explains a choice in one Vietnamese line', () => {
    expect(explainTarget({ via: { vacatedByName: 'Nguyễn Văn A' }, targetUnitName: 'Phòng Kế hoạch - Tài chính', category: 'specialist', demote: false })).toBe(
      'Vị trí do Nguyễn Văn A để lại (cùng đề xuất); chưa công tác tại Phòng Kế hoạch - Tài chính trong 5 năm; cùng nhóm chuyên viên',
    );
    expect(explainTarget({ via: 'vacancy', targetUnitName: 'Văn phòng', category: 'support', demote: true })).toBe(
      'Vị trí còn trống biên chế; chưa công tác tại Văn phòng trong 5 năm; vị trí thấp hơn (nhóm nhân viên)',
    );
  });
});
