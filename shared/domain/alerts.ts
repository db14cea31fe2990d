/**
 * The rules of the alert job (docs/rules.md, Alerts): which thresholds an official crossed since the last run, which
 * due dates a run must read, when the monthly digest is due, and who receives a unit's mail. Pure: the run's dates
 * and the units come in as arguments.
 */
import { addDays, compareDates, daysBetween } from './dates';
import type { Exemption, IsoDate, Reason, Unit } from './types';

/** Days before the due date at which HR is told, the due date itself last. Most urgent last. */
export const ALERT_THRESHOLDS = [90, 30, 7, 0] as const;
export type AlertThreshold = (typeof ALERT_THRESHOLDS)[number];

/** One line of an alert mail: an official whose due date crossed a threshold, as read on the run's date. */
export interface AlertLine {
  officialId: string;
  fullName: string;
  positionTitle: string;
  unitId: string;
  unitName: string;
  agencyId: string;
  chainStart: IsoDate;
  dueDate: IsoDate;
  /** The date the line was read as of: time held and days left count to it. */
  asOf: IsoDate;
  /** 90, 30, 7 days before the due date, or 0: the due date itself. */
  threshold: number;
  reasons: Reason[];
  exemptions: Exemption[];
}

/**
 * A range of due dates to read: after `after` (exclusive; absent = from the beginning) through `through` (inclusive).
 */
export interface DueWindow {
  after?: IsoDate;
  through: IsoDate;
}

/**
 * The due dates whose thresholds are crossed by a run as of `asOf` and were not by the last completed run (as of
 * `lastAsOf`): for threshold T, due dates in (lastAsOf + T, asOf + T]. Overlapping ranges are merged, so each
 * official is read once. Without a last run every due date up to asOf + 90 is in (the first run catches up); a run
 * as of a date not after the last one reads nothing new.
 */
export function dueWindows(lastAsOf: IsoDate | undefined, asOf: IsoDate): DueWindow[] {
  if (lastAsOf === undefined) return [{ through: addDays(asOf, Math.max(...ALERT_THRESHOLDS)) }];
  if (compareDates(asOf, lastAsOf) <= 0) return [];
  const ranges = [...ALERT_THRESHOLDS]
    .sort((a, b) => a - b)
    .map((t) => ({ after: addDays(lastAsOf, t), through: addDays(asOf, t) }));
  const merged: DueWindow[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    // (a, b] and (c, d] with c <= b join into (a, max(b, d)].
    if (last && compareDates(range.after, last.through) <= 0) {
      if (compareDates(range.through, last.through) > 0) last.through = range.through;
    } else merged.push({ ...range });
  }
  return merged;
}

/**
 * The threshold a due date newly crossed between the last run and this one: the most urgent one crossed as of
 * `asOf` (the due date itself once it is reached), when the last run had not crossed it yet. When several were
 * crossed since (the job did not run for a while, or this is the first run), only the most urgent is told: the
 * others are stale. Undefined when nothing new was crossed, or the due date is more than 90 days away.
 */
export function newThreshold(dueDate: IsoDate, lastAsOf: IsoDate | undefined, asOf: IsoDate): AlertThreshold | undefined {
  const daysLeft = daysBetween(asOf, dueDate);
  const crossed = ALERT_THRESHOLDS.filter((t) => daysLeft <= t);
  if (crossed.length === 0) return undefined;
  const threshold = crossed[crossed.length - 1];
  if (lastAsOf !== undefined && daysBetween(lastAsOf, dueDate) <= threshold) return undefined;
  return threshold;
}

/**
 * The month (`YYYY-MM`) whose leadership digest a run is due to send: the month of `asOf` when its first day falls
 * in (lastAsOf, asOf]. So the run of the 1st sends it, and when that run did not complete, the next run that covers
 * the 1st does. Without a last run, only a run as of a 1st.
 */
export function digestMonth(lastAsOf: IsoDate | undefined, asOf: IsoDate): string | undefined {
  const first = `${asOf.slice(0, 8)}01`;
  if (lastAsOf === undefined) return asOf === first ? asOf.slice(0, 7) : undefined;
  return compareDates(lastAsOf, first) < 0 ? asOf.slice(0, 7) : undefined;
}

/**
 * An address a mail server will take: one `@`, a dotted domain, no spaces, brackets or separators. The API validates
 * addresses when a unit is written; this check also covers items written before, or by hand.
 */
export function isMailAddress(value: string): boolean {
  return value.length <= 254 && /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:".]+(\.[^\s@<>()[\]\\,;:".]+)+$/.test(value);
}

export interface Recipients {
  /** Sorted, lower-cased, without duplicates. */
  to: string[];
  /** The unit whose addresses they are: the unit itself, or the nearest ancestor that has some. */
  fromUnitId: string;
}

export interface AddressCheck {
  recipients?: Recipients;
  /** Addresses found on the way up that are not addresses, by unit. */
  invalid: { unitId: string; address: string }[];
}

/**
 * Who receives a unit's HR mail: the unit's `hrEmails`, or when it has no valid one, its nearest ancestor's.
 * `recipients` is absent when no unit up the tree has an address: the caller reports that unit.
 */
export function hrRecipients(unitId: string, units: ReadonlyMap<string, Unit>): AddressCheck {
  const unit = units.get(unitId);
  const invalid: AddressCheck['invalid'] = [];
  if (!unit) return { invalid };
  for (const id of [unit.id, ...[...unit.ancestors].reverse()]) {
    const found = validAddresses(units.get(id)?.hrEmails ?? [], id, invalid);
    if (found.length) return { recipients: { to: found, fromUnitId: id }, invalid };
  }
  return { invalid };
}

/**
 * What an alert mail needs about an official's unit, resolved when their status item is written and kept in it, so a
 * run addresses its notices without reading a unit: the unit's name, `hrRecipients`' answer, and the units that answer
 * read (the unit, then its ancestors up to the one whose addresses answered, or to the root), each at its version.
 */
export interface MailStamp {
  unitId: string;
  unitName: string;
  recipients?: Recipients;
  invalid: AddressCheck['invalid'];
  /** The units the resolution read, the unit first, each at the version read. */
  units: { id: string; version: number }[];
  /** Moved by every rewrite of the stamp, so a write that keeps the stamp it read fails if one came between. */
  seq: number;
}

/**
 * The stamp of a unit, from units read by the caller (the unit and at least the ancestors `hrRecipients` walks), or
 * undefined when one of those is missing: a run then reads the units as it did before stamps.
 */
export function mailStamp(unitId: string, units: ReadonlyMap<string, Unit>, seq: number): MailStamp | undefined {
  const unit = units.get(unitId);
  if (!unit) return undefined;
  const check = hrRecipients(unitId, units);
  const walked: MailStamp['units'] = [];
  for (const id of [unit.id, ...[...unit.ancestors].reverse()]) {
    const step = units.get(id);
    if (!step) return undefined;
    walked.push({ id, version: step.version });
    if (id === check.recipients?.fromUnitId) break;
  }
  return {
    unitId,
    unitName: unit.name,
    ...(check.recipients ? { recipients: check.recipients } : {}),
    invalid: check.invalid,
    units: walked,
    seq,
  };
}

/**
 * Whether two stamps say the same, their `seq` and the versions read aside (a unit's other fields may have moved it):
 * a rewrite that would change nothing is skipped.
 */
export function sameStamp(a: MailStamp, b: MailStamp): boolean {
  const canonical = (s: MailStamp) =>
    JSON.stringify([
      s.unitId,
      s.unitName,
      s.recipients ? [s.recipients.fromUnitId, s.recipients.to] : null,
      s.invalid.map((i) => [i.unitId, i.address]),
      s.units.map((u) => u.id),
    ]);
  return canonical(a) === canonical(b);
}

/**
 * Whether a unit's own `hrEmails` hold a valid address, so that `hrRecipients` stops there: its ancestors are then
 * not needed to address its mail.
 */
export function hasHrAddress(unit: Unit): boolean {
  return unit.hrEmails.some((raw) => isMailAddress(raw.trim().toLowerCase()));
}

/** Who receives an agency's monthly digest: its `leaderEmails` (no fallback: another agency's leaders are not its). */
export function leaderRecipients(agency: Unit): AddressCheck {
  const invalid: AddressCheck['invalid'] = [];
  const found = validAddresses(agency.leaderEmails ?? [], agency.id, invalid);
  return { recipients: found.length ? { to: found, fromUnitId: agency.id } : undefined, invalid };
}

function validAddresses(list: string[], unitId: string, invalid: AddressCheck['invalid']): string[] {
  const valid = new Set<string>();
  for (const raw of list) {
    const address = raw.trim().toLowerCase();
    if (isMailAddress(address)) valid.add(address);
    else invalid.push({ unitId, address: raw });
  }
  return [...valid].sort();
}
