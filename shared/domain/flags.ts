/**
 * How urgent a flagged official is, read from their reasons, so a line of the flags list can be read without
 * another call: a tenure that is merely `ok` may still carry a dismissal review.
 */
import type { Reason } from './types';

export type Severity = 'high' | 'medium';

/** Reasons that call for action now; the others (approaching a limit) are warnings. */
const ACTION_REQUIRED = new Set([
  'TENURE_OVER_LIMIT',
  'PERIODIC_ROTATION_DUE',
  'NOT_MEETING_REQUIREMENTS',
  'DISMISSAL_REVIEW',
  'DEMOTION_REVIEW',
]);

export const SEVERITY_LABELS_VI: Record<Severity, string> = {
  high: 'Cần xử lý',
  medium: 'Sắp đến hạn',
};

/** `high` when any reason calls for action now, `medium` when all are warnings; undefined without reasons. */
export function severityOf(reasons: Reason[]): Severity | undefined {
  if (reasons.length === 0) return undefined;
  return reasons.some((r) => ACTION_REQUIRED.has(r.code)) ? 'high' : 'medium';
}
