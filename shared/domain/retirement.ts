/**
 * Statutory retirement (Labour Code 2019 art. 169; Decree 135/2020/NĐ-CP art. 4-5).
 *
 * The normal retirement age rises each year from 2021 until it reaches its cap; the age that applies to a person is
 * the one in force in the year they reach it, and retirement takes effect at the end of that month.
 */
import { addMonths, compareDates, endOfMonth, parseIsoDate } from './dates';
import type { Gender, IsoDate } from './types';

/** First year of the roadmap (Decree 135/2020 takes effect 1 Jan 2021). */
export const RETIREMENT_ROADMAP_FROM_YEAR = 2021;

/** Per gender: age in months in 2021, months added per year, and the cap in months. */
const ROADMAP: Record<Gender, { startMonths: number; stepMonths: number; capMonths: number }> = {
  male: { startMonths: 60 * 12 + 3, stepMonths: 3, capMonths: 62 * 12 }, // 62 from 2028
  female: { startMonths: 55 * 12 + 4, stepMonths: 4, capMonths: 60 * 12 }, // 60 from 2035
};

function retirementAgeMonths(gender: Gender, year: number): number {
  const { startMonths, stepMonths, capMonths } = ROADMAP[gender];
  const yearsIn = Math.max(0, year - RETIREMENT_ROADMAP_FROM_YEAR);
  return Math.min(capMonths, startMonths + stepMonths * yearsIn);
}

/**
 * Normal retirement age in force in `year`: men 60y3m in 2021 plus 3 months a year up to 62y (2028 on); women 55y4m
 * in 2021 plus 4 months a year up to 60y (2035 on). Years before 2021 use the 2021 value.
 */
export function retirementAge(gender: Gender, year: number): { years: number; months: number } {
  const months = retirementAgeMonths(gender, year);
  return { years: Math.floor(months / 12), months: months % 12 };
}

/**
 * Statutory retirement date: the smallest year Y >= 2021 with `addMonths(dateOfBirth, age(Y)) <= Y-12-31` fixes the
 * day the age is reached, and retirement takes effect at the end of that month. Examples: man 1961-01-15 ->
 * 2021-04-30; man 1961-10-10 -> 2022-04-30 (60y6m); woman 1966-03-15 -> 2021-07-31; woman 1980-06-01 -> 2040-06-30.
 */
export function statutoryRetirementDate(gender: Gender, dateOfBirth: IsoDate): IsoDate {
  const birthYear = parseIsoDate(dateOfBirth).year;
  const { capMonths } = ROADMAP[gender];
  // Once the cap is in force and birth + cap falls within Y, the condition holds, so this bound is always reached.
  const lastYear = Math.max(RETIREMENT_ROADMAP_FROM_YEAR, birthYear + Math.ceil(capMonths / 12) + 1, 2035);
  for (let year = RETIREMENT_ROADMAP_FROM_YEAR; year <= lastYear; year += 1) {
    const reached = addMonths(dateOfBirth, retirementAgeMonths(gender, year));
    if (compareDates(reached, `${String(year).padStart(4, '0')}-12-31`) <= 0) return endOfMonth(reached);
  }
  // Unreachable for any real date: kept so a broken roadmap table fails loudly instead of returning garbage.
  throw new Error(`No retirement year found for ${gender} born ${dateOfBirth}`);
}

/** The official's retirement date: an explicit `retirementDate` overrides the statutory one. */
export function retirementDate(official: { gender: Gender; dateOfBirth: IsoDate; retirementDate?: IsoDate }): IsoDate {
  return official.retirementDate ?? statutoryRetirementDate(official.gender, official.dateOfBirth);
}
