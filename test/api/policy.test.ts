/**
 * The who-may-do-what policy holds below HTTP: use cases called directly, as a scheduled job or an import command
 * will call them, refuse the roles the table refuses, and the system actor is audited as such.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../shared/domain/errors';
import { ROLES, type Role } from '../../shared/domain/types';
import type { Actor } from '../../shared/use-cases/context';
import { listFlags } from '../../shared/use-cases/list-flags';
import { createOfficial, getOfficial } from '../../shared/use-cases/manage-officials';
import { createUnit } from '../../shared/use-cases/manage-units';
import { POLICY, systemActor } from '../../shared/use-cases/policy';
import { readAudit } from '../../shared/use-cases/read-audit';
import { recordCircumstance } from '../../shared/use-cases/record-circumstance';
import { createTestApp, type TestApp } from '../support/app';
import { addOfficial, ORG, seedOrganisation } from '../support/fixtures';

let t: TestApp;
let officialId: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedOrganisation(t);
  officialId = await addOfficial(t, ORG.office);
});

const as = (role: Role): Actor => ({ principal: { sub: `direct-${role}`, roles: [role], scope: '*' }, requestId: 'test' });

describe('the policy table, without HTTP', () => {
  it.each(ROLES)('lets %s do exactly what the table says for a write and a read', async (role) => {
    const create = createOfficial(t.deps, as(role), { fullName: 'Hà Văn Em', gender: 'male', dateOfBirth: '1980-02-02', unitId: ORG.office });
    if ((POLICY.createOfficial as readonly string[]).includes(role)) await expect(create).resolves.toMatchObject({ fullName: 'Hà Văn Em' });
    else await expect(create).rejects.toBeInstanceOf(ForbiddenError);

    const read = getOfficial(t.deps, as(role), officialId);
    if ((POLICY.getOfficial as readonly string[]).includes(role)) await expect(read).resolves.toMatchObject({ id: officialId });
    else await expect(read).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses before reading: a refused write leaves nothing behind', async () => {
    await expect(createUnit(t.deps, as('hr'), { id: 'NEVER', name: 'X', kind: 'office', hrEmails: [] })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await t.call('admin', 'GET', '/v1/units/NEVER')).status).toBe(404);
  });

  it('lets the system actor read flags across every unit, and no write', async () => {
    const system = systemActor('alerts', 'run-1');
    const page = await listFlags(t.deps, system, { asOf: '2026-01-01', limit: 50 });
    expect(page.asOf).toBe('2026-01-01');
    await expect(recordCircumstance(t.deps, system, officialId, { type: 'maternity', from: '2026-01-01' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createOfficial(t.deps, system, { fullName: 'X', gender: 'male', dateOfBirth: '1980-01-01', unitId: ORG.office })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('audits work done by the system actor as the system, never as a person', async () => {
    // No system write is allowed yet; an actor holding both the system role and hr (as an import job would) writes.
    const job: Actor = { principal: { sub: 'system:import', roles: ['system', 'hr'], scope: '*' }, requestId: 'job-1' };
    const circumstance = await recordCircumstance(t.deps, job, officialId, { type: 'long_training', from: '2026-02-01' });
    const audit = await readAudit(t.deps, as('auditor'), { entityId: circumstance.id, limit: 10 });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0].actor).toEqual({ sub: 'system:import', roles: ['system', 'hr'], system: true });
    expect(audit.items[0].requestId).toBe('job-1');
  });

  it('has a row for every route of the API, and every route names its action as operationId', async () => {
    const doc = (await (await t.app.request('/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    const actions = operations.filter((id) => id !== 'getHealth');
    expect(new Set(actions)).toEqual(new Set(Object.keys(POLICY)));
  });
});
