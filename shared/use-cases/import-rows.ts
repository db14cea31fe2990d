/**
 * Importing spreadsheets: officials, assignment histories and assessments from a filled-in template, and
 * everything in scope back out in the same template.
 *
 * - Every row is validated first (shared/domain/import-parsing.ts). A dry run writes nothing; a real import writes
 *   every valid row and none of the invalid ones, and records the import (who, when, what, the report).
 * - Rows are written by the use cases the API writes with (`RowWriters`: createOfficial, createAssignment,
 *   putAssessment), so each row meets the same role, scope, rules and audit as a request would. They are handed in
 *   by the edge rather than imported, so no use case imports another.
 * - Each row is idempotent: an official whose employee code is already in scope is skipped as present; an assignment
 *   already recorded for that official, post and start date, and an assessment identical to the one stored for the
 *   period, too. Records are created with ids derived from their row, so a repeated or concurrent import of the same
 *   file creates nothing twice. Rows of one official are written in turn; officials in parallel, a few at a time.
 * - A dry run runs the same use cases against the stores with writes held in memory: every rule and every stored
 *   reference (the unit, the post, an overlap with the history or with an earlier row of the file) is checked, and
 *   only the write's own conditions are not.
 */
import { periodEnd, parsePeriod } from '../domain/assessment';
import { ConflictError, DomainError, NotFoundError, RuleViolationError } from '../domain/errors';
import {
  importedAssignmentId,
  importedOfficialId,
  parseImportFile,
  type FileSheet,
  type ImportError,
  type ParsedRow,
  type ParsedSheet,
} from '../domain/import-parsing';
import { exportTable, templateTable, type ImportKind, type RowOf } from '../domain/import-templates';
import type { DocumentTable } from '../domain/proposal-documents';
import type { Assessment, Assignment, Gender, Official, Position, Rating, Unit } from '../domain/types';
import type {
  AggregateWrite,
  ImportRecord,
  OfficialAggregate,
  OfficialStore,
  OrganisationStore,
  Page,
} from '../ports';
import { idempotentResponse, today, type Actor, type UseCaseDeps } from './context';
import { logSensitiveReads, type SensitiveRead } from './access-log';
import { authorize } from './policy';
import { canSee, unitPath, visibleAgencies } from './scope';

/** The write use cases an import drives, with the signatures it calls them with. */
export interface RowWriters {
  createOfficial(
    deps: UseCaseDeps,
    actor: Actor,
    input: {
      id: string;
      employeeCode: string;
      fullName: string;
      gender: Gender;
      dateOfBirth: string;
      unitId?: string;
      email?: string;
      retirementDate?: string;
    },
  ): Promise<unknown>;
  createAssignment(
    deps: UseCaseDeps,
    actor: Actor,
    officialId: string,
    input: Omit<RowOf['assignments'], 'employeeCode'> & { id: string },
  ): Promise<unknown>;
  putAssessment(
    deps: UseCaseDeps,
    actor: Actor,
    officialId: string,
    period: string,
    input: { rating?: Rating; score?: number; disciplined?: boolean; assessedOn: string; comments?: string },
  ): Promise<unknown>;
}

/** A sheet of the file (an XLSX workbook has several; a CSV one). */
export type ImportSheet = FileSheet;

export interface ImportInput {
  kind: ImportKind;
  sheets: ImportSheet[];
  fileName: string;
  dryRun: boolean;
}

/** What an import did (or, in a dry run, would do). */
export interface ImportReport {
  /** The import's record; none for a dry run. */
  id?: string;
  kind: ImportKind;
  fileName: string;
  /** The sheet read, for a workbook. */
  sheet?: string;
  dryRun: boolean;
  /** Rows with content below the header. */
  rows: number;
  /** Rows that passed validation. */
  valid: number;
  /** Rows written (in a dry run: that would be written). */
  written: number;
  /** Rows skipped because what they say is already recorded. */
  present: number;
  /** Valid rows a rule refused when written (the reason is in `errors`). */
  failed: number;
  /** Every problem, by row: validation first, then refusals, each in row order. */
  errors: ImportError[];
  /** Columns of the file that are not in the template. */
  ignoredColumns: string[];
}

/**
 * Rows' writes committed together, at most: an official's row is five items (the official, its status, the code's
 * claim, the audit record and its personal image), so twenty fill one transaction of 100.
 */
const WRITES_TOGETHER = 20;
/**
 * How many officials are written at once (each official's rows in turn): enough that while one call of
 * WRITES_TOGETHER writes runs, the next fills.
 */
const CONCURRENCY = 3 * WRITES_TOGETHER;
/** Errors kept on the import's record; the whole report goes back to the importer. */
const RECORDED_ERRORS = 100;
/** Attempts of a row whose transaction lost to a concurrent one on a shared item (a post's holder count). */
const ROW_ATTEMPTS = 3;

type Outcome = 'written' | 'present' | ImportError;

export async function importRows(deps: UseCaseDeps, actor: Actor, writers: RowWriters, input: ImportInput): Promise<ImportReport> {
  authorize(actor, 'importRows');
  const startedAt = deps.clock.now().toISOString();
  const { sheet, name } = readSheets(input.kind, input.sheets, deps);
  // Each row's writes are their own transactions: an Idempotency-Key completes with the import's record below.
  const rowActor: Actor = { principal: actor.principal, requestId: actor.requestId };
  const work = cachedOrganisation(importStores(deps, input.dryRun));
  const compared: SensitiveRead[] = [];
  const outcomes = await writeRows(work, rowActor, writers, sheet, compared);
  // The report tells whether each row matches the assessment stored for its period: a read of it (through the real
  // audit log, also in a dry run), logged before the report is answered.
  await logSensitiveReads(deps, actor, 'importRows', compared);

  const failures = outcomes.filter((o): o is ImportError => typeof o === 'object');
  const report: ImportReport = {
    ...(input.dryRun ? {} : { id: deps.newId() }),
    kind: input.kind,
    fileName: input.fileName,
    ...(name === undefined ? {} : { sheet: name }),
    dryRun: input.dryRun,
    rows: sheet.rows,
    valid: sheet.valid.length,
    written: outcomes.filter((o) => o === 'written').length,
    present: outcomes.filter((o) => o === 'present').length,
    failed: failures.length,
    errors: [...sheet.errors, ...failures.sort((a, b) => a.row - b.row)],
    ignoredColumns: sheet.ignoredColumns,
  };
  if (input.dryRun) return report;

  const record: ImportRecord = {
    id: report.id!,
    kind: report.kind,
    fileName: report.fileName,
    by: { sub: actor.principal.sub, roles: actor.principal.roles },
    scopePaths: await scopePaths(deps, actor),
    requestId: actor.requestId,
    startedAt,
    finishedAt: deps.clock.now().toISOString(),
    rows: report.rows,
    valid: report.valid,
    written: report.written,
    present: report.present,
    failed: report.failed,
    errorCount: report.errors.length,
    // Where and what kind, never what the cells held (names, dates of birth, comments): the messages quote cells, and
    // the record is kept and read by others long after the importer got the whole report.
    errors: report.errors.slice(0, RECORDED_ERRORS).map(({ row, column, field, code }) => ({
      row,
      column,
      ...(field === undefined ? {} : { field }),
      ...(code === undefined ? {} : { code }),
      message: 'Chi tiết đã trả cho người nhập; bản ghi không giữ nội dung ô (details went to the importer only)',
    })),
  };
  await deps.imports.record(record, { idempotency: idempotentResponse(actor, report) });
  return report;
}

/** The first sheet that is a template of the kind, or a 422 saying why none is. */
function readSheets(kind: ImportKind, sheets: ImportSheet[], deps: UseCaseDeps): { sheet: ParsedSheet<ImportKind>; name?: string } {
  const parsed = parseImportFile(kind, sheets, today(deps));
  if (!parsed.ok) throw new RuleViolationError(parsed.problem.code, parsed.problem.message, [{ path: 'file', message: parsed.problem.message }]);
  return parsed;
}

// ---- writing rows

async function writeRows(
  deps: UseCaseDeps,
  actor: Actor,
  writers: RowWriters,
  sheet: ParsedSheet<ImportKind>,
  compared: SensitiveRead[],
): Promise<Outcome[]> {
  // Rows of one official, in file order; officials in the order they first appear.
  const groups = new Map<string, ParsedRow<ImportKind>[]>();
  for (const row of sheet.valid) {
    const group = groups.get(row.values.employeeCode);
    if (group) group.push(row);
    else groups.set(row.values.employeeCode, [row]);
  }
  const outcomes: Outcome[] = [];
  // Who holds the file's employee codes, read in batches rather than row by row.
  const holders = await deps.officials.findByEmployeeCodes([...groups.keys()]);
  // A history or an assessment row needs its official's aggregate: read them all at once, by key in batches where
  // the official has nothing recorded yet (as after an import of officials), rather than one query a row.
  if (sheet.kind !== 'officials') await deps.officials.getOfficialAggregates([...holders.values()]);
  // And the units or posts the rows name, at once: the rows then reach their writes without waiting on a read of
  // their own, together, and so share transactions from the first.
  const named = (field: 'unitId' | 'positionId') => [
    ...new Set(sheet.valid.map((row) => (row.values as Partial<Record<typeof field, string>>)[field]).filter((id): id is string => id !== undefined)),
  ];
  if (sheet.kind === 'officials') await deps.organisation.getUnits(named('unitId'));
  if (sheet.kind === 'assignments') await deps.organisation.getPositions(named('positionId'));
  const context: RowContext = { deps, actor, writers, headers: sheet.headers, holders, compared };
  await eachLimited([...groups.values()], CONCURRENCY, async (rows) => {
    outcomes.push(...(await writeGroup(context, sheet.kind, rows)));
  });
  return outcomes;
}

interface RowContext {
  deps: UseCaseDeps;
  actor: Actor;
  writers: RowWriters;
  headers: Record<string, string>;
  /** Officials holding the file's employee codes, read before the rows. */
  holders: Map<string, string>;
  /** Officials whose stored assessments a row was compared with (the report tells the outcome). */
  compared: SensitiveRead[];
}

function writeGroup(context: RowContext, kind: ImportKind, rows: ParsedRow<ImportKind>[]): Promise<Outcome[]> {
  switch (kind) {
    case 'officials':
      return Promise.all(rows.map((row) => writeOfficial(context, row as ParsedRow<'officials'>)));
    case 'assignments':
      return writeAssignments(context, rows as ParsedRow<'assignments'>[]);
    case 'assessments':
      return writeAssessments(context, rows as ParsedRow<'assessments'>[]);
  }
}

/** The official holding an employee code, if the caller may see them: one out of scope is as one that is not there. */
async function visibleByCode(context: RowContext, code: string): Promise<OfficialAggregate | undefined> {
  const id = context.holders.get(code);
  const aggregate = id === undefined ? undefined : await context.deps.officials.getOfficialAggregate(id);
  return aggregate && canSee(context.actor.principal, aggregate.official.unitPath) ? aggregate : undefined;
}

async function writeOfficial(context: RowContext, { row, values }: ParsedRow<'officials'>): Promise<Outcome> {
  const { deps, actor, writers } = context;
  // Present: the code is held by an official the caller sees. One held out of scope is refused by the write
  // (ID_UNAVAILABLE), which says nothing about whom.
  const present = async (holderId: string | undefined) => {
    const holder = holderId === undefined ? undefined : await deps.officials.getOfficial(holderId);
    return holder !== undefined && canSee(actor.principal, holder.unitPath);
  };
  if (await present(context.holders.get(values.employeeCode))) return 'present';
  try {
    await writers.createOfficial(deps, actor, { id: importedOfficialId(values.employeeCode), ...values });
    return 'written';
  } catch (error) {
    // Another import of the same file got there first: the official is there now.
    if (error instanceof ConflictError && (await present(await deps.officials.findByEmployeeCode(values.employeeCode)))) return 'present';
    return refusal(context, row, error, 'employeeCode');
  }
}

async function writeAssignments(context: RowContext, rows: ParsedRow<'assignments'>[]): Promise<Outcome[]> {
  const { deps, actor, writers } = context;
  const aggregate = await visibleByCode(context, rows[0].values.employeeCode);
  if (!aggregate) return rows.map(({ row, values }) => unknownOfficial(context, row, values.employeeCode));
  const officialId = aggregate.official.id;
  const known = aggregate.assignments.map((a) => ({ positionId: a.positionId, startDate: a.startDate }));
  const outcomes: Outcome[] = [];
  for (const { row, values } of rows) {
    const { employeeCode: _code, ...fields } = values;
    if (known.some((a) => a.positionId === values.positionId && a.startDate === values.startDate)) {
      outcomes.push('present');
      continue;
    }
    outcomes.push(
      await attempt(context, row, 'positionId', async () => {
        try {
          await writers.createAssignment(deps, actor, officialId, { id: importedAssignmentId(values), ...fields });
        } catch (error) {
          // Created by a concurrent import of the same row.
          if (error instanceof ConflictError && error.code === 'ASSIGNMENT_EXISTS') return 'present';
          throw error;
        }
        known.push({ positionId: values.positionId, startDate: values.startDate });
        return 'written';
      }),
    );
  }
  return outcomes;
}

async function writeAssessments(context: RowContext, rows: ParsedRow<'assessments'>[]): Promise<Outcome[]> {
  const { deps, actor, writers } = context;
  const aggregate = await visibleByCode(context, rows[0].values.employeeCode);
  if (!aggregate) return rows.map(({ row, values }) => unknownOfficial(context, row, values.employeeCode));
  const officialId = aggregate.official.id;
  const stored = new Map(aggregate.assessments.map((a) => [a.period, a]));
  const outcomes = new Map<number, Outcome>();
  // Months and quarters before their year: a 2026 year with neither rating nor score is their average.
  const ordered = [...rows].sort((a, b) => periodOrder(a.values.period, b.values.period));
  for (const { row, values } of ordered) {
    const { employeeCode: _code, period, ...fields } = values;
    const before = stored.get(period);
    if (before) {
      context.compared.push({ official: aggregate.official, kinds: ['assessment'] });
      outcomes.set(row, sameAssessment(before, values) ? 'present' : differentAssessment(context, row, values, before));
      continue;
    }
    outcomes.set(
      row,
      await attempt(context, row, 'rating', async () => {
        const result = (await writers.putAssessment(deps, actor, officialId, period, fields)) as { assessment?: Assessment };
        if (result?.assessment) stored.set(period, result.assessment);
        return 'written';
      }),
    );
  }
  return rows.map(({ row }) => outcomes.get(row)!);
}

/** By the day a period ends; a year after its last month and quarter. */
function periodOrder(a: string, b: string): number {
  const byEnd = periodEnd(parsePeriod(a)!).localeCompare(periodEnd(parsePeriod(b)!));
  return byEnd || b.length - a.length || a.localeCompare(b);
}

/** The row says what is stored: the same day, and the same rating, score, discipline and comments where it gives them. */
function sameAssessment(stored: Assessment, row: RowOf['assessments']): boolean {
  return (
    stored.assessedOn === row.assessedOn &&
    (row.rating === undefined || row.rating === stored.rating) &&
    (row.score === undefined ? stored.score === undefined || stored.derivedFrom === 'subperiods' : row.score === stored.score) &&
    (row.disciplined ?? false) === (stored.disciplined ?? false) &&
    (row.comments ?? '') === (stored.comments ?? '')
  );
}

function differentAssessment(context: RowContext, row: number, values: RowOf['assessments'], stored: Assessment): ImportError {
  return {
    row,
    column: context.headers.period,
    field: 'period',
    code: 'ASSESSMENT_EXISTS',
    message:
      `Kỳ ${values.period} của ${values.employeeCode} đã có kết quả đánh giá khác (ngày ${stored.assessedOn}, ` +
      `version ${stored.version}): sửa bằng PUT /v1/officials/{id}/assessments/${values.period} kèm version ` +
      '(another assessment is recorded for this period; update it through the API with its version)',
  };
}

function unknownOfficial(context: RowContext, row: number, code: string): ImportError {
  return {
    row,
    column: context.headers.employeeCode,
    field: 'employeeCode',
    code: 'NOT_FOUND',
    message:
      `Không có công chức mã ${code} trong phạm vi của bạn: nhập danh sách công chức trước ` +
      '(no official with this employee code in your scope: import the officials first)',
  };
}

/** A row's write; a transaction that lost to a concurrent one on a shared item is tried again. */
async function attempt(context: RowContext, row: number, field: string, write: () => Promise<Outcome>): Promise<Outcome> {
  for (let n = 1; ; n++) {
    try {
      return await write();
    } catch (error) {
      if (error instanceof ConflictError && error.code === 'CONCURRENT_UPDATE' && n < ROW_ATTEMPTS) continue;
      return refusal(context, row, error, field);
    }
  }
}

/** English for refusals whose message is Vietnamese alone. */
const ENGLISH: Partial<Record<string, string>> = {
  ASSIGNMENT_OVERLAP: 'overlaps another primary assignment of the official',
  ID_UNAVAILABLE: 'the id or employee code is taken',
  EMPLOYEE_CODE_TAKEN: 'the employee code is taken',
  OFFICIAL_EXISTS: 'an official with this id exists',
  FORBIDDEN: 'outside your scope',
  NOT_FOUND: 'not found',
  CONCURRENT_UPDATE: 'changed concurrently; import the file again',
  UNIT_REQUIRED: 'give the unit: your scope has several',
};

/** A rule's refusal of a row, on the column it names. Anything but a refusal (a failed database) stops the import. */
function refusal(context: RowContext, row: number, error: unknown, fallbackField: string): ImportError {
  if (!(error instanceof DomainError)) throw error;
  const named = error instanceof RuleViolationError ? error.errors[0] : undefined;
  const field = named && named.path in context.headers ? named.path : fallbackField;
  const english = named?.message ?? ENGLISH[error.code];
  // Most rules say it in both languages already (`... / The official was under 18`).
  const bilingual = error.message.includes(' / ') || (english !== undefined && error.message.includes(english));
  const message = english && !bilingual ? `${error.message} (${english})` : error.message;
  return { row, column: context.headers[field] ?? '', field, code: error.code, message };
}

async function eachLimited<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}

/** Who may read the record: the importer's scope as unit paths. */
async function scopePaths(deps: UseCaseDeps, actor: Actor): Promise<'*' | string[][]> {
  const { scope } = actor.principal;
  if (scope === '*') return '*';
  return Promise.all(scope.map(async (id) => {
    const unit = await deps.organisation.getUnit(id);
    return unit ? unitPath(unit) : [id];
  }));
}

// ---- the stores an import works through

/**
 * Units and posts read once per import: thousands of rows name the same few. (A post's holder count is never read
 * from here to guard a write: rows change it by increments; a unit a refused write's mail stamp was checked against is
 * read again for the retry.)
 */
function cachedOrganisation(deps: UseCaseDeps): UseCaseDeps {
  const store = deps.organisation;
  const units = new Map<string, Promise<Unit | undefined>>();
  const positions = new Map<string, Promise<Position | undefined>>();
  const getPosition = (id: string) => memo(positions, id, () => store.getPosition(id));
  /** Those not read yet are read in one batch, and kept (found or not) for the rows after. */
  const batch = async <T extends { id: string }>(cache: Map<string, Promise<T | undefined>>, ids: readonly string[], load: (ids: string[]) => Promise<T[]>) => {
    const unread = [...new Set(ids)].filter((id) => !cache.has(id));
    if (unread.length) {
      const read = load(unread).then((found) => new Map(found.map((item) => [item.id, item])));
      for (const id of unread) memo(cache, id, () => read.then((found) => found.get(id)));
    }
    const read: (T | undefined)[] = await Promise.all(ids.map((id) => cache.get(id)!));
    return read.filter((item): item is T => item !== undefined);
  };
  const organisation: OrganisationStore = {
    getUnit: (id) => memo(units, id, () => store.getUnit(id)),
    getUnits: (ids) => batch(units, ids, (unread) => store.getUnits(unread)),
    listAllUnits: () => store.listAllUnits(),
    listAgencies: (under) => store.listAgencies(under),
    listAgencyUnits: (agencyIds) => store.listAgencyUnits(agencyIds),
    putUnit: (unit, options) => store.putUnit(unit, options),
    listRestampTasks: () => store.listRestampTasks(),
    finishRestampTask: (task, now) => store.finishRestampTask(task, now),
    getPosition,
    getPositions: (ids) => batch(positions, ids, (unread) => store.getPositions(unread)),
    listPositions: (query) => store.listPositions(query),
    putPosition: (position, options) => store.putPosition(position, options),
  };
  // A write refused as a conflict may have copied a post's facts or stamped from a unit that changed since they were
  // read here (the write checks both): the retry and the rows after read them anew.
  const officials: OfficialStore = {
    ...deps.officials,
    writeAggregate: async (write) => {
      try {
        await deps.officials.writeAggregate(write);
      } catch (error) {
        if (error instanceof ConflictError) for (const check of write.unitChecks ?? []) units.delete(check.unitId);
        if (error instanceof ConflictError && error.code === 'CONCURRENT_UPDATE') positions.clear();
        throw error;
      }
    },
  };
  return { ...deps, organisation, officials };
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (value === undefined) {
    value = load();
    cache.set(key, value);
    value.catch(() => cache.delete(key));
  }
  return value;
}

/**
 * The official store an import works through. Each official's aggregate is read once and kept, with the import's own
 * writes applied to it, so the rows after (and the use case's own load of it) do not read it again: an official's rows
 * are written in turn, and each write is still guarded by the revision read, so a change made meanwhile by someone
 * else makes the write fail (CONCURRENT_UPDATE), and the aggregate is read afresh for the retry.
 *
 * In a dry run the writes go no further than this: kept and read back by the rows after them (an official created
 * by row 3 is there for row 7), nothing written.
 */
function importStores(deps: UseCaseDeps, dryRun: boolean): UseCaseDeps {
  const store = deps.officials;
  const kept = new Map<string, Promise<OfficialAggregate | undefined>>();
  const codes = new Map<string, string>();
  const read = (id: string) => memo(kept, id, () => store.getOfficialAggregate(id));
  const commit = sharedWrites(store);
  const officials: OfficialStore = {
    getOfficial: async (id) => (kept.has(id) ? (await read(id))?.official : store.getOfficial(id)),
    getOfficialAggregate: read,
    getStatus: async (id) => (kept.has(id) ? (await read(id))?.status : store.getStatus(id)),
    getStatuses: (ids) => store.getStatuses(ids),
    getOfficialAggregates: async (ids) => {
      const unread = ids.filter((id) => !kept.has(id));
      const found = await store.getOfficialAggregates(unread);
      for (const id of unread) if (!kept.has(id)) kept.set(id, Promise.resolve(found.get(id)));
      const read = await Promise.all(ids.map(async (id) => [id, await kept.get(id)] as const));
      return new Map(read.filter((entry): entry is readonly [string, OfficialAggregate] => entry[1] !== undefined));
    },
    listOfficials: (query) => store.listOfficials(query),
    findByEmployeeCode: async (code) => codes.get(code) ?? store.findByEmployeeCode(code),
    findByEmployeeCodes: async (list) => {
      const found = await store.findByEmployeeCodes(list);
      for (const code of list) if (codes.has(code)) found.set(code, codes.get(code)!);
      return found;
    },
    writeAggregate: async (write) => {
      const before = write.official?.create ? undefined : await read(write.officialId);
      if (!dryRun)
        try {
          await commit(write);
        } catch (error) {
          kept.delete(write.officialId);
          throw error;
        }
      kept.set(write.officialId, Promise.resolve(applyWrite(before, write)));
      if (dryRun && write.claimEmployeeCode) codes.set(write.claimEmployeeCode, write.officialId);
    },
    // Through this store's own write (held in memory in a dry run), like every write of the import.
    writeAggregates: (writes) => Promise.all(writes.map((write) => officials.writeAggregate(write).then(() => undefined, (error: unknown) => error))),
    queryDueStatuses: (...args) => store.queryDueStatuses(...args),
    queryDueBetween: (...args) => store.queryDueBetween(...args),
    queryDueInWindow: (...args) => store.queryDueInWindow(...args),
    queryUnsatisfactoryStatuses: (...args) => store.queryUnsatisfactoryStatuses(...args),
    queryLeaversInService: (...args) => store.queryLeaversInService(...args),
    queryStatusesOfPosition: (...args) => store.queryStatusesOfPosition(...args),
    getAssessmentsForPeriod: (...args) => store.getAssessmentsForPeriod(...args),
    getRatingCounts: (...args) => store.getRatingCounts(...args),
    restampMail: (...args) => store.restampMail(...args),
  };
  return { ...deps, officials };
}

/**
 * A row's write, committed with the writes of the other rows that reach the store meanwhile: one call at a time, of
 * at most WRITES_TOGETHER writes, and the rows written at once (CONCURRENCY) queue theirs while it runs. Each write
 * keeps its own conditions and fails alone (writeAggregates); what the rows save is the round trip and the
 * transaction each would cost, which is most of a row's time.
 */
function sharedWrites(store: OfficialStore): (write: AggregateWrite) => Promise<void> {
  const waiting: { write: AggregateWrite; settle: (outcome: unknown) => void }[] = [];
  let running = false;
  const drain = async () => {
    while (waiting.length) {
      const batch = waiting.splice(0, WRITES_TOGETHER);
      const outcomes = await store.writeAggregates(batch.map((w) => w.write)).catch((error: unknown) => batch.map(() => error));
      batch.forEach((w, i) => w.settle(outcomes[i]));
    }
    running = false;
  };
  return (write) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ write, settle: (outcome) => (outcome === undefined ? resolve() : reject(outcome)) });
      if (running) return;
      running = true;
      // The other rows' writes of this turn join the first call.
      setImmediate(() => void drain());
    });
}

/** The aggregate as a write would leave it. */
function applyWrite(before: OfficialAggregate | undefined, write: AggregateWrite): OfficialAggregate {
  const official: Official | undefined = write.official?.item ?? before?.official;
  if (!official) throw new NotFoundError('Công chức', write.officialId);
  const children = <T extends { id: string }>(list: T[], changes: { item: T; delete?: boolean }[], same: (a: T, b: T) => boolean) =>
    changes.reduce(
      (acc, change) => [...acc.filter((x) => !same(x, change.item)), ...(change.delete ? [] : [change.item])],
      list,
    );
  return {
    official,
    status: write.status,
    assignments: children<Assignment>(before?.assignments ?? [], write.assignments ?? [], (a, b) => a.id === b.id),
    circumstances: children(before?.circumstances ?? [], write.circumstance ? [write.circumstance] : [], (a, b) => a.id === b.id),
    assessments: children<Assessment>(
      before?.assessments ?? [],
      write.assessment ? [write.assessment] : [],
      (a, b) => a.period === b.period,
    ),
  };
}

// ---- reading back: the list of imports, templates, exports

export async function listImports(deps: UseCaseDeps, actor: Actor, query: { limit: number; cursor?: string }): Promise<Page<ImportRecord>> {
  authorize(actor, 'listImports');
  const { principal } = actor;
  return deps.imports.list({
    ...query,
    // A record shows the importer's report about every unit their scope held: a reader must see all of them.
    keep: (record) => principal.scope === '*' || (record.scopePaths !== '*' && record.scopePaths.every((path) => canSee(principal, path))),
  });
}

/** The empty template of a kind, with its instructions on the title line. */
export function getImportTemplate(_deps: UseCaseDeps, actor: Actor, kind: ImportKind): DocumentTable {
  authorize(actor, 'getImportTemplate');
  return templateTable(kind);
}

/** How many officials' records an export reads at once. */
const EXPORT_CONCURRENCY = 16;

/**
 * Everything of a kind in the caller's scope (narrowed to a unit's subtree), in the template it imports with:
 * officials by employee code, their assignments by start date, their assessments by period. An official without an
 * employee code is listed with an empty one (an import needs it to link their rows).
 */
export async function exportRows(
  deps: UseCaseDeps,
  actor: Actor,
  query: { kind: ImportKind; unitId?: string },
): Promise<DocumentTable> {
  authorize(actor, 'exportRows');
  let unit: Unit | undefined;
  if (query.unitId !== undefined) {
    unit = await deps.organisation.getUnit(query.unitId);
    if (!unit || !canSee(actor.principal, unitPath(unit))) throw new NotFoundError('Đơn vị', query.unitId);
  }
  const { agencyIds, keep } = await visibleAgencies(deps.organisation, actor.principal, query.unitId);
  const officials: Official[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.officials.listOfficials({ agencyIds, limit: 500, cursor, keep: (o) => keep(o.unitPath) });
    officials.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  officials.sort((a, b) => (a.employeeCode ?? '').localeCompare(b.employeeCode ?? '') || a.id.localeCompare(b.id));
  const scope = { unitId: unit?.id, name: unit?.name ?? 'mọi đơn vị trong phạm vi' };

  if (query.kind === 'officials')
    return exportTable(
      'officials',
      officials.map((o) => ({
        employeeCode: o.employeeCode ?? '',
        fullName: o.fullName,
        gender: o.gender,
        dateOfBirth: o.dateOfBirth,
        unitId: o.unitId,
        email: o.email,
        retirementDate: o.retirementDate,
      })),
      scope,
    );

  const aggregates: (OfficialAggregate | undefined)[] = new Array(officials.length);
  await eachLimited(
    officials.map((_, index) => index),
    EXPORT_CONCURRENCY,
    async (index) => {
      aggregates[index] = await deps.officials.getOfficialAggregate(officials[index].id);
    },
  );
  if (query.kind === 'assessments')
    await logSensitiveReads(
      deps,
      actor,
      'exportRows',
      aggregates.flatMap((a) => (a?.assessments.length ? [{ official: a.official, kinds: ['assessment' as const] }] : [])),
    );
  if (query.kind === 'assignments')
    return exportTable(
      'assignments',
      aggregates.flatMap((aggregate) =>
        [...(aggregate?.assignments ?? [])]
          .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.positionId.localeCompare(b.positionId))
          .map((a) => ({
            employeeCode: aggregate!.official.employeeCode ?? '',
            positionId: a.positionId,
            startDate: a.startDate,
            endDate: a.endDate,
            kind: a.kind,
            decisionNo: a.decisionNo,
            primary: a.primary,
          })),
      ),
      scope,
    );
  return exportTable(
    'assessments',
    aggregates.flatMap((aggregate) =>
      [...(aggregate?.assessments ?? [])]
        .sort((a, b) => periodOrder(a.period, b.period))
        .map((a) => ({
          employeeCode: aggregate!.official.employeeCode ?? '',
          period: a.period,
          rating: a.rating,
          score: a.score,
          disciplined: a.disciplined,
          assessedOn: a.assessedOn,
          comments: a.comments,
        })),
    ),
    scope,
  );
}
