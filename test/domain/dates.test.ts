import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  daysBetween,
  diffYearsMonthsDays,
  endOfMonth,
  fullMonthsBetween,
  isIsoDate,
  maxDate,
  minDate,
  todayInHoChiMinh,
} from '../../shared/domain/dates';

describe('isIsoDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2000-02-29', true], // divisible by 400
    ['1900-02-29', false], // divisible by 100, not 400
    ['2025-04-30', true],
    ['2025-04-31', false],
    ['2025-12-31', true],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-01-00', false],
    ['2025-1-01', false],
    ['2025-01-1', false],
    ['25-01-01', false],
    ['2025/01/01', false],
    ['2025-01-01T00:00:00Z', false],
    [' 2025-01-01', false],
    ['0000-01-01', false],
    ['', false],
  ])('%j -> %s', (s, expected) => {
    expect(isIsoDate(s)).toBe(expected);
  });
});

describe('addDays', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2021-08-15', 0, '2021-08-15'],
    ['2020-01-01', 366, '2021-01-01'],
    ['2021-01-01', 365, '2022-01-01'],
    ['1970-01-01', -1, '1969-12-31'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2100-02-28', 1, '2100-03-01'],
  ])('%s + %i days = %s', (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected);
  });

  it('rejects an invalid date and a fractional count', () => {
    expect(() => addDays('2025-02-29', 1)).toThrow(RangeError);
    expect(() => addDays('2025-02-01', 1.5)).toThrow(RangeError);
  });
});

describe('addMonths / addYears', () => {
  it.each([
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2021-08-31', -6, '2021-02-28'],
    ['2024-08-31', -6, '2024-02-29'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2025-01-31', 3, '2025-04-30'],
    ['2025-03-31', -1, '2025-02-28'],
    ['2025-11-15', 2, '2026-01-15'],
    ['2026-01-15', -2, '2025-11-15'],
    ['2025-01-15', -13, '2023-12-15'],
    ['2011-08-16', 120, '2021-08-16'],
    ['2021-08-16', -6, '2021-02-16'],
    ['2025-05-20', 0, '2025-05-20'],
  ])('%s + %i months = %s', (d, n, expected) => {
    expect(addMonths(d, n)).toBe(expected);
  });

  it.each([
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2024-02-29', -1, '2023-02-28'],
    ['2016-02-29', 10, '2026-02-28'],
    ['2011-08-16', 10, '2021-08-16'],
  ])('%s + %i years = %s', (d, n, expected) => {
    expect(addYears(d, n)).toBe(expected);
  });
});

describe('compareDates, maxDate, minDate', () => {
  it.each([
    ['2025-01-01', '2025-01-02', -1, '2025-01-02', '2025-01-01'],
    ['2025-01-02', '2025-01-01', 1, '2025-01-02', '2025-01-01'],
    ['2025-06-30', '2025-06-30', 0, '2025-06-30', '2025-06-30'],
    ['2024-12-31', '2025-01-01', -1, '2025-01-01', '2024-12-31'],
  ])('%s vs %s', (a, b, cmp, max, min) => {
    expect(compareDates(a, b)).toBe(cmp);
    expect(maxDate(a, b)).toBe(max);
    expect(minDate(a, b)).toBe(min);
  });
});

describe('endOfMonth', () => {
  it.each([
    ['2024-02-01', '2024-02-29'],
    ['2025-02-14', '2025-02-28'],
    ['2025-04-30', '2025-04-30'],
    ['2025-12-01', '2025-12-31'],
    ['2021-04-15', '2021-04-30'],
  ])('%s -> %s', (d, expected) => {
    expect(endOfMonth(d)).toBe(expected);
  });
});

describe('diffYearsMonthsDays and fullMonthsBetween', () => {
  it.each([
    ['2011-08-16', '2021-08-15', { years: 9, months: 11, days: 30 }, 119],
    ['2011-08-16', '2021-08-16', { years: 10, months: 0, days: 0 }, 120],
    ['2011-08-16', '2021-12-20', { years: 10, months: 4, days: 4 }, 124],
    ['2016-02-29', '2026-02-27', { years: 9, months: 11, days: 29 }, 119],
    // The due day of a 29 February start is 28 February: the term is complete then.
    ['2016-02-29', '2026-02-28', { years: 10, months: 0, days: 0 }, 120],
    ['2025-01-31', '2025-02-28', { years: 0, months: 1, days: 0 }, 1],
    ['2025-01-31', '2025-02-27', { years: 0, months: 0, days: 27 }, 0],
    ['2025-01-31', '2025-03-30', { years: 0, months: 1, days: 30 }, 1],
    ['2025-01-31', '2025-03-31', { years: 0, months: 2, days: 0 }, 2],
    ['2025-05-05', '2025-05-05', { years: 0, months: 0, days: 0 }, 0],
    ['2025-05-05', '2025-05-04', { years: 0, months: 0, days: -1 }, 0],
    ['2025-05-05', '2024-03-05', { years: -1, months: -2, days: 0 }, -14],
  ])('%s -> %s', (from, to, expected, months) => {
    expect(diffYearsMonthsDays(from, to)).toEqual(expected);
    expect(fullMonthsBetween(from, to)).toBe(months);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2024-02-28', '2024-03-01', 2],
    ['2025-02-28', '2025-03-01', 1],
    ['2025-01-01', '2026-01-01', 365],
    ['2024-01-01', '2025-01-01', 366],
    ['2025-03-01', '2025-02-28', -1],
  ])('%s -> %s = %i', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });
});

describe('todayInHoChiMinh', () => {
  it.each([
    ['2025-12-31T16:59:59.999Z', '2025-12-31'],
    ['2025-12-31T17:00:00.000Z', '2026-01-01'],
    ['2024-02-28T17:00:00.000Z', '2024-02-29'],
    ['2021-08-16T01:00:00.000Z', '2021-08-16'],
    ['2021-08-15T23:30:00.000-01:00', '2021-08-16'], // 00:30Z -> 07:30 in Hồ Chí Minh City
    ['1969-12-31T17:00:00.000Z', '1970-01-01'],
    ['1969-12-31T16:59:59.000Z', '1969-12-31'],
  ])('%s -> %s', (instant, expected) => {
    expect(todayInHoChiMinh(new Date(instant))).toBe(expected);
  });

  it('rejects an invalid instant', () => {
    expect(() => todayInHoChiMinh(new Date('not a date'))).toThrow(RangeError);
  });
});
