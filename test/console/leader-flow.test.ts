/**
 * The leader flow of issue 10 in real headless Chromium (Debian's /usr/bin/chromium through playwright-core), against
 * the app served by @hono/node-server on DynamoDB Local: HR signs in with a token, drafts a proposal for the agency and
 * submits it, signs out; a leader signs in, rejects one item with a note, approves one, approves the rest with
 * "approve all shown", applies with a decision number; the records moved. On the way: the session cookie's flags and
 * the pages' headers, a forged form from another site that changes nothing, a leader of another agency who sees
 * nothing, axe on the main pages (no serious or critical violation), a phone's width without sideways page scroll,
 * and a screenshot of each page in test-artifacts/console/.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../../shared/http/security-headers';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial, createUnitsAndPosts, LAM_DONG_UNITS } from '../support/fixtures';

const ARTIFACTS = 'test-artifacts/console';
const EFFECTIVE = '2027-03-01';
const DECISION_NO = '15/QĐ-STC';

let t: TestApp;
let server: ReturnType<typeof serve>;
let forger: Server;
let base: string;
let forgerBase: string;
let browser: Browser;
let page: Page;
let proposalId: string;
const officials: Record<'an' | 'binh' | 'cuong', string> = { an: '', binh: '', cuong: '' };

/**
 * Agency DL1 (province PL): three specialists past ten years in one office, and three free posts in two others (so
 * that every item takes a vacancy and none depends on another);
 * agency DL2 beside it, whose leader must see nothing of DL1.
 */
async function seed(): Promise<void> {
  const positions = [
    { id: 'LA-CV', unitId: 'DL1-A', title: 'Chuyên viên kế hoạch', category: 'specialist', headcount: 3 },
    { id: 'LB-CV', unitId: 'DL1-B', title: 'Chuyên viên ngân sách', category: 'specialist', headcount: 2 },
    { id: 'LC-CV', unitId: 'DL1-C', title: 'Chuyên viên tổng hợp', category: 'specialist' },
    { id: 'L2-CV', unitId: 'DL2-A', title: 'Chuyên viên', category: 'specialist' },
  ];
  await createUnitsAndPosts(t, LAM_DONG_UNITS, positions);
  officials.an = await addOfficial(t, 'DL1-A', { fullName: 'Nguyễn Văn An', gender: 'male', dateOfBirth: '1975-02-01' });
  officials.binh = await addOfficial(t, 'DL1-A', { fullName: 'Trần Thị Bình', gender: 'female', dateOfBirth: '1978-03-01' });
  officials.cuong = await addOfficial(t, 'DL1-A', { fullName: 'Lê Văn Cường', gender: 'male', dateOfBirth: '1980-04-01' });
  await addAssignment(t, officials.an, { positionId: 'LA-CV', startDate: '2012-01-01' });
  await addAssignment(t, officials.binh, { positionId: 'LA-CV', startDate: '2013-01-01' });
  await addAssignment(t, officials.cuong, { positionId: 'LA-CV', startDate: '2014-01-01' });
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  let tick = 0;
  t = await createTestApp({ now: () => new Date(Date.parse('2027-01-15T03:00:00Z') + tick++) });
  await seed();
  await new Promise<void>((listening) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => listening());
  });
  base = `http://localhost:${(server.address() as AddressInfo).port}`;
  // Another site (127.0.0.1 is not the same site as localhost) with a form aimed at the console.
  forger = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      `<!doctype html><html lang="en"><title>forged</title><form method="post" action="${base}/console/proposals/${proposalId}/decisions">` +
        `<input type="hidden" name="itemId" value="I0001"><input type="hidden" name="decision" value="rejected">` +
        `<input type="hidden" name="csrf" value="guessed"><button type="submit">Win a prize</button></form></html>`,
    );
  }).listen(0, '127.0.0.1');
  await new Promise((listening) => forger.once('listening', listening));
  forgerBase = `http://127.0.0.1:${(forger.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  page = await context.newPage();
  // A step that does not happen fails in seconds with what it waited for, not at the test's timeout.
  page.setDefaultTimeout(5_000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((closed) => server?.close(closed));
  await new Promise((closed) => forger?.close(closed));
});

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

/** axe-core on the page as it is: no serious or critical violation. */
async function accessible(): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

async function signIn(role: 'hr' | 'leader', units: string[], next?: string): Promise<void> {
  await page.goto(`${base}/console/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel('Mã xác thực (token)').fill(await t.token(role, units, `${role}-${units.join('-')}`));
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((url) => url.pathname !== '/console/sign-in');
}

async function signOut(): Promise<void> {
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL('**/console/signed-out');
  expect((await page.context().cookies()).some((c) => c.name === '__Host-lc_session')).toBe(false);
}

function row(name: string) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(name) }) });
}

describe('the leader flow in a browser', () => {
  it('HR signs in with a token: the session cookie is HttpOnly, Secure, SameSite=Lax, and the pages carry their headers', async () => {
    const response = await page.goto(`${base}/console/proposals`);
    await page.waitForURL('**/console/sign-in?next=%2Fconsole%2Fproposals');
    expect(response?.headers()['content-security-policy']).toBe(CONSOLE_CSP);
    expect(await page.locator('pre.command').first().innerText()).toContain('npm run -s token -- --role hr');
    await shot('01-sign-in');
    await accessible();

    await page.getByLabel('Mã xác thực (token)').fill(await t.token('hr', ['DL1'], 'cb.tochuc'));
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${base}/console/proposals`);
    const session = (await page.context().cookies()).find((c) => c.name === '__Host-lc_session')!;
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(session.expires).toBeGreaterThan(Date.now() / 1000);
    const headers = (await page.reload())!.headers();
    expect(headers).toMatchObject({
      'content-security-policy': CONSOLE_CSP,
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
    });
  });

  it('HR drafts a proposal for the agency and submits it', async () => {
    await page.getByRole('link', { name: 'Lập đề xuất mới' }).click();
    await page.waitForURL('**/console/proposals/new');
    await page.getByLabel('Đơn vị').selectOption('DL1');
    await page.getByLabel('Ngày hiệu lực').fill(EFFECTIVE);
    await shot('03-draft-form');
    await accessible();
    await page.getByRole('button', { name: 'Lập dự thảo' }).click();
    await page.waitForURL(/\/console\/proposals\/[^/?]+\?msg=drafted$/);
    proposalId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.getByRole('status').innerText()).toContain('Đã lập dự thảo đề xuất');
    for (const name of ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Văn Cường']) expect(await row(name).count()).toBe(1);
    expect(await row('Nguyễn Văn An').innerText()).toContain('Chuyển đổi vị trí công tác');
    expect(await page.getByText('Chưa có vị trí dự kiến').count()).toBe(0);
    await shot('04-proposal-draft');

    await page.getByRole('button', { name: 'Trình lãnh đạo quyết định' }).click();
    await page.waitForURL(/\?msg=submitted$/);
    expect(await page.getByRole('status').innerText()).toContain('Đã trình đề xuất');
    expect(await page.locator('.facts').innerText()).toContain('Đã trình');
    await page.goto(`${base}/console/proposals`);
    expect(await page.getByRole('link', { name: /Đề xuất chuyển đổi vị trí công tác/ }).count()).toBe(1);
    await shot('02-proposals-list');
    await accessible();
    await signOut();
    await shot('11-signed-out');
  });

  it('a form from another site changes nothing: the session cookie does not go with it', async () => {
    await signIn('leader', ['DL1']);
    await page.goto(forgerBase);
    await page.getByRole('button', { name: 'Win a prize' }).click();
    await page.waitForLoadState();
    expect(page.url()).toContain(`/console/proposals/${proposalId}/decisions`);
    expect(await page.locator('h1').innerText()).toBe('Cần đăng nhập lại');
    const stored = await t.call('hr', 'GET', `/v1/proposals/${proposalId}`);
    expect(stored.body.items.every((i: { decision: string }) => i.decision === 'pending')).toBe(true);
  });

  it('the leader rejects one item with a note, approves one, approves the rest shown, and applies with a decision number', async () => {
    await page.goto(`${base}/console/proposals?status=submitted`);
    await shot('05-proposals-submitted');
    await page.getByRole('link', { name: /Đề xuất chuyển đổi vị trí công tác/ }).click();
    await page.waitForURL(`**/console/proposals/${proposalId}`);
    await shot('06-proposal-to-decide');
    await accessible();

    // Reject an item no other item counts on (its post is not another's target).
    const stored = (await t.call('hr', 'GET', `/v1/proposals/${proposalId}`)).body;
    const counted = new Set(stored.items.map((i: { via?: { vacatedBy?: string } }) => i.via && typeof i.via === 'object' && i.via.vacatedBy));
    const rejected = [...stored.items].reverse().find((i: { officialId: string }) => !counted.has(i.officialId));
    const others = stored.items.filter((i: { itemId: string }) => i.itemId !== rejected.itemId);
    await row(rejected.fullName).getByLabel(/Ghi chú/).fill('Chưa bố trí được người thay');
    await row(rejected.fullName).getByRole('button', { name: /Không duyệt/ }).click();
    await page.waitForURL(/msg=decided&n=1/);
    expect(await row(rejected.fullName).innerText()).toContain('Không duyệt');
    expect(await row(rejected.fullName).innerText()).toContain('Chưa bố trí được người thay');

    await row(others[0].fullName).getByRole('button', { name: /^Duyệt/ }).click();
    await page.waitForURL(/msg=decided&n=1/);
    expect(await row(others[0].fullName).innerText()).toContain('Đã duyệt');

    await page.getByRole('link', { name: 'Chờ quyết định' }).click();
    await page.waitForURL(/items=pending/);
    await page.getByRole('button', { name: 'Duyệt tất cả 1 người đang hiển thị chưa quyết định' }).waitFor();
    await page.getByRole('button', { name: /Duyệt tất cả/ }).click();
    await page.waitForURL(/msg=decided&n=1&items=pending/);
    await page.getByText('Không có người nào trong mục này.').waitFor();

    await page.goto(`${base}/console/proposals/${proposalId}`);
    expect(await page.locator('.facts').innerText()).toContain('Đã quyết định');
    await shot('07-proposal-decided');
    await page.getByLabel('Số quyết định').fill(DECISION_NO);
    await page.getByRole('button', { name: 'Thực hiện đề xuất' }).click();
    await page.waitForURL(/msg=applied&ok=2&failed=0/);
    expect(await page.getByRole('status').innerText()).toContain('2 người đã được chuyển vị trí');
    expect(await page.locator('.facts').innerText()).toContain(DECISION_NO);
    await shot('08-proposal-applied');

    // The records moved: the approved two hold their new posts from the effective date, under the decision number.
    for (const item of others) {
      const assignments = (await t.call('hr', 'GET', `/v1/officials/${item.officialId}/assignments`)).body.items;
      expect(assignments).toContainEqual(
        expect.objectContaining({ positionId: item.targetPositionId, startDate: EFFECTIVE, decisionNo: DECISION_NO, kind: 'rotation' }),
      );
      expect(assignments.find((a: { positionId: string }) => a.positionId === item.fromPositionId)).toMatchObject({ endDate: '2027-02-28' });
    }
    const unmoved = (await t.call('hr', 'GET', `/v1/officials/${rejected.officialId}/assignments`)).body.items;
    expect(unmoved).toHaveLength(1);
    expect(unmoved[0].endDate).toBeUndefined();
    const applied = (await t.call('hr', 'GET', `/v1/proposals/${proposalId}`)).body;
    expect(applied).toMatchObject({ status: 'applied', decisionNo: DECISION_NO });
  });

  it('the other pages: unarranged (accessible), dashboard and flags; the proposal fits a phone without sideways page scroll', async () => {
    await page.goto(`${base}/console/unarranged?unitId=DL1`);
    expect(await page.locator('h2').first().innerText()).toContain('Sở Tài chính');
    await shot('09-unarranged');
    await accessible();
    // The dashboard and the flags list have their own checks (test/console/dashboard.test.ts): here, their pictures.
    await page.goto(`${base}/console/`);
    await shot('10-dashboard');
    await page.goto(`${base}/console/flags`);
    await shot('12-flags');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/console/proposals/${proposalId}`);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('13-proposal-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('a leader of another agency sees nothing of it: not listed, and its page is a 404', async () => {
    await signOut();
    await signIn('leader', ['DL2']);
    await page.goto(`${base}/console/proposals`);
    await page.getByText('Không có đề xuất nào').waitFor();
    const response = await page.goto(`${base}/console/proposals/${proposalId}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Không tìm thấy');
    expect(await page.locator('body').innerText()).not.toContain('Nguyễn Văn An');
    await shot('14-not-found');
  });
});
