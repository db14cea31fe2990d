/**
 * Leaving service (thôi việc, nghỉ hưu, chuyển công tác ra ngoài tỉnh...). From the day an official leaves, or once
 * their effective retirement date has passed, they are no longer flagged.
 */
import { addDays } from './dates';
import type { IsoDate } from './types';

export const LEFT_REASONS = ['retired', 'resigned', 'transferred_out', 'dismissed', 'deceased'] as const;
export type LeftReason = (typeof LEFT_REASONS)[number];

export const LEFT_REASON_LABELS_VI: Record<LeftReason, string> = {
  retired: 'Nghỉ hưu',
  resigned: 'Thôi việc',
  transferred_out: 'Chuyển công tác ra ngoài tỉnh',
  dismissed: 'Buộc thôi việc',
  deceased: 'Từ trần',
};

/**
 * True when, as of `asOf`, the official is out of service: on or after the recorded `leftOn` (the day they leave,
 * as the decision states it: their open assignment ends on it, and from it they are not flagged), or after the
 * effective retirement date (the last day of work: retirement takes effect at the end of that month).
 */
export function hasLeft(facts: { leftOn?: IsoDate; retirementDate: IsoDate }, asOf: IsoDate): boolean {
  if (facts.leftOn !== undefined && asOf >= facts.leftOn) return true;
  return asOf > facts.retirementDate;
}

/**
 * The first day the official is out of service, when that is known on `today`: the recorded `leftOn`, or the day
 * after an effective retirement date that has already passed. Undefined for an official still serving with no
 * leaving recorded.
 */
export function outOfServiceFrom(facts: { leftOn?: IsoDate; retirementDate: IsoDate }, today: IsoDate): IsoDate | undefined {
  if (facts.leftOn !== undefined) return facts.leftOn;
  return today > facts.retirementDate ? addDays(facts.retirementDate, 1) : undefined;
}
