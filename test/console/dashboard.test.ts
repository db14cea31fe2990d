/**
 * The console's dashboard and flags pages in real headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core), against the app served by @hono/node-server on DynamoDB Local: the figures are the API's, a
 * figure opens its list, the chart has a bar per month in the right order, the filters work, the pages pass axe
 * (no serious or critical violation) and fit a 1366x768 office screen and a 390x844 phone without the page scrolling
 * sideways. Screenshots go to test-artifacts/console/.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { DASHBOARD_AS_OF, DASHBOARD_NOW, seedDashboardData, type DashboardOfficials } from '../support/dashboard-data';
import { ORG } from '../support/fixtures';

const ARTIFACTS = 'test-artifacts/console';
const VIEWPORTS = { office: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } } as const;

let t: TestApp;
let ids: DashboardOfficials;
let server: ReturnType<typeof serve>;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** A browser of its own, signed in through the console's sign-in form with a token for the role and scope. */
async function signedIn(role: 'hr' | 'leader' | 'auditor', units: string[] | '*', viewport: { width: number; height: number } = VIEWPORTS.office): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${base}/console/sign-in?next=/console/flags`);
  await page.fill('#token', await t.token(role, units));
  await page.click('form[action="/console/sign-in"] button[type="submit"]');
  await page.waitForURL(/\/console\/flags/);
  return page;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  t = await createTestApp({ now: () => new Date(DASHBOARD_NOW) });
  ids = await seedDashboardData(t);
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  if (!server.listening) await new Promise((listening) => server.once('listening', listening));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--lang=vi-VN'] });
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  if (server) await new Promise((closed) => server.close(closed));
});

/** The figures of each row as the page shows them: the number in each link, by data-measure. */
async function figuresOnPage(page: Page): Promise<Record<string, Record<string, number>>> {
  return page.$$eval('table.figures tr[data-unit]', (rows) =>
    Object.fromEntries(
      rows.map((row) => [
        row.getAttribute('data-unit') ?? '',
        Object.fromEntries(
          [...row.querySelectorAll('a[data-measure]')].map((a) => [a.getAttribute('data-measure'), Number(a.firstChild?.textContent)]),
        ),
      ]),
    ),
  );
}

async function officialsListed(page: Page): Promise<string[]> {
  return (await page.$$eval('table.flags tr[data-official]', (rows) => rows.map((r) => r.getAttribute('data-official') ?? ''))).sort();
}

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page) {
  // A string, so this file needs no DOM types: it runs in the page.
  const { scroll, client } = await page.evaluate<{ scroll: number; client: number }>(
    '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
  );
  expect(scroll).toBeLessThanOrEqual(client);
}

// A browser on a shared, busy machine: generous bounds (never a timing assertion).
describe('the dashboard page', { timeout: 120_000 }, () => {
  it("shows the API's figures for every unit and in total", async () => {
    const page = await signedIn('leader', '*');
    const res = await page.goto(`${base}/console?asOf=${DASHBOARD_AS_OF}`);
    expect(res?.status()).toBe(200);
    await expect(page.title()).resolves.toMatch(/Tổng quan/);
    const api = await t.call('leader', 'GET', `/v1/dashboard?asOf=${DASHBOARD_AS_OF}`);
    const shown = await figuresOnPage(page);
    const expected: Record<string, Record<string, number>> = {};
    for (const row of api.body.units) expected[row.unitId] = row.counts;
    expected[''] = api.body.totals;
    expect(shown).toEqual(expected);
    expect(shown[''].flagged).toBe(7);
  });

  it("opens a figure's list: the flags of that unit and figure, as of the same date", async () => {
    const page = await signedIn('hr', '*');
    await page.goto(`${base}/console?asOf=${DASHBOARD_AS_OF}`);
    await page.click(`tr[data-unit="${ORG.office}"] a[data-measure="overdue"]`);
    await page.waitForURL(/\/console\/flags\?/);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ asOf: DASHBOARD_AS_OF, unitId: ORG.office, status: 'overdue' });
    expect(await officialsListed(page)).toEqual([ids.overdue, ids.rotation].sort());

    await page.goBack();
    await page.click(`tr[data-unit="${ORG.agency}"] a[data-measure="exempt"]`);
    await page.waitForURL(/group=exempt/);
    expect(await officialsListed(page)).toEqual([ids.exempt]);
    await expect(page.textContent(`tr[data-official="${ids.exempt}"]`)).resolves.toMatch(/Được hoãn, miễn/);

    // The navigation's link (/console/) opens the dashboard again.
    await page.click('nav.nav a:text("Tổng quan")');
    await page.waitForURL((u) => u.pathname === '/console/');
    await expect(page.textContent('h1')).resolves.toMatch(/Tổng quan tính đến ngày 15\/06\/2026/);
    await page.goto(`${base}/console?asOf=${DASHBOARD_AS_OF}`);
    await page.click('tfoot a[data-measure="notMeetingRequirements"]');
    await page.waitForURL(/group=requirements/);
    expect(await officialsListed(page)).toEqual([ids.unsatisfactory]);
  });

  it('draws one bar per month for 24 months, heights in the order of the counts, labelled MM/yyyy', async () => {
    const page = await signedIn('leader', '*');
    await page.goto(`${base}/console?asOf=${DASHBOARD_AS_OF}`);
    const bars = await page.$$eval('svg.due-chart g.bar', (gs) =>
      gs.map((g) => ({
        month: g.getAttribute('data-month'),
        count: Number(g.getAttribute('data-count')),
        height: Number(g.querySelector('rect')?.getAttribute('height')),
        label: [...g.querySelectorAll('text')].at(-1)?.textContent,
      })),
    );
    const api = await t.call('leader', 'GET', `/v1/dashboard?asOf=${DASHBOARD_AS_OF}`);
    expect(bars).toHaveLength(24);
    expect(bars.map((b) => [b.month, b.count])).toEqual(api.body.dueByMonth.map((b: { month: string; count: number }) => [b.month, b.count]));
    expect(bars[0].label).toBe('06/2026');
    expect(bars[23].label).toBe('05/2028');
    for (const a of bars)
      for (const b of bars) {
        if (a.count > b.count) expect(a.height).toBeGreaterThan(b.height);
        if (a.count === b.count) expect(a.height).toBeCloseTo(b.height, 5);
      }
    expect(bars.filter((b) => b.count > 0).map((b) => b.month)).toEqual(['2026-09', '2026-12', '2027-01', '2028-02']);
    await expect(page.textContent('svg.due-chart > title')).resolves.toMatch(/theo tháng/);
    await expect(page.getAttribute('svg.due-chart', 'role')).resolves.toBe('img');
    // The same figures as a table, with the names
    await page.click('details.chart-data summary');
    await expect(page.textContent('table.due-table tr[data-month="2028-02"]')).resolves.toMatch(/Phạm Thị Dung \(10\/02\/2028/);
  });

  it('moves to another date with its GET form and fits an office screen and a phone', async () => {
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      const page = await signedIn('hr', '*', viewport);
      await page.goto(`${base}/console`);
      await expect(page.inputValue('#asOf')).resolves.toBe(DASHBOARD_AS_OF); // today in Ho Chi Minh City
      await page.fill('#asOf', '2016-06-01');
      await page.click('form.filters button[type="submit"]');
      await page.waitForURL(/asOf=2016-06-01/);
      await expect(page.textContent('h1')).resolves.toMatch(/01\/06\/2016/);
      await page.goto(`${base}/console?asOf=${DASHBOARD_AS_OF}`);
      await expectNoSidewaysScroll(page);
      await expectAccessible(page);
      await page.screenshot({ path: `${ARTIFACTS}/dashboard-${name}.png`, fullPage: true });
    }
  });

  it('shows an HR officer of one office only that office, and answers a unit out of scope as a missing one', async () => {
    const page = await signedIn('hr', [ORG.office]);
    await page.goto(`${base}/console?asOf=${DASHBOARD_AS_OF}`);
    expect(Object.keys(await figuresOnPage(page)).sort()).toEqual(['', ORG.office]);
    const outside = await page.goto(`${base}/console?unitId=${ORG.otherOffice}`);
    const outsideText = await page.textContent('[role="alert"]');
    const missing = await page.goto(`${base}/console?unitId=NO-SUCH-UNIT`);
    const missingText = await page.textContent('[role="alert"]');
    expect(outside?.status()).toBe(404);
    expect(missing?.status()).toBe(404);
    expect(outsideText?.replace(ORG.otherOffice, '?')).toBe(missingText?.replace('NO-SUCH-UNIT', '?'));
    expect(outsideText).toMatch(/không tồn tại/);
    const badDate = await page.goto(`${base}/console?asOf=2026-02-30`);
    expect(badDate?.status()).toBe(400);
    await expect(page.textContent('[role="alert"]')).resolves.toMatch(/không có trong lịch/);
  });
});

describe('the flags page', { timeout: 120_000 }, () => {
  it('filters by unit, status, reason group and date with its GET form', async () => {
    const page = await signedIn('hr', '*');
    await page.goto(`${base}/console/flags?asOf=${DASHBOARD_AS_OF}`);
    expect(await officialsListed(page)).toHaveLength(7);
    await page.selectOption('#f-unit', ORG.agency);
    await page.selectOption('#f-status', 'approaching');
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(/status=approaching/);
    expect(await officialsListed(page)).toEqual([ids.approaching]);
    const row = (await page.textContent(`tr[data-official="${ids.approaching}"]`)) ?? '';
    expect(row).toMatch(/Lê Văn Cường/);
    expect(row).toMatch(/01\/09\/2016/); // held since
    expect(row).toMatch(/9 năm 9 tháng/);
    expect(row).toMatch(/01\/09\/2026/); // due
    expect(row).toMatch(/Sắp đến hạn/);
    expect(row).toMatch(/Chỉ thị 10\/CT-UBND, mục 1a/);

    await page.selectOption('#f-status', '');
    await page.selectOption('#f-group', 'rotation');
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(/group=rotation/);
    expect(await officialsListed(page)).toEqual([ids.rotation]);
    await expect(page.textContent(`tr[data-official="${ids.rotation}"]`)).resolves.toMatch(/Nghị định 59\/2019\/NĐ-CP, Điều 36/);

    // As of an earlier date the sensitive post's period had not run out.
    await page.fill('#f-asOf', '2025-06-01');
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(/asOf=2025-06-01/);
    expect(await officialsListed(page)).toEqual([]);
    await expect(page.textContent('#flags-summary')).resolves.toMatch(/Không có công chức nào/);
  });

  it("pages through the use case's cursor, keeping the filters", async () => {
    const page = await signedIn('auditor', '*');
    await page.goto(`${base}/console/flags?asOf=${DASHBOARD_AS_OF}&limit=3`);
    const seen: string[][] = [await officialsListed(page)];
    expect(await page.$('a:text("Về trang đầu")')).toBeNull();
    while (await page.$('a[rel="next"]')) {
      await page.click('a[rel="next"]');
      await page.waitForLoadState('load');
      expect(new URL(page.url()).searchParams.get('limit')).toBe('3');
      expect(new URL(page.url()).searchParams.get('asOf')).toBe(DASHBOARD_AS_OF);
      seen.push(await officialsListed(page));
      expect(seen.length).toBeLessThan(5);
    }
    expect(seen.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(new Set(seen.flat()).size).toBe(7);
    await page.click('a:text("Về trang đầu")');
    await page.waitForLoadState('load');
    expect(await officialsListed(page)).toEqual(seen[0]);
    const tooMany = await page.goto(`${base}/console/flags?limit=1000`);
    expect(tooMany?.status()).toBe(400);
  });

  it('answers a bad filter with a Vietnamese message and a 4xx, and passes axe on an office screen and a phone', async () => {
    const scoped = await signedIn('hr', [ORG.office]);
    const outside = await scoped.goto(`${base}/console/flags?unitId=${ORG.otherOffice}`);
    expect(outside?.status()).toBe(404);
    await expect(scoped.textContent('[role="alert"]')).resolves.toMatch(/Đơn vị .* không tồn tại/);
    const badStatus = await scoped.goto(`${base}/console/flags?status=late`);
    expect(badStatus?.status()).toBe(400);
    await expect(scoped.textContent('[role="alert"]')).resolves.toMatch(/không có trong danh sách/);
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      const page = await signedIn('hr', '*', viewport);
      await page.goto(`${base}/console/flags?asOf=${DASHBOARD_AS_OF}`);
      expect(await officialsListed(page)).toHaveLength(7);
      await expectNoSidewaysScroll(page);
      await expectAccessible(page);
      await page.screenshot({ path: `${ARTIFACTS}/flags-${name}.png`, fullPage: true });
    }
  });
});
