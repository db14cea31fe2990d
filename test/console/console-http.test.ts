/**
 * The console over HTTP, without a browser (test/console/leader-flow.test.ts drives Chromium): sign-in and its
 * cookie, the session on every page, CSRF and Origin refusals that leave the data as it was, a leader of another
 * agency who sees nothing, the buttons each role gets and the refusals when a role posts anyway, downloads, error
 * pages with the API's statuses, and the security headers on pages, the stylesheet and /docs.
 */
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../shared/auth-contract';
import { CONSOLE_CSP, DOCS_CSP } from '../../shared/http/security-headers';
import { csrfFor, safeNext } from '../../shared/http/console/session';
import { FAVICON_HREF, STYLESHEET_HREF } from '../../shared/http/console/layout';
import { MAX_NAMED_UNITS, NAME_TTL_MS, scopeUnitNames } from '../../shared/http/console/scope-names';
import type { OrganisationStore } from '../../shared/ports';
import { createTestApp, type TestApp } from '../support/app';
import { addAssignment, addOfficial, createUnitsAndPosts, LAM_DONG_UNITS } from '../support/fixtures';

let t: TestApp;
const asOf = '2027-01-15';
const effectiveDate = '2027-03-01';
let proposalId: string;
let itemIds: string[];

/** Province PL: agency DL1 with two overdue officials and a vacancy, agency DL2 whose leader must see nothing of DL1. */
beforeAll(async () => {
  let tick = 0;
  t = await createTestApp({ now: () => new Date(Date.parse('2027-01-15T03:00:00Z') + tick++) });
  const positions = [
    { id: 'LA-CV', unitId: 'DL1-A', title: 'Chuyên viên kế hoạch', category: 'specialist' },
    { id: 'LB-CV', unitId: 'DL1-B', title: 'Chuyên viên ngân sách', category: 'specialist' },
    { id: 'LC-CV', unitId: 'DL1-C', title: 'Chuyên viên tổng hợp', category: 'specialist' },
    { id: 'L2-CV', unitId: 'DL2-A', title: 'Chuyên viên', category: 'specialist' },
  ];
  await createUnitsAndPosts(t, LAM_DONG_UNITS, positions);
  const a = await addOfficial(t, 'DL1-A', { fullName: 'Nguyễn Văn An', gender: 'male', dateOfBirth: '1975-02-01' });
  const b = await addOfficial(t, 'DL1-B', { fullName: 'Trần Văn Bình', gender: 'male', dateOfBirth: '1976-03-01' });
  await addAssignment(t, a, { positionId: 'LA-CV', startDate: '2012-01-01' });
  await addAssignment(t, b, { positionId: 'LB-CV', startDate: '2014-01-01' });
  const draft = await t.call('hr', 'POST', '/v1/proposals', { scopeUnitId: 'DL1', asOf, effectiveDate });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  proposalId = draft.body.id;
  itemIds = draft.body.items.map((i: { itemId: string }) => i.itemId);
  expect((await t.call('hr', 'POST', `/v1/proposals/${proposalId}/submit`)).status).toBe(200);
});

const ORIGIN = 'http://localhost';

/** A request as a browser of a signed-in person sends it: the session cookie is the token itself. */
async function page(token: string | undefined, path: string, init: { method?: string; form?: Record<string, string | string[]>; headers?: Record<string, string> } = {}) {
  const body =
    init.form &&
    new URLSearchParams(Object.entries(init.form).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x])));
  return t.app.request(`${ORIGIN}${path}`, {
    method: init.method ?? (init.form ? 'POST' : 'GET'),
    headers: {
      ...(token ? { cookie: `__Host-lc_session=${token}` } : {}),
      ...(body ? { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN } : {}),
      ...init.headers,
    },
    body,
  });
}

async function proposal() {
  const res = await t.call('hr', 'GET', `/v1/proposals/${proposalId}`);
  expect(res.status).toBe(200);
  return res.body;
}

function setCookies(res: Response): string[] {
  return res.headers.getSetCookie();
}

describe('sign-in (local tokens)', () => {
  it('sends a page without a session to sign-in, and back after', async () => {
    const res = await page(undefined, '/console/proposals?status=submitted');
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!, ORIGIN);
    expect(location.pathname).toBe('/console/sign-in');
    expect(location.searchParams.get('next')).toBe('/console/proposals?status=submitted');
  });

  it('shows a form asking for a token from npm run token, with a pre-session cookie for its CSRF field', async () => {
    const res = await page(undefined, '/console/sign-in?next=/console/proposals');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('npm run -s token -- --role leader --units');
    expect(html).toMatch(/name="token"/);
    const cookie = setCookies(res).find((c) => c.startsWith('__Host-lc_presession='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    const value = /__Host-lc_presession=([^;]+)/.exec(cookie)![1];
    expect(html).toContain(`name="csrf" value="${value}"`);
  });

  it('wraps the token commands inside their box rather than past its edge, each still one line to copy', async () => {
    const html = await (await page(undefined, '/console/sign-in')).text();
    const commands = [...html.matchAll(/<pre class="command"><code>([^<]*)<\/code><\/pre>/g)].map((m) => m[1]);
    expect(commands).toHaveLength(2);
    // Nothing but the command in the box: no line break or indentation to paste along with it.
    for (const command of commands) expect(command).toMatch(/^npm run -s token -- --role (hr|leader) --units \S+$/);
    const css = await (await page(undefined, STYLESHEET_HREF)).text();
    const rule = /pre\.command \{([^}]*)\}/.exec(css)![1];
    expect(rule).toContain('white-space: pre-wrap');
    expect(rule).toContain('overflow-wrap: anywhere');
    expect(rule).not.toMatch(/white-space: pre;|overflow(-x)?: hidden/);
  });

  async function signIn(token: string, options: { csrf?: string; cookie?: string; next?: string } = {}) {
    const form = await page(undefined, '/console/sign-in');
    const presession = /__Host-lc_presession=([^;]+)/.exec(setCookies(form).join('\n'))![1];
    return t.app.request(`${ORIGIN}/console/sign-in`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: ORIGIN,
        cookie: `__Host-lc_presession=${options.cookie ?? presession}`,
      },
      body: new URLSearchParams({ token, csrf: options.csrf ?? presession, next: options.next ?? '/console/proposals' }),
    });
  }

  it('sets the session cookie (HttpOnly, Secure, SameSite=Lax, Path=/, no longer than the token) and goes to next', async () => {
    const token = await t.token('leader', ['DL1']);
    const res = await signIn(token);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/proposals');
    const cookie = setCookies(res).find((c) => c.startsWith('__Host-lc_session='))!;
    expect(cookie).toContain(`__Host-lc_session=${token}`);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)![1]);
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(exp - Math.floor(Date.now() / 1000) + 1);
  });

  it('refuses a bad token with the reason, and sets no session', async () => {
    const res = await signIn('not-a-token');
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('Không đăng nhập được');
    expect(setCookies(res).some((c) => c.startsWith('__Host-lc_session=ey'))).toBe(false);
  });

  it('refuses a sign-in form without its pre-session cookie (403)', async () => {
    const token = await t.token('leader', ['DL1']);
    const res = await signIn(token, { cookie: 'forged', csrf: 'other' });
    expect(res.status).toBe(403);
    expect(setCookies(res).some((c) => c.startsWith('__Host-lc_session=ey'))).toBe(false);
  });

  it('goes only to a console path of this site after sign-in', () => {
    expect(safeNext('/console/proposals?status=submitted')).toBe('/console/proposals?status=submitted');
    for (const bad of ['//evil.example/console', 'https://evil.example/console', '/\\evil.example', '/v1/officials', '/console/../v1/x', 'javascript:alert(1)', '/consolex', undefined])
      expect(safeNext(bad), String(bad)).toBe('/console/');
  });

  it('sends an expired session back to sign-in and clears its cookie', async () => {
    const expired = await new SignJWT({ 'cognito:groups': ['leader'], 'custom:scope': 'DL1' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new Uint8Array(32));
    const res = await page(expired, '/console/proposals');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/console\/sign-in\?next=.*&reason=expired$/);
    expect(setCookies(res).find((c) => c.startsWith('__Host-lc_session='))).toMatch(/Max-Age=0/);
  });
});

describe('proposals, by role and scope', () => {
  it('shows the leader of the agency the proposal with a decision form per item and approve-all', async () => {
    const leader = await t.token('leader', ['DL1']);
    const res = await page(leader, `/console/proposals/${proposalId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Nguyễn Văn An');
    expect(html).toContain('Duyệt tất cả 2 người');
    expect(html).toContain(`name="csrf" value="${csrfFor(leader)}"`);
    expect(html).not.toContain('Lập đề xuất mới');
  });

  it('shows a leader of another agency nothing: not in the list, the page and its file are a 404', async () => {
    const foreign = await t.token('leader', ['DL2']);
    const list = await (await page(foreign, '/console/proposals')).text();
    expect(list).not.toContain(proposalId);
    const res = await page(foreign, `/console/proposals/${proposalId}`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('Không tìm thấy');
    expect(html).not.toContain('Nguyễn Văn An');
    expect((await page(foreign, `/console/proposals/${proposalId}/export?format=csv`)).status).toBe(404);
    const decide = await page(foreign, `/console/proposals/${proposalId}/decisions`, {
      form: { csrf: csrfFor(foreign), itemId: itemIds[0], decision: 'approved' },
    });
    expect(decide.status).toBe(404);
    expect((await proposal()).pending).toBe(2);
  });

  it('gives hr the draft button and no decision form; a decision posted by hr anyway is a 403 and changes nothing', async () => {
    const hr = await t.token('hr', ['DL1']);
    const list = await (await page(hr, '/console/proposals')).text();
    expect(list).toContain('Lập đề xuất mới');
    const html = await (await page(hr, `/console/proposals/${proposalId}`)).text();
    expect(html).not.toContain('Duyệt tất cả');
    const res = await page(hr, `/console/proposals/${proposalId}/decisions`, {
      form: { csrf: csrfFor(hr), itemId: itemIds[0], decision: 'approved' },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Vai trò của bạn không được thực hiện thao tác này');
    expect((await proposal()).pending).toBe(2);
  });

  it('refuses the draft form (403 page, no form) to a role that may not draft, as the draft itself is refused', async () => {
    for (const role of ['leader', 'auditor', 'admin'] as const) {
      const token = await t.token(role, role === 'admin' ? '*' : ['DL1']);
      for (const res of [
        await page(token, '/console/proposals/new'),
        await page(token, '/console/proposals', { form: { csrf: csrfFor(token), scopeUnitId: 'DL1', effectiveDate } }),
      ]) {
        expect(res.status, role).toBe(403);
        const html = await res.text();
        expect(html).toContain('Không có quyền thực hiện');
        expect(html).toContain('Vai trò của bạn không được thực hiện thao tác này');
        expect(html).not.toContain('name="scopeUnitId"');
      }
      expect(await (await page(token, '/console/proposals')).text()).not.toContain('/console/proposals/new');
    }
    const hr = await t.token('hr', ['DL1']);
    const form = await page(hr, '/console/proposals/new');
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="scopeUnitId"');
  });

  it('gives an admin the frame and a 403 on the pages of roles it does not hold', async () => {
    const admin = await t.token('admin', '*');
    const res = await page(admin, '/console/proposals');
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('Vai trò của bạn không được thực hiện thao tác này');
    expect(html).toContain('Đăng xuất');
  });

  it('refuses a POST without the CSRF field, with another session\'s, or from another origin or site (403), and changes nothing', async () => {
    const leader = await t.token('leader', ['DL1']);
    const other = await t.token('leader', ['DL1'], 'someone-else');
    const form = { itemId: itemIds[0], decision: 'approved' };
    const refusals = [
      await page(leader, `/console/proposals/${proposalId}/decisions`, { form }),
      await page(leader, `/console/proposals/${proposalId}/decisions`, { form: { ...form, csrf: csrfFor(other) } }),
      await page(leader, `/console/proposals/${proposalId}/decisions`, {
        form: { ...form, csrf: csrfFor(leader) },
        headers: { origin: 'https://evil.example' },
      }),
      await page(leader, `/console/proposals/${proposalId}/apply`, { form: { decisionNo: '1/QĐ' } }),
      await page(leader, `/console/proposals/${proposalId}/decisions`, {
        form: { ...form, csrf: csrfFor(leader) },
        headers: { origin: 'null', 'sec-fetch-site': 'cross-site' },
      }),
    ];
    for (const res of refusals) {
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('không có gì thay đổi');
    }
    expect((await proposal()).pending).toBe(2);
  });

  it('a leader approves one item with a note, posted as a form: a redirect to the page, which says so', async () => {
    const leader = await t.token('leader', ['DL1']);
    // As a browser posts a same-origin form under Referrer-Policy: no-referrer: Origin null, Sec-Fetch-Site same-origin.
    const res = await page(leader, `/console/proposals/${proposalId}/decisions`, {
      form: { csrf: csrfFor(leader), itemId: itemIds[0], decision: 'approved', note: 'Đồng ý' },
      headers: { origin: 'null', 'sec-fetch-site': 'same-origin' },
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toBe(`/console/proposals/${proposalId}?msg=decided&n=1#item-${itemIds[0]}`);
    const after = await proposal();
    expect(after.items[0]).toMatchObject({ decision: 'approved', note: 'Đồng ý', decidedBy: 'leader-user' });
    const html = await (await page(leader, location.split('#')[0])).text();
    expect(html).toContain('Đã ghi nhận quyết định cho 1 người.');
  });

  it('refuses an empty decision number with a 400 on the page, and applies nothing', async () => {
    const leader = await t.token('leader', ['DL1']);
    const res = await page(leader, `/console/proposals/${proposalId}/apply`, { form: { csrf: csrfFor(leader), decisionNo: '  ' } });
    // Not decided yet: the state is checked after the input, so the empty number is what is refused first.
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Hãy nhập số quyết định');
    expect((await proposal()).status).toBe('submitted');
  });

  it('answers a wrong-state action with the 409 on the page', async () => {
    const hr = await t.token('hr', ['DL1']);
    const res = await page(hr, `/console/proposals/${proposalId}/submit`, { form: { csrf: csrfFor(hr) } });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('Không thể trình khi đề xuất đang ở trạng thái');
  });

  it('serves the proposal as CSV and XLSX through the session, with no caching', async () => {
    const auditor = await t.token('auditor', ['DL1']);
    const csv = await page(auditor, `/console/proposals/${proposalId}/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="de-xuat-luan-chuyen-/);
    expect(csv.headers.get('cache-control')).toBe('no-store');
    expect(await csv.text()).toContain('Nguyễn Văn An');
    const xlsx = await page(auditor, `/console/proposals/${proposalId}/export`);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect((await page(auditor, `/console/proposals/${proposalId}/export?format=pdf`)).status).toBe(400);
  });

  it('lists the unarranged report of a unit, and says when no proposal was drafted for it (404)', async () => {
    const hr = await t.token('hr', ['DL1']);
    const ok = await page(hr, '/console/unarranged?unitId=DL1');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('/console/unarranged/export?unitId=DL1&amp;format=xlsx');
    const none = await page(hr, '/console/unarranged?unitId=DL1-A');
    expect(none.status).toBe(404);
    const html = await none.text();
    expect(html).toContain('Chưa có đề xuất nào lập cho đúng đơn vị Phòng Kế hoạch');
    expect(html).not.toContain('/v1/');
    expect(html).toContain('href="/console/proposals/new"');
    const file = await page(hr, '/console/unarranged/export?unitId=DL1&format=csv');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('danh-sach-chua-bo-tri');
  });

  it('names the submitted status one way (the badge, the filter, the API): "Đã trình"; and says where the unarranged list comes from once', async () => {
    const leader = await t.token('leader', ['DL1']);
    const list = await (await page(leader, '/console/proposals?status=submitted')).text();
    expect(list).toContain('<a href="/console/proposals?status=submitted" aria-current="page">Đã trình</a>');
    expect(list).toContain('<span class="badge submitted">Đã trình</span>');
    expect(list).not.toMatch(/status=submitted"[^>]*>Chờ quyết định/);
    expect((await proposal()).statusLabel).toBe('Đã trình');

    const report = await (await page(leader, '/console/unarranged?unitId=DL1')).text();
    const title = (await proposal()).title as string;
    expect(title).toMatch(/^Đề xuất /);
    expect(report).toContain(`Nguồn: <a href="/console/proposals/${proposalId}">${title}</a>.`);
    expect(report).not.toMatch(/Theo đề xuất\s*<a[^>]*>Đề xuất/);
  });

  it("names a few units of the caller's scope in the header, read once and not again page after page", async () => {
    const organisation = t.deps.organisation;
    const getUnits = organisation.getUnits.bind(organisation);
    const reads: string[][] = [];
    organisation.getUnits = async (ids) => {
      reads.push([...ids]);
      return getUnits(ids);
    };
    try {
      const who = (html: string) => /Vai trò: [^<]*/.exec(html)![0];
      const two = await t.token('leader', ['DL2', 'DL1'], 'header-names');
      const scopeReads = async (path: string) => {
        const before = reads.length;
        const html = await (await page(two, path)).text();
        expect(who(html)).toBe('Vai trò: Lãnh đạo · Phạm vi: Sở Nội vụ, Sở Tài chính');
        return reads.slice(before).filter((ids) => ids.join() === 'DL2,DL1').length;
      };
      // The first page reads the names (one read by key, beside the page's own reads); the same page again does not.
      const first = await scopeReads('/console/proposals');
      expect(first - (await scopeReads('/console/proposals'))).toBe(1);
      for (const path of ['/console/unarranged', `/console/proposals/${proposalId}`, '/console/nowhere']) await scopeReads(path);

      // A wider scope, or a unit that does not exist, keeps the codes.
      const wide = await t.token('leader', ['DL1-A', 'DL1-B', 'DL1-C', 'DL2-A']);
      expect(who(await (await page(wide, '/console/proposals')).text())).toBe('Vai trò: Lãnh đạo · Phạm vi: DL1-A, DL1-B, DL1-C, DL2-A');
      const unknown = await t.token('hr', ['DL1', 'NOWHERE']);
      expect(who(await (await page(unknown, '/console/proposals')).text())).toBe('Vai trò: Cán bộ tổ chức · Phạm vi: Sở Tài chính, NOWHERE');
      expect(who(await (await page(await t.token('auditor', '*'), '/console/proposals')).text())).toBe(
        'Vai trò: Thanh tra, kiểm tra · Phạm vi: tất cả đơn vị',
      );
    } finally {
      organisation.getUnits = getUnits;
    }
  });

  it('answers an unknown console page with its own 404 page, and a proposal id the API would refuse the same way', async () => {
    const hr = await t.token('hr', ['DL1']);
    const res = await page(hr, '/console/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect((await page(hr, '/console/proposals/bad%23id')).status).toBe(404);
  });
});

describe('scope names in the header', () => {
  it('reads a few units by key once per scope until the names expire, and none for a wide scope or *', async () => {
    const reads: string[][] = [];
    let name = 'Sở Tài chính';
    const store = {
      getUnits: async (ids: readonly string[]) => {
        reads.push([...ids]);
        return ids.filter((id) => id === 'DL1').map((id) => ({ id, name }));
      },
    } as unknown as OrganisationStore;
    const principal = (scope: string[] | '*') => ({ sub: 'x', roles: ['leader' as const], scope });
    expect(await scopeUnitNames(store, principal(['DL1', 'XX']), 0)).toEqual(['Sở Tài chính', 'XX']);
    name = 'Sở Tài chính (mới)';
    expect(await scopeUnitNames(store, principal(['XX', 'DL1']), NAME_TTL_MS - 1)).toEqual(['Sở Tài chính', 'XX']);
    expect(reads).toHaveLength(1);
    expect(await scopeUnitNames(store, principal(['DL1']), NAME_TTL_MS)).toEqual(['Sở Tài chính (mới)']);
    expect(await scopeUnitNames(store, principal(['DL1', 'XX']), NAME_TTL_MS)).toEqual(['Sở Tài chính (mới)', 'XX']);
    expect(reads).toHaveLength(3);
    const wide = Array.from({ length: MAX_NAMED_UNITS + 1 }, (_, i) => `U${i}`);
    expect(await scopeUnitNames(store, principal(wide), 0)).toBeUndefined();
    expect(await scopeUnitNames(store, principal('*'), 0)).toBeUndefined();
    expect(reads).toHaveLength(3);
  });
});

describe('sign-out', () => {
  it('refuses a sign-out without the form token, then clears the session with it', async () => {
    const leader = await t.token('leader', ['DL1']);
    const refused = await page(leader, '/console/sign-out', { form: { csrf: 'wrong' } });
    expect(refused.status).toBe(403);
    expect(setCookies(refused).some((c) => c.startsWith('__Host-lc_session='))).toBe(false);
    const res = await page(leader, '/console/sign-out', { form: { csrf: csrfFor(leader) } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/signed-out');
    expect(setCookies(res).find((c) => c.startsWith('__Host-lc_session='))).toMatch(/Max-Age=0/);
  });
});

describe('security headers', () => {
  function expectHeaders(res: Response, csp: string) {
    expect(res.headers.get('content-security-policy')).toBe(csp);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  }

  it('are on every console page, error page and redirect, pages not cached, no script allowed', async () => {
    const leader = await t.token('leader', ['DL1']);
    for (const res of [
      await page(undefined, '/console/sign-in'),
      await page(undefined, '/console/proposals'),
      await page(leader, '/console/proposals'),
      await page(leader, `/console/proposals/${proposalId}`),
      await page(leader, '/console/nowhere'),
    ]) {
      expectHeaders(res, CONSOLE_CSP);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    expect(CONSOLE_CSP).not.toContain('script-src');
    expect(CONSOLE_CSP).toContain("frame-ancestors 'none'");
  });

  it('give every page an empty data: icon the policy allows, so the browser asks for no /favicon.ico', async () => {
    const leader = await t.token('leader', ['DL1']);
    for (const res of [
      await page(undefined, '/console/sign-in'),
      await page(leader, '/console/proposals'),
      await page(leader, `/console/proposals/${proposalId}`),
      await page(leader, '/console/nowhere'),
    ]) {
      expect(await res.text()).toContain(`<link rel="icon" href="${FAVICON_HREF}"/>`);
    }
    expect(FAVICON_HREF).toBe('data:,');
    expect(CONSOLE_CSP).toMatch(/img-src [^;]*\bdata:/);
  });

  it('are on the stylesheet, which is cached for a year under its hashed name', async () => {
    const res = await page(undefined, STYLESHEET_HREF);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/css');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expectHeaders(res, CONSOLE_CSP);
    const etag = res.headers.get('etag')!;
    expect((await page(undefined, STYLESHEET_HREF, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('add HSTS over https only', async () => {
    expect((await page(undefined, '/console/sign-in')).headers.get('strict-transport-security')).toBeNull();
    const https = await t.app.request('https://api.example/console/sign-in');
    expect(https.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
  });

  it('are on /docs, whose policy lets swagger-ui run its served files and no inline script', async () => {
    for (const path of ['/docs/', '/docs/assets/swagger-init.js', '/docs']) expectHeaders(await t.app.request(path), DOCS_CSP);
    expect(DOCS_CSP).toContain("script-src 'self'");
    expect(DOCS_CSP).not.toMatch(/script-src[^;]*unsafe-inline/);
    const html = await (await t.app.request('/docs/')).text();
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
  });
});
