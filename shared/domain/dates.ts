/**
 * Calendar-date arithmetic on `YYYY-MM-DD` strings.
 *
 * Everything here is plain integer arithmetic on (year, month, day): no `Date` objects are constructed, so no host
 * time zone or DST rule can shift a date by one day. Dates are civil dates in Asia/Ho_Chi_Minh (UTC+7, no DST).
 *
 * Two ranges:
 * - a date a person enters (a birth date, a start date, `asOf`) must fall in years {@link MIN_YEAR}-{@link MAX_YEAR}:
 *   the edge refuses others with a 400 and {@link parseIsoDate} with a DateOutOfRangeError (422), so no request
 *   reaches the arithmetic with year 0000 or 9999;
 * - the arithmetic itself works on any date of years 0001-9999, because dates derived from entered ones (a
 *   retirement 62 years after a birth, a due date 10 years after a start) leave the entered range. A result outside
 *   0001-9999 is a DateOutOfRangeError too, never a crash.
 * A string that is not a calendar date at all is a programming error here (`RangeError`): callers validate input
 * with {@link checkIsoDate} or {@link isIsoDate} first.
 */
import { RuleViolationError } from './errors';
import type { IsoDate } from './types';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
/** Vietnam has used UTC+7 all year round since 1975: no DST rule is needed. */
const HO_CHI_MINH_OFFSET_MS = 7 * 3_600_000;

/** A date split into its calendar fields; `month` is 1-12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** True for a leap year of the proleptic Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The first and last year of a date a person may enter: a civil servant's record starts and ends in this span. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

/** Thrown for a date outside the supported years: a 422 with a reason, not a crash in the arithmetic. */
export class DateOutOfRangeError extends RuleViolationError {
  constructor(d: string) {
    super(
      'DATE_OUT_OF_RANGE',
      `Ngày ${d} nằm ngoài khoảng hỗ trợ (năm ${MIN_YEAR}-${MAX_YEAR}) / Date out of the supported range`,
    );
  }
}

/** Calendar validity only (years 0001-9999): what the arithmetic can represent. */
function isCalendarDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * What is wrong with `s` as an entered date, if anything: `'format'` (not `YYYY-MM-DD`), `'nonexistent'`
 * (`2011-02-30`), `'out-of-range'` (a year outside {@link MIN_YEAR}-{@link MAX_YEAR}), or `'ok'`.
 */
export function checkIsoDate(s: string): 'ok' | 'format' | 'nonexistent' | 'out-of-range' {
  const m = ISO_DATE.exec(s);
  if (!m) return 'format';
  const year = Number(m[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return 'out-of-range';
  return isCalendarDate(s) ? 'ok' : 'nonexistent';
}

/**
 * Strict `YYYY-MM-DD` that names a real calendar date in years {@link MIN_YEAR}-{@link MAX_YEAR}: `2025-02-29` is
 * false, `2024-02-29` true, `0000-01-01` and `9999-12-31` false.
 */
export function isIsoDate(s: string): boolean {
  return checkIsoDate(s) === 'ok';
}

/**
 * Splits an entered date into its fields. Throws DateOutOfRangeError for a `YYYY-MM-DD` outside years
 * {@link MIN_YEAR}-{@link MAX_YEAR} (0000 included), `RangeError` when `d` is not a real `YYYY-MM-DD` date.
 */
export function parseIsoDate(d: IsoDate): CalendarDate {
  const check = checkIsoDate(d);
  if (check === 'out-of-range') throw new DateOutOfRangeError(d);
  if (check !== 'ok') throw new RangeError(`Not a calendar date (YYYY-MM-DD): '${d}'`);
  return fields(d);
}

/** Fields of any calendar date (years 0001-9999), for the arithmetic on derived dates. */
function fields(d: IsoDate): CalendarDate {
  if (!isCalendarDate(d)) {
    if (ISO_DATE.test(d) && Number(d.slice(0, 4)) === 0) throw new DateOutOfRangeError(d);
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): '${d}'`);
  }
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) };
}

/**
 * Formats calendar fields as `YYYY-MM-DD`. Throws DateOutOfRangeError for a year outside 0001-9999 (arithmetic that
 * ran off the calendar), `RangeError` when the fields do not name a real date.
 */
export function formatIsoDate({ year, month, day }: CalendarDate): IsoDate {
  if (Number.isInteger(year) && (year < 1 || year > 9999)) throw new DateOutOfRangeError(`${year}-${month}-${day}`);
  const s = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isCalendarDate(s)) throw new RangeError(`Not a calendar date: ${year}-${month}-${day}`);
  return s;
}

/**
 * Days since 1970-01-01 for a civil date (H. Hinnant's days_from_civil): exact for every Gregorian date, no
 * floating point, no Date object.
 */
function toEpochDay({ year, month, day }: CalendarDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0, so the leap day is the last day of the "year"
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of {@link toEpochDay} (civil_from_days). */
function fromEpochDay(epochDay: number): CalendarDate {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** `d` plus `n` days (`n` may be negative). */
export function addDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`addDays needs a whole number of days, got ${n}`);
  return formatIsoDate(fromEpochDay(toEpochDay(fields(d)) + n));
}

/**
 * `d` plus `n` calendar months (`n` may be negative). The day is clamped to the last day of the target month, as the
 * law counts terms: 2024-02-29 + 12 months = 2025-02-28, 2021-08-31 - 6 months = 2021-02-28.
 */
export function addMonths(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`addMonths needs a whole number of months, got ${n}`);
  const { year, month, day } = fields(d);
  const index = year * 12 + (month - 1) + n;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  return formatIsoDate({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  });
}

/** `d` plus `n` calendar years, i.e. `addMonths(d, 12 * n)`: 29 February + 1 year = 28 February. */
export function addYears(d: IsoDate, n: number): IsoDate {
  return addMonths(d, 12 * n);
}

/** -1, 0 or 1 as `a` is before, equal to or after `b`. Valid `YYYY-MM-DD` strings sort lexicographically. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The later of two dates. */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b;
}

/** The earlier of two dates. */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b;
}

/** The last day of the month `d` falls in. */
export function endOfMonth(d: IsoDate): IsoDate {
  const { year, month } = fields(d);
  return formatIsoDate({ year, month, day: daysInMonth(year, month) });
}

/** Signed number of days from `from` to `to` (`to - from`); 0 for the same day. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(fields(to)) - toEpochDay(fields(from));
}

/**
 * Completed calendar months from `from` to `to`: the largest `m` with `addMonths(from, m) <= to`. So a term that
 * started on 2011-08-16 has 120 completed months on 2021-08-16 and 119 on 2021-08-15, which keeps this in step
 * with due dates computed by {@link addMonths}. When `to` is before `from` the result is the negated count from
 * `to` to `from` (truncated toward zero).
 */
export function fullMonthsBetween(from: IsoDate, to: IsoDate): number {
  if (compareDates(to, from) < 0) return -fullMonthsBetween(to, from) || 0; // never -0
  const a = fields(from);
  const b = fields(to);
  const guess = (b.year - a.year) * 12 + (b.month - a.month);
  // addMonths(from, guess) lands in to's month; only its (clamped) day can overshoot, and then one month less fits.
  return compareDates(addMonths(from, guess), to) <= 0 ? guess : guess - 1;
}

/**
 * Completed years, months and days from `from` to `to`: 2011-08-16 -> 2021-08-15 is 9y 11m 30d, -> 2021-08-16 is
 * 10y 0m 0d. Days are counted from `addMonths(from, completed months)`. When `to` is before `from` every component
 * is the negation of the forward difference.
 */
export function diffYearsMonthsDays(from: IsoDate, to: IsoDate): { years: number; months: number; days: number } {
  if (compareDates(to, from) < 0) {
    const back = diffYearsMonthsDays(to, from);
    // `|| 0` turns -0 into 0 so results compare cleanly.
    return { years: -back.years || 0, months: -back.months || 0, days: -back.days || 0 };
  }
  const totalMonths = fullMonthsBetween(from, to);
  return {
    years: Math.floor(totalMonths / 12),
    months: totalMonths % 12,
    days: daysBetween(addMonths(from, totalMonths), to),
  };
}

/**
 * The calendar date in Asia/Ho_Chi_Minh (UTC+7, no DST) at instant `now`. The caller supplies the instant (from its
 * Clock) so the domain never reads the system clock: 2025-12-31T17:00:00Z is already 2026-01-01 in Vietnam.
 */
export function todayInHoChiMinh(now: Date): IsoDate {
  const ms = now.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('todayInHoChiMinh needs a valid instant');
  return formatIsoDate(fromEpochDay(Math.floor((ms + HO_CHI_MINH_OFFSET_MS) / MS_PER_DAY)));
}

/**
 * A date as Vietnamese readers write it, `dd/mm/yyyy`: 2021-08-16 is "16/08/2021". Any calendar date of years
 * 0001-9999 (a derived due date may leave the entered range); `RangeError` for a string that is not one.
 */
export function formatDateVi(d: IsoDate): string {
  if (!isCalendarDate(d)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): '${d}'`);
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}
