import { describe, expect, it } from 'vitest';
import { retirementAge, retirementDate, statutoryRetirementDate } from '../../shared/domain/retirement';
import type { Gender } from '../../shared/domain/types';

describe('retirementAge', () => {
  it.each([
    ['male', 2015, 60, 3],
    ['male', 2021, 60, 3],
    ['male', 2022, 60, 6],
    ['male', 2024, 61, 0],
    ['male', 2027, 61, 9],
    ['male', 2028, 62, 0],
    ['male', 2040, 62, 0],
    ['female', 2020, 55, 4],
    ['female', 2021, 55, 4],
    ['female', 2022, 55, 8],
    ['female', 2023, 56, 0],
    ['female', 2034, 59, 8],
    ['female', 2035, 60, 0],
    ['female', 2050, 60, 0],
  ] as const)('%s in %i: %iy %im', (gender, year, years, months) => {
    expect(retirementAge(gender, year)).toEqual({ years, months });
  });
});

describe('statutoryRetirementDate', () => {
  it.each([
    // The worked examples of the roadmap (docs/rules.md, "Retirement")
    ['male', '1961-01-15', '2021-04-30'],
    ['male', '1961-10-10', '2022-04-30'], // 60y3m falls in 2022, where 60y6m applies
    ['female', '1966-03-15', '2021-07-31'],
    ['female', '1980-06-01', '2040-06-30'],
    // The age is reached on the last days of the year it is in force
    ['male', '1961-09-30', '2021-12-31'],
    ['male', '1961-10-01', '2022-04-30'],
    // Born on the 31st: the anniversary is clamped to the month's last day
    ['male', '1963-12-31', '2024-12-31'], // 61y0m in 2024
    ['male', '1965-08-31', '2027-05-31'], // 61y3m -> 2026-11-30 and 61y6m -> 2027-02-28 are too late
    ['female', '1967-08-31', '2023-08-31'], // 56y0m in 2023
    ['female', '1969-09-30', '2026-09-30'], // 57y0m in 2026
    // Cap years: men 62 from 2028, women 60 from 2035
    ['male', '1966-03-10', '2027-12-31'], // 61y9m still reached inside 2027
    ['male', '1966-06-10', '2028-06-30'],
    ['male', '1970-02-28', '2032-02-29'], // end of a leap February
    ['female', '1975-05-20', '2035-05-31'],
    ['female', '1985-12-31', '2045-12-31'],
    // Born on 29 February
    ['female', '1972-02-29', '2030-06-30'], // 58y0m -> 2030-02-28 is after 2029; 58y4m in 2030
    ['female', '1976-02-29', '2036-02-29'],
    // Already past the age before the roadmap: the 2021 value applies
    ['male', '1955-05-05', '2015-08-31'],
  ] as const)('%s born %s retires %s', (gender, dateOfBirth, expected) => {
    expect(statutoryRetirementDate(gender, dateOfBirth)).toBe(expected);
  });
});

describe('retirementDate', () => {
  it.each([
    [{ gender: 'male' as Gender, dateOfBirth: '1961-01-15' }, '2021-04-30'],
    [{ gender: 'male' as Gender, dateOfBirth: '1961-01-15', retirementDate: '2023-01-31' }, '2023-01-31'],
    [{ gender: 'female' as Gender, dateOfBirth: '1980-06-01', retirementDate: '2038-12-31' }, '2038-12-31'],
  ])('%j -> %s', (official, expected) => {
    expect(retirementDate(official)).toBe(expected);
  });
});
