/**
 * The alert job (docs/rules.md, Alerts), one code path for the daily schedule (functions/alerts.ts, as the system
 * actor), POST /v1/alerts/run (an admin) and `npm run alerts`.
 *
 * As of a date it reads, through the due-date index by month (pattern 30, every agency at once), only the officials
 * whose due date crossed a threshold (90, 30, 7 days before, the due date) since the last completed run, plus its
 * own records: the restamp tasks (pattern 32, done first: ./mail-stamp.ts), notices earlier runs left pending
 * (pattern 21) and, on the 1st, the agency list (pattern 28) and each agency's overdue officials and proposals
 * awaiting decision for the leadership digest. Each status item carries the mail stamp of its unit (name,
 * recipients), so no unit is read; only a notice without one (taken over from an earlier run, or an item written
 * before stamps) reads its units by key, a unit's ancestors only while no address is found. Every notice is claimed in
 * the outbox (a conditional put) before its mail goes out and marked sent after it, so a second run sends nothing twice and a crash loses nothing: a claim left pending is taken over by a
 * later run once its lease has passed. Only a crash between a send and its mark repeats that one mail.
 */
import {
  digestMonth,
  dueWindows,
  hasHrAddress,
  hrRecipients,
  leaderRecipients,
  newThreshold,
  type AddressCheck,
  type AlertLine,
  type MailStamp,
} from '../domain/alerts';
import { digestMail, thresholdMail, type DigestProposal, type RenderedMail } from '../domain/alert-mail';
import { compareDates, formatDateVi } from '../domain/dates';
import { ConflictError, RuleViolationError } from '../domain/errors';
import { hasLeft } from '../domain/leaving';
import type { IsoDate, Unit } from '../domain/types';
import type { AlertNotice, AlertRun, OfficialStatus, Page } from '../ports';
import { today, type Actor, type UseCaseDeps } from './context';
import { drainRestamps } from './mail-stamp';
import { tenureFromStatus } from './official-aggregate';
import { authorize } from './policy';
import { assertCanWrite } from './scope';

/**
 * How long a run holds the notices it claimed before another run may take them over: longer than any run lasts (the
 * alert function's timeout is 5 minutes, the API's 29 seconds), short enough that the next daily run always may.
 */
export const ALERT_LEASE_MS = 15 * 60 * 1000;

const PROPOSAL_PAGE = 100;

export async function runAlerts(deps: UseCaseDeps, actor: Actor, input: { asOf?: IsoDate } = {}): Promise<AlertRun> {
  authorize(actor, 'runAlerts');
  // The job mails every unit and its record names them all: only a caller who sees every unit may run it.
  assertCanWrite(actor.principal, [], 'Việc chạy cảnh báo (gửi thư cho mọi đơn vị)');
  const todayDate = today(deps);
  const asOf = input.asOf ?? todayDate;
  // A run as of a later day would warn early and move the last completed date past days not yet lived.
  if (compareDates(asOf, todayDate) > 0)
    throw new RuleViolationError(
      'ALERT_DATE_IN_FUTURE',
      `Không thể chạy cảnh báo cho ngày ${formatDateVi(asOf)} chưa đến (hôm nay là ${formatDateVi(todayDate)})`,
      [{ path: 'asOf', message: 'Must not be after today (Asia/Ho_Chi_Minh)' }],
    );

  const last = await deps.alerts.lastCompleted();
  const windows = dueWindows(last?.asOf, asOf);
  const month = digestMonth(last?.asOf, asOf);
  const run: AlertRun = {
    id: deps.newId(),
    asOf,
    trigger: actor.principal.sub,
    status: 'running',
    startedAt: deps.clock.now().toISOString(),
    windows,
    ...(month ? { digestMonth: month } : {}),
    mailsSent: 0,
    officialsNotified: 0,
    digestsSent: 0,
    retried: 0,
    failures: [],
    unitsWithoutAddress: [],
    invalidAddresses: [],
  };
  await deps.alerts.putRun(run);
  // Stamps of status items that read a unit changed since (pattern 32): one query that finds nothing most days.
  await drainRestamps(deps);
  const job = new Job(deps, run, last?.asOf);
  await job.collect(windows, month);
  await job.deliver();

  run.status = 'completed';
  run.finishedAt = deps.clock.now().toISOString();
  await deps.alerts.completeRun(run);
  return run;
}

/** Past runs, newest first. */
export async function listAlertRuns(
  deps: UseCaseDeps,
  actor: Actor,
  query: { limit: number; cursor?: string },
): Promise<Page<AlertRun>> {
  authorize(actor, 'listAlertRuns');
  assertCanWrite(actor.principal, [], 'Lịch sử chạy cảnh báo (gồm mọi đơn vị)');
  return deps.alerts.listRuns(query);
}

/** One run's work: the notices it holds (claimed or taken over), then their mails. */
class Job {
  private readonly held: AlertNotice[] = [];
  private readonly retried = new Set<AlertNotice>();
  /** Units read so far (by key, or the agency list on the 1st), and ids read by key that no unit has. */
  private readonly units = new Map<string, Unit>();
  private readonly absent = new Set<string>();
  /** The mail stamps of the notices claimed from status items that carry one: no unit read for those. */
  private readonly stamps = new Map<AlertNotice, MailStamp>();

  constructor(
    private readonly deps: UseCaseDeps,
    private readonly run: AlertRun,
    private readonly lastAsOf: IsoDate | undefined,
  ) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private leaseUntil(): string {
    return new Date(this.deps.clock.now().getTime() + ALERT_LEASE_MS).toISOString();
  }

  async collect(windows: AlertRun['windows'], month: string | undefined): Promise<void> {
    const { deps, run } = this;
    // Notices earlier runs left pending: a failed send, no address yet, or a run that died before its mail.
    for (const notice of await deps.alerts.listPending()) {
      const now = this.now();
      if (notice.runId === run.id || notice.leaseUntil > now) continue;
      if (await deps.alerts.takeOver(notice, run.id, this.leaseUntil(), now)) {
        const mine = { ...notice, runId: run.id };
        this.held.push(mine);
        this.retried.add(mine);
      }
    }
    if (windows.length) {
      // The due dates in the windows, every agency at once (pattern 30): no agency list, no read per agency.
      const read = await Promise.all(windows.map((w) => deps.officials.queryDueInWindow(w)));
      const statuses = new Map(read.flat().map((s) => [s.officialId, s]));
      const lines = [...statuses.values()].map((s) => this.thresholdLine(s)).filter((l): l is AlertLine => !!l);
      const stampOf = (line: AlertLine) => stampFor(statuses.get(line.officialId)!, line.unitId);
      // The units named in lines without a stamp (their names go into the claimed snapshot), by key (pattern 27).
      await this.loadUnits(lines.filter((l) => !stampOf(l)).map((l) => l.unitId));
      for (const line of lines) {
        const stamp = stampOf(line);
        line.unitName = stamp?.unitName ?? this.units.get(line.unitId)?.name ?? line.unitId;
        const notice: AlertNotice = {
          kind: 'threshold',
          officialId: line.officialId,
          dueDate: line.dueDate,
          threshold: line.threshold,
          unitId: line.unitId,
          line,
          ...this.claimState(),
        };
        if (stamp) this.stamps.set(notice, stamp);
        await this.claim(notice);
      }
    }
    // The digest is the one part that concerns every agency (one per agency on the 1st): only then the agency list.
    if (month) {
      const agencies = await deps.organisation.listAgencies();
      for (const agency of agencies) this.units.set(agency.id, agency);
      for (const agency of this.inService(agencies))
        await this.claim({ kind: 'digest', agencyId: agency.id, month, ...this.claimState() });
    }
  }

  /** The units of these ids not read yet, by key (pattern 27). */
  private async loadUnits(ids: (string | undefined)[]): Promise<void> {
    const missing = [...new Set(ids.filter((id): id is string => !!id && !this.units.has(id) && !this.absent.has(id)))];
    if (!missing.length) return;
    const found = await this.deps.organisation.getUnits(missing);
    for (const unit of found) this.units.set(unit.id, unit);
    for (const id of missing) if (!this.units.has(id)) this.absent.add(id);
  }

  /**
   * What `hrRecipients` walks for these units, read as it walks: each unit, and while the units read so far up its
   * tree have no valid address, its next ancestor, nearest first; one batch per level for all the units at once.
   * A unit with its own address costs its own read only.
   */
  private async loadAddressing(unitIds: string[]): Promise<void> {
    let pending = [...new Set(unitIds)];
    while (pending.length) {
      const wanted: string[] = [];
      const unresolved: string[] = [];
      for (const start of pending) {
        const unit = this.units.get(start);
        if (!unit) {
          if (!this.absent.has(start)) [wanted, unresolved].forEach((list) => list.push(start));
          continue;
        }
        // The first unit up the walk not read yet, unless one read before it has an address.
        for (const id of [unit.id, ...[...unit.ancestors].reverse()]) {
          const step = this.units.get(id);
          if (step && hasHrAddress(step)) break;
          if (!step && !this.absent.has(id)) {
            wanted.push(id);
            unresolved.push(start);
            break;
          }
        }
      }
      await this.loadUnits(wanted);
      pending = [...new Set(unresolved)];
    }
  }

  async deliver(): Promise<void> {
    const { run } = this;
    const thresholds = this.held.filter((n): n is Extract<AlertNotice, { kind: 'threshold' }> => n.kind === 'threshold');
    // Notices without a stamp (taken over from an earlier run, or from a status item without one) read their units.
    await this.loadAddressing(thresholds.filter((n) => !this.stamps.has(n)).map((n) => n.unitId));
    // A digest of this month taken over from an earlier run names its agency: read it unless the agency list was read
    // (one of a past month is closed unread, below).
    const month = run.asOf.slice(0, 7);
    await this.loadUnits(this.held.map((n) => (n.kind === 'digest' && n.month === month ? n.agencyId : undefined)));
    const groups = new Map<string, { to: string[]; notices: typeof thresholds }>();
    const unaddressed = new Map<string, typeof thresholds>();
    const names = new Map<string, string>();
    for (const notice of thresholds) {
      const stamp = this.stamps.get(notice);
      if (stamp) names.set(notice.unitId, stamp.unitName);
      const check: AddressCheck = stamp
        ? { recipients: stamp.recipients, invalid: stamp.invalid }
        : hrRecipients(notice.unitId, this.units);
      this.noteInvalid(check.invalid);
      if (!check.recipients) {
        unaddressed.set(notice.unitId, [...(unaddressed.get(notice.unitId) ?? []), notice]);
        continue;
      }
      const key = check.recipients.to.join(',');
      const group = groups.get(key) ?? { to: check.recipients.to, notices: [] };
      group.notices.push(notice);
      groups.set(key, group);
    }
    for (const key of [...groups.keys()].sort()) {
      const { to, notices } = groups.get(key)!;
      const mail = thresholdMail({
        lines: notices.map((n) => ({ ...n.line, asOf: run.asOf })),
        asOf: run.asOf,
        consoleUrl: this.deps.consoleUrl,
      });
      if (await this.send(notices, to, mail, { kind: 'threshold', unitId: notices[0].unitId }))
        run.officialsNotified += new Set(notices.map((n) => n.officialId)).size;
    }
    for (const [unitId, notices] of unaddressed) {
      // Kept pending: the next run mails them once an address is recorded, and reports the unit again until then.
      await this.deps.alerts.release(notices, run.id, { now: this.now(), error: 'NO_ADDRESS', countAttempt: false });
      const unitName = this.units.get(unitId)?.name ?? names.get(unitId) ?? unitId;
      run.unitsWithoutAddress.push({ unitId, unitName, kind: 'hr', notices: notices.length });
    }
    for (const notice of this.held) if (notice.kind === 'digest') await this.deliverDigest(notice);
  }

  /** The line of an official whose due date newly crossed a threshold, or undefined (left service, no current chain). */
  private thresholdLine(status: OfficialStatus): AlertLine | undefined {
    const { run } = this;
    const chain = status.chain;
    if (!chain || !status.agencyId) return undefined;
    if (hasLeft({ leftOn: status.left?.on, retirementDate: status.retirementDate }, run.asOf)) return undefined;
    const threshold = newThreshold(chain.dueDate, this.lastAsOf, run.asOf);
    if (threshold === undefined) return undefined;
    return this.lineOf(status, threshold);
  }

  private lineOf(status: OfficialStatus, threshold: number): AlertLine | undefined {
    const chain = status.chain!;
    const tenure = tenureFromStatus(status, this.run.asOf, this.deps.warnMonths);
    // The chain must be the one held on the run's date (not ended before it, not starting after it).
    if (tenure.dueDate !== chain.dueDate) return undefined;
    return {
      officialId: status.officialId,
      fullName: status.fullName,
      positionTitle: chain.positionTitle,
      unitId: chain.unitId,
      unitName: this.units.get(chain.unitId)?.name ?? chain.unitId,
      agencyId: status.agencyId!,
      chainStart: chain.chainStart,
      dueDate: chain.dueDate,
      asOf: this.run.asOf,
      threshold,
      reasons: tenure.reasons,
      exemptions: tenure.exemptions,
    };
  }

  private claimState() {
    const now = this.now();
    return { status: 'pending' as const, runId: this.run.id, claimedAt: now, leaseUntil: this.leaseUntil(), attempts: 0 };
  }

  /** A notice that exists already was sent, or is pending (taken over above when its lease had passed). */
  private async claim(notice: AlertNotice): Promise<void> {
    if (await this.deps.alerts.claim(notice)) this.held.push(notice);
  }

  /** Agencies in existence on the run's date (a dissolved district's staff moved to its successor). */
  private inService(agencies: Unit[]): Unit[] {
    const asOf = this.run.asOf;
    return agencies
      .filter((u) => u.agencyId === u.id)
      .filter((u) => (!u.validFrom || u.validFrom <= asOf) && (!u.validTo || u.validTo >= asOf))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  private async deliverDigest(notice: Extract<AlertNotice, { kind: 'digest' }>): Promise<void> {
    const { deps, run } = this;
    const agency = this.units.get(notice.agencyId);
    const month = run.asOf.slice(0, 7);
    // A digest of a later month than a back-dated run's is not this run's to send, nor stale: it waits, untouched.
    if (notice.month > month) {
      await deps.alerts.release([notice], run.id, { now: this.now(), countAttempt: false });
      return;
    }
    // A digest of a past month (left pending since) is stale: this month's tells the leadership what is true now.
    if (!agency || notice.month !== month) {
      await deps.alerts.close(notice, run.id, this.now());
      return;
    }
    const overdue = await this.overdueOf(agency.id);
    const proposals = await this.awaitingDecision(agency.id);
    if (!overdue.length && !proposals.length) {
      await deps.alerts.close(notice, run.id, this.now());
      return;
    }
    const check = leaderRecipients(agency);
    this.noteInvalid(check.invalid);
    if (!check.recipients) {
      await deps.alerts.release([notice], run.id, { now: this.now(), error: 'NO_ADDRESS', countAttempt: false });
      run.unitsWithoutAddress.push({ unitId: agency.id, unitName: agency.name, kind: 'leadership', notices: 1 });
      return;
    }
    const mail = digestMail({
      agencyName: agency.name,
      agencyId: agency.id,
      month: notice.month,
      asOf: run.asOf,
      overdue,
      proposals,
      consoleUrl: deps.consoleUrl,
    });
    if (await this.send([notice], check.recipients.to, mail, { kind: 'digest', unitId: agency.id })) run.digestsSent += 1;
  }

  /** Everyone of the agency overdue on the run's date and not exempt (pattern 6, due by the run's date). */
  private async overdueOf(agencyId: string): Promise<AlertLine[]> {
    const { deps, run } = this;
    const lines: AlertLine[] = [];
    const stamped = new Map<AlertLine, MailStamp>();
    for (const status of await deps.officials.queryDueStatuses([agencyId], run.asOf)) {
      if (!status.chain || hasLeft({ leftOn: status.left?.on, retirementDate: status.retirementDate }, run.asOf)) continue;
      const line = this.lineOf(status, 0);
      if (line && line.exemptions.length === 0 && line.reasons.length > 0 && compareDates(line.dueDate, run.asOf) <= 0) {
        lines.push(line);
        const stamp = stampFor(status, line.unitId);
        if (stamp) stamped.set(line, stamp);
      }
    }
    // The digest names each official's unit: from the stamp, else those not read yet, by key (pattern 27).
    await this.loadUnits(lines.filter((l) => !stamped.has(l)).map((l) => l.unitId));
    for (const line of lines)
      line.unitName = stamped.get(line)?.unitName ?? this.units.get(line.unitId)?.name ?? line.unitId;
    return lines;
  }

  /** Proposals of the agency submitted and waiting for the leadership (read only). */
  private async awaitingDecision(agencyId: string): Promise<DigestProposal[]> {
    const found: DigestProposal[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.proposals.list({
        agencyIds: [agencyId],
        status: 'submitted',
        limit: PROPOSAL_PAGE,
        cursor,
        keep: () => true,
      });
      for (const p of page.items)
        found.push({
          id: p.id,
          title: p.title,
          scopeUnitName: p.scopeUnitName,
          effectiveDate: p.effectiveDate,
          itemCount: p.itemCount,
          pending: p.pending,
          submittedAt: p.submittedAt,
        });
      cursor = page.nextCursor;
    } while (cursor);
    return found;
  }

  /**
   * One mail, then its notices marked sent. A refused send leaves them pending for the next run, counted; a mark that
   * finds another run holding them (this run outlived its lease) is reported: that run may send them again.
   */
  private async send(
    notices: AlertNotice[],
    to: string[],
    mail: RenderedMail,
    about: { kind: 'threshold' | 'digest'; unitId: string },
  ): Promise<boolean> {
    const { deps, run } = this;
    let messageId: string;
    try {
      ({ messageId } = await deps.mailer.send({ to, ...mail }));
    } catch (error) {
      const reason = describe(error);
      run.failures.push({ ...about, recipients: to, notices: notices.length, reason });
      await deps.alerts.release(notices, run.id, { now: this.now(), error: reason, countAttempt: true });
      return false;
    }
    try {
      await deps.alerts.markSent(notices, run.id, { at: this.now(), messageId, recipients: to });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      run.failures.push({
        ...about,
        recipients: to,
        notices: notices.length,
        reason: 'Sent, but another run had taken these notices over (this run outlived its lease): it may send them again',
      });
    }
    run.mailsSent += 1;
    run.retried += notices.filter((n) => this.retried.has(n)).length;
    return true;
  }

  private noteInvalid(invalid: { unitId: string; address: string }[]): void {
    for (const entry of invalid)
      if (!this.run.invalidAddresses.some((e) => e.unitId === entry.unitId && e.address === entry.address))
        this.run.invalidAddresses.push(entry);
  }
}

/** The status item's mail stamp when it is that of the line's unit (the chain's). */
function stampFor(status: OfficialStatus, unitId: string): MailStamp | undefined {
  return status.mail?.unitId === unitId ? status.mail : undefined;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return String(error).slice(0, 500);
}
