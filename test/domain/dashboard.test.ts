/** The dashboard's pure parts, table-driven: which figures a flag counts in, the unit roll-up, the month buckets. */
import { describe, expect, it } from 'vitest';
import {
  bucketByDueMonth,
  dueHorizon,
  flagMeasures,
  formatMonthVi,
  measureFilter,
  rollUpByUnit,
  type FlagMeasure,
} from '../../shared/domain/dashboard';
import type { Reason, TenureStatus } from '../../shared/domain/types';

const reason = (code: string): Reason => ({ code, rule: 'r', detail: 'd' });
const exemption = { ...reason('MATERNITY'), from: '2025-01-01' };

describe('flagMeasures', () => {
  it.each([
    ['overdue', ['TENURE_OVER_LIMIT'], false, ['overdue']],
    ['approaching', ['TENURE_APPROACHING_LIMIT'], false, ['approaching']],
    ['overdue', ['PERIODIC_ROTATION_DUE'], false, ['overdue', 'rotationDue']],
    ['approaching', ['PERIODIC_ROTATION_APPROACHING'], false, ['approaching']],
    ['ok', ['NOT_MEETING_REQUIREMENTS'], false, ['notMeetingRequirements']],
    // A rearrangement answered NOT_MEETING_REQUIREMENTS; the dismissal review stays a requirement reason.
    ['ok', ['DISMISSAL_REVIEW'], false, ['notMeetingRequirements']],
    ['ok', ['DEMOTION_REVIEW'], false, ['notMeetingRequirements']],
    ['overdue', ['TENURE_OVER_LIMIT', 'NOT_MEETING_REQUIREMENTS', 'DISMISSAL_REVIEW'], true, ['overdue', 'notMeetingRequirements', 'exempt']],
    ['approaching', ['TENURE_APPROACHING_LIMIT'], true, ['approaching', 'exempt']],
  ] as const)('%s with %j, exempt %s -> %j', (status, codes, exempt, expected) => {
    const flag = { status: status as TenureStatus, reasons: codes.map(reason), exemptions: exempt ? [exemption] : [] };
    expect(flagMeasures(flag)).toEqual(expected);
  });
});

describe('measureFilter', () => {
  it.each([
    ['overdue', { status: 'overdue' }],
    ['approaching', { status: 'approaching' }],
    ['rotationDue', { group: 'rotation' }],
    ['notMeetingRequirements', { group: 'requirements' }],
    ['exempt', { group: 'exempt' }],
  ] as const)('%s narrows the flags list by %j', (measure, filter) => {
    expect(measureFilter(measure)).toEqual(filter);
  });
});

describe('rollUpByUnit', () => {
  const flags: { unitPath: string[]; measures: FlagMeasure[] }[] = [
    { unitPath: ['TP', 'SO', 'VP'], measures: ['overdue'] },
    { unitPath: ['TP', 'SO', 'VP'], measures: ['overdue', 'rotationDue', 'exempt'] },
    { unitPath: ['TP', 'SO', 'TT'], measures: ['approaching'] },
    { unitPath: ['TP', 'SO'], measures: ['notMeetingRequirements'] },
    { unitPath: ['TP', 'SNV', 'SNV-VP'], measures: ['overdue'] },
  ];

  it('counts each flag in every unit of its path and once in the totals', () => {
    const { byUnit, totals } = rollUpByUnit(flags, (id) => id !== 'TP');
    expect(totals).toEqual({ overdue: 3, approaching: 1, rotationDue: 1, notMeetingRequirements: 1, exempt: 1, flagged: 5 });
    expect(byUnit.get('SO')).toEqual({ overdue: 2, approaching: 1, rotationDue: 1, notMeetingRequirements: 1, exempt: 1, flagged: 4 });
    expect(byUnit.get('VP')).toEqual({ overdue: 2, approaching: 0, rotationDue: 1, notMeetingRequirements: 0, exempt: 1, flagged: 2 });
    expect(byUnit.get('TT')?.approaching).toBe(1);
    expect(byUnit.get('SNV-VP')?.overdue).toBe(1);
    expect(byUnit.has('TP')).toBe(false);
  });

  it('leaves out the units the caller may not see, and has no row without a flag', () => {
    const { byUnit } = rollUpByUnit(flags, (id) => id === 'VP');
    expect([...byUnit.keys()]).toEqual(['VP']);
    expect(rollUpByUnit([], () => true).byUnit.size).toBe(0);
  });
});

describe('dueHorizon', () => {
  it.each([
    ['2026-01-15', 24, '2026-01', '2027-12', '2027-12-31'],
    ['2026-11-30', 24, '2026-11', '2028-10', '2028-10-31'],
    ['2027-02-28', 24, '2027-02', '2029-01', '2029-01-31'],
    ['2026-03-31', 12, '2026-03', '2027-02', '2027-02-28'],
    ['2027-03-01', 12, '2027-03', '2028-02', '2028-02-29'],
  ])('as of %s over %i months: %s .. %s, through %s', (asOf, months, first, last, through) => {
    const h = dueHorizon(asOf, months);
    expect(h.months).toHaveLength(months);
    expect(h.months[0]).toBe(first);
    expect(h.months.at(-1)).toBe(last);
    expect(new Set(h.months).size).toBe(months);
    expect(h.from).toBe(asOf);
    expect(h.through).toBe(through);
  });
});

describe('bucketByDueMonth', () => {
  const asOf = '2026-05-20';
  const item = (id: string, dueDate: string) => ({ id, dueDate });

  it.each([
    ['2026-05-19', undefined], // already overdue: not in the chart
    ['2026-05-20', '2026-05'], // due on the day itself
    ['2026-05-31', '2026-05'],
    ['2026-06-01', '2026-06'],
    ['2028-02-29', '2028-02'],
    ['2028-04-30', '2028-04'], // the last day of the 24th month
    ['2028-05-01', undefined], // beyond it
  ])('due %s -> bucket %s', (dueDate, month) => {
    const buckets = bucketByDueMonth(asOf, [item('x', dueDate)]);
    expect(buckets).toHaveLength(24);
    const hit = buckets.filter((b) => b.items.length > 0).map((b) => b.month);
    expect(hit).toEqual(month ? [month] : []);
  });

  it('keeps every month in order, empty ones included, and each bucket by due date', () => {
    const buckets = bucketByDueMonth(asOf, [item('b', '2026-07-30'), item('a', '2026-07-02'), item('c', '2027-01-10')]);
    expect(buckets.map((b) => b.month).slice(0, 3)).toEqual(['2026-05', '2026-06', '2026-07']);
    expect(buckets[2].items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(buckets.find((b) => b.month === '2027-01')?.items.map((i) => i.id)).toEqual(['c']);
    expect(buckets.reduce((n, b) => n + b.items.length, 0)).toBe(3);
  });
});

describe('formatMonthVi', () => {
  it.each([
    ['2026-01', '01/2026'],
    ['2027-12', '12/2027'],
  ])('%s -> %s', (month, label) => expect(formatMonthVi(month)).toBe(label));

  it('refuses what is not a month', () => expect(() => formatMonthVi('2026-1')).toThrow(RangeError));
});
