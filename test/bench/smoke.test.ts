/**
 * The benchmark's national dataset and flag measurement, tiny (400 officials: a measured agency of 200 and two of
 * 100), against the tests' DynamoDB Local: the bulk-loaded items are the app's own (the flags come out exactly as
 * constructed, 5%), and the flag query of an agency-scoped caller reads its flags plus a handful of items to resolve
 * the scope and name the units, never the country's unit list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harnessOver, type Harness } from '../../bench/lib/harness';
import { loadNation, type NationPlan } from '../../bench/lib/national';
import { measureNationFlags } from '../../bench/lib/national-sections';
import type { LocalRuntime } from '../../scripts/lib/local-runtime';
import { startTestRuntime } from '../support/dynamo';

let runtime: LocalRuntime;
let harness: Harness;
let plan: NationPlan;

beforeAll(async () => {
  runtime = await startTestRuntime({ now: () => new Date('2026-06-30T02:00:00.000Z') });
  harness = harnessOver(runtime);
  plan = await loadNation(runtime.client, runtime.tableName, 400, () => {}, 200);
}, 120_000);
afterAll(() => runtime?.close());

describe('bench smoke', () => {
  it('flags exactly the constructed 5%, reading per flag what the scope covers', { timeout: 60_000 }, async () => {
    expect(plan.agencies).toHaveLength(3);
    const [agencyHr, provinceAuditor] = await measureNationFlags(harness, plan, 1);
    expect(agencyHr.flagged).toBe(10);
    expect(agencyHr.expectedFlagged).toBe(10);
    expect(provinceAuditor.flagged).toBe(20);
    // 10 status items, the scope unit, the flagged officials' units (4 offices at most): never the 16 units of the
    // unit list, which the old scope resolution read on every call.
    expect(agencyHr.reads.items).toBeGreaterThanOrEqual(11);
    expect(agencyHr.reads.items).toBeLessThanOrEqual(10 + 1 + 4);
    expect(agencyHr.unitListItems).toBe(16);
  });
});
