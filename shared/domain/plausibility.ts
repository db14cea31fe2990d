/**
 * Dates a person could not have meant. Each is refused with a 422 that says why, so a typo (1957 for 1975, 2062
 * for 2026) never becomes a tenure or a flag.
 */
import { addMonths, addYears } from './dates';
import { RuleViolationError } from './errors';
import type { IsoDate } from './types';

/** The minimum age for recruitment as a civil servant (Law on Cadres and Civil Servants art. 36). */
export const MIN_WORKING_AGE_YEARS = 18;
/** How far ahead a decision may schedule an assignment: a planned start up to a year out is normal. */
export const MAX_PLANNED_MONTHS_AHEAD = 12;

/** An official must be of working age today. */
export function checkDateOfBirth(dateOfBirth: IsoDate, today: IsoDate): void {
  const adult = addYears(dateOfBirth, MIN_WORKING_AGE_YEARS);
  if (adult > today)
    throw new RuleViolationError(
      'OFFICIAL_TOO_YOUNG',
      `Ngày sinh ${dateOfBirth}: công chức phải đủ ${MIN_WORKING_AGE_YEARS} tuổi (đủ tuổi từ ${adult}) / ` +
        `An official must be at least ${MIN_WORKING_AGE_YEARS}`,
      [{ path: 'dateOfBirth', message: `Must be on or before ${addYears(today, -MIN_WORKING_AGE_YEARS)}` }],
    );
}

/**
 * An assignment starts once the official is of working age, no more than a year ahead, and while they are in
 * service: after `leftOn` nothing starts, and nothing stays open.
 */
export function checkAssignmentDates(
  assignment: { startDate: IsoDate; endDate?: IsoDate },
  official: { dateOfBirth: IsoDate; leftOn?: IsoDate },
  today: IsoDate,
): void {
  const adult = addYears(official.dateOfBirth, MIN_WORKING_AGE_YEARS);
  if (assignment.startDate < adult)
    throw new RuleViolationError(
      'ASSIGNMENT_BEFORE_WORKING_AGE',
      `Ngày bắt đầu ${assignment.startDate} khi công chức chưa đủ ${MIN_WORKING_AGE_YEARS} tuổi (đủ tuổi từ ${adult}) / ` +
        `The official was under ${MIN_WORKING_AGE_YEARS} on the start date`,
      [{ path: 'startDate', message: `Must be on or after ${adult}` }],
    );
  const latest = addMonths(today, MAX_PLANNED_MONTHS_AHEAD);
  if (assignment.startDate > latest)
    throw new RuleViolationError(
      'ASSIGNMENT_TOO_FAR_AHEAD',
      `Ngày bắt đầu ${assignment.startDate} quá xa: chỉ ghi quá trình dự kiến trong vòng ${MAX_PLANNED_MONTHS_AHEAD} tháng tới ` +
        `(đến ${latest}) / A start more than ${MAX_PLANNED_MONTHS_AHEAD} months ahead`,
      [{ path: 'startDate', message: `Must be on or before ${latest}` }],
    );
  const { leftOn } = official;
  if (leftOn !== undefined && (assignment.startDate > leftOn || assignment.endDate === undefined || assignment.endDate > leftOn))
    throw new RuleViolationError(
      'OFFICIAL_LEFT',
      `Công chức đã thôi công tác từ ${leftOn}: không ghi được quá trình công tác mới sau ngày đó / ` +
        `The official left service on ${leftOn}`,
      [
        assignment.startDate > leftOn
          ? { path: 'startDate', message: `Must be on or before ${leftOn}` }
          : { path: 'endDate', message: `Required, on or before ${leftOn}` },
      ],
    );
}

/** An assessment is recorded once given: not dated after today. */
export function checkAssessedOn(assessedOn: IsoDate, today: IsoDate): void {
  if (assessedOn > today)
    throw new RuleViolationError(
      'ASSESSED_IN_FUTURE',
      `Ngày đánh giá ${assessedOn} chưa đến (hôm nay là ${today}) / The assessment date is in the future`,
      [{ path: 'assessedOn', message: `Must be on or before ${today}` }],
    );
}
