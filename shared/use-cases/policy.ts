/**
 * Who may do what: one table of action x role, checked by every use case before it reads or writes anything, so a
 * scheduled job or a command-line import that calls a use case is held to the same rules as the API. The HTTP layer
 * documents each route with its action (the action is the route's operationId) and refuses early from the same table.
 *
 * `system` is the role of work no person started (scheduled jobs); no token can carry it.
 */
import { ForbiddenError } from '../domain/errors';
import { ROLES } from '../domain/types';
import { SYSTEM_ROLE, type ActorRole, type AuditEntityType, type Principal } from '../ports';
import type { Actor } from './context';

const READERS = ['hr', 'leader', 'auditor'] as const;
const EVERYONE = [...ROLES] as const;

export const POLICY = {
  createUnit: ['admin'],
  listUnits: [...EVERYONE, SYSTEM_ROLE],
  getUnit: [...EVERYONE, SYSTEM_ROLE],
  updateUnit: ['admin'],

  createPosition: ['admin'],
  listPositions: [...EVERYONE, SYSTEM_ROLE],
  getPosition: [...EVERYONE, SYSTEM_ROLE],
  updatePosition: ['admin'],

  createOfficial: ['hr'],
  listOfficials: [...READERS, SYSTEM_ROLE],
  getOfficial: [...READERS, SYSTEM_ROLE],
  updateOfficial: ['hr'],

  createAssignment: ['hr'],
  listAssignments: [...READERS, SYSTEM_ROLE],
  updateAssignment: ['hr'],
  deleteAssignment: ['hr'],

  recordCircumstance: ['hr'],
  listCircumstances: [...READERS, SYSTEM_ROLE],
  updateCircumstance: ['hr'],
  deleteCircumstance: ['hr'],

  putAssessment: ['hr'],
  listOfficialAssessments: [...READERS, SYSTEM_ROLE],
  listAssessmentsForPeriod: [...READERS, SYSTEM_ROLE],
  deleteAssessment: ['hr'],

  getTenure: [...READERS, SYSTEM_ROLE],
  listFlags: [...READERS, SYSTEM_ROLE],
  readDashboard: [...READERS, SYSTEM_ROLE],

  readAudit: ['auditor', 'admin'],

  createProposal: ['hr'],
  listProposals: [...READERS],
  getProposal: [...READERS],
  updateProposalItem: ['hr'],
  submitProposal: ['hr'],
  decideProposal: ['leader'],
  applyProposal: ['leader'],
  exportProposal: [...READERS],
  reportUnarranged: [...READERS],

  runAlerts: ['admin', SYSTEM_ROLE],
  listAlertRuns: ['admin'],

  importRows: ['hr'],
  listImports: ['hr', 'auditor'],
  getImportTemplate: [...READERS],
  exportRows: [...READERS],
} as const satisfies Record<string, readonly ActorRole[]>;

export type Action = keyof typeof POLICY;

export function rolesFor(action: Action): readonly ActorRole[] {
  return POLICY[action];
}

export function mayDo(principal: Principal, action: Action): boolean {
  const allowed: readonly ActorRole[] = POLICY[action];
  return principal.roles.some((role) => allowed.includes(role));
}

/**
 * The read an audit record's before and after images stand for: a reader of the audit log sees an entity's images
 * only if one of their roles may read that entity itself (an admin reads the log, not the officials' records).
 */
const IMAGE_READ_ACTION: Record<AuditEntityType, Action> = {
  unit: 'getUnit',
  position: 'getPosition',
  official: 'getOfficial',
  assignment: 'listAssignments',
  circumstance: 'listCircumstances',
  assessment: 'listOfficialAssessments',
  proposal: 'getProposal',
  access: 'readAudit',
};

export function mayReadImagesOf(principal: Principal, entityType: AuditEntityType): boolean {
  return mayDo(principal, IMAGE_READ_ACTION[entityType]);
}

/** Throws 403 unless one of the actor's roles may do the action. */
export function authorize(actor: Actor, action: Action): void {
  if (!mayDo(actor.principal, action))
    throw new ForbiddenError(
      `Vai trò của bạn không được thực hiện thao tác này (${action}; cần: ${POLICY[action].join(', ')})`,
    );
}

/**
 * The actor of scheduled or command-line work: every unit in scope, audited as `system:<job>` with `system: true`.
 */
export function systemActor(job: string, requestId: string): Actor {
  return { principal: { sub: `system:${job}`, roles: [SYSTEM_ROLE], scope: '*' }, requestId };
}
