import { z } from '@hono/zod-openapi';
import { DECISIONS, PROPOSAL_ACTIONS, PROPOSAL_STATUSES } from '../../domain/proposal';
import { POSITION_CATEGORIES } from '../../domain/types';
import { applyProposal } from '../../use-cases/apply-proposal';
import {
  decideProposal,
  draftProposal,
  getProposal,
  listProposals,
  MAX_DECISIONS_PER_CALL,
  presentHeader,
  presentItem,
  presentProposal,
  submitProposal,
  updateProposalItem,
} from '../../use-cases/manage-proposals';
import { expectedVersion, jsonBody, jsonResponse, newRouter, respond, route } from '../routing';
import { clientId, ExemptionSchema, idempotencyHeader, isoDate, listQuery, pageOf, ReasonSchema } from '../schemas';

const tags = ['Proposals'];
const proposalParam = z.object({ proposalId: clientId.openapi({ param: { name: 'proposalId', in: 'path' } }) });
const itemParam = proposalParam.extend({ itemId: clientId.openapi({ param: { name: 'itemId', in: 'path' } }) });

const header = {
  id: z.string(),
  title: z.string(),
  scopeUnitId: z.string(),
  scopeUnitName: z.string(),
  agencyId: z.string(),
  asOf: z.string(),
  effectiveDate: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  statusLabel: z.string().openapi({ example: 'Dự thảo' }),
  itemCount: z.number().int(),
  pending: z.number().int(),
  decisionNo: z.string().optional(),
  createdBy: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

const ItemSchema = z
  .object({
    itemId: z.string(),
    officialId: z.string(),
    fullName: z.string(),
    fromPositionId: z.string(),
    fromPositionTitle: z.string(),
    fromUnitName: z.string(),
    category: z.enum(POSITION_CATEGORIES),
    chainStart: z.string(),
    years: z.number(),
    action: z.enum(PROPOSAL_ACTIONS),
    actionLabel: z.string().openapi({ example: 'Chuyển đổi vị trí công tác' }),
    targetPositionId: z.string().optional(),
    targetPositionTitle: z.string().optional(),
    targetUnitName: z.string().optional(),
    via: z
      .union([z.literal('vacancy'), z.object({ vacatedBy: z.string() })])
      .optional()
      .openapi({ description: "A vacancy, or the post another item's official leaves (those apply together)" }),
    plannedEnd: z.string().optional().openapi({ description: 'The planned end of a secondment (36 months)' }),
    reasons: z.array(ReasonSchema),
    explanation: z.string(),
    decision: z.enum(DECISIONS),
    note: z.string().optional(),
    applied: z.boolean(),
    failure: z
      .object({ code: z.string(), reason: z.string(), at: z.string() })
      .optional()
      .openapi({ description: 'Why the last apply could not carry it out; applying again retries' }),
    version: z.number().int(),
  })
  .openapi('ProposalItem');

const UnarrangedSchema = z
  .object({
    officialId: z.string(),
    fullName: z.string(),
    positionTitle: z.string(),
    unitName: z.string(),
    reasons: z.array(ReasonSchema),
    why: z.string(),
    whyLabel: z.string(),
  })
  .openapi('Unarranged');

const ProposalSchema = z
  .object({
    ...header,
    items: z.array(ItemSchema),
    unarranged: z.array(UnarrangedSchema).openapi({ description: 'Candidates with no place: the report to the People\'s Committee' }),
    exempt: z.array(
      z.object({ officialId: z.string(), fullName: z.string(), reasons: z.array(ReasonSchema), exemptions: z.array(ExemptionSchema) }),
    ),
  })
  .openapi('Proposal');

const ProposalHeaderSchema = z.object(header).openapi('ProposalHeader');

const DraftBody = z
  .object({
    scopeUnitId: clientId,
    asOf: isoDate.optional().openapi({ description: 'Who is flagged as of this date (default: today)' }),
    effectiveDate: isoDate.openapi({ description: 'When the moves take effect: vacancies and the 5-year rule are read for it' }),
    title: z.string().trim().min(1).max(300).optional(),
  })
  .strict()
  .openapi('ProposalDraft');

const ItemPatchBody = z
  .object({
    action: z.enum(PROPOSAL_ACTIONS).optional(),
    targetPositionId: clientId
      .nullable()
      .optional()
      .openapi({ description: 'A position id; null removes the target', example: 'SKHCN-KHTC-KT' }),
    note: z.string().trim().max(1000).nullable().optional(),
    version: z.number().int().positive().optional().openapi({ description: "The proposal's version you read" }),
  })
  .strict()
  .openapi('ProposalItemPatch');

const DecisionsBody = z
  .object({
    items: z
      .array(
        z
          .object({ itemId: clientId, decision: z.enum(['approved', 'rejected']), note: z.string().trim().max(1000).optional() })
          .strict(),
      )
      .min(1)
      .max(MAX_DECISIONS_PER_CALL),
  })
  .strict()
  .openapi('ProposalDecisions');

const ApplyBody = z
  .object({ decisionNo: z.string().trim().min(1).max(80).openapi({ example: '125/QĐ-SKHCN' }) })
  .strict()
  .openapi('ProposalApply');

const ApplyResultSchema = z
  .object({
    proposal: ProposalSchema,
    results: z.array(
      z.object({
        itemId: z.string(),
        officialId: z.string(),
        result: z.enum(['applied', 'already_applied', 'failed']),
        assignmentId: z.string().optional(),
        reason: z.string().optional(),
        code: z.string().optional(),
      }),
    ),
  })
  .openapi('ProposalApplyResult');

export function proposalRoutes() {
  const app = newRouter();

  app.openapi(
    route('createProposal', {
      method: 'post',
      path: '/proposals',
      tags,
      summary: 'Draft a proposal for a unit subtree: candidates, suggested actions, optimal swap-aware placement',
      request: { ...jsonBody(DraftBody), headers: idempotencyHeader },
      responses: { 201: jsonResponse(ProposalSchema, 'The drafted proposal') },
    }),
    (c) =>
      respond(
        c,
        (deps, actor) => draftProposal(deps, actor, c.req.valid('json')),
        (proposal) => ({ status: 201, body: presentProposal(proposal) }),
      ),
  );

  app.openapi(
    route('listProposals', {
      method: 'get',
      path: '/proposals',
      tags,
      summary: 'Proposals in your scope, by status',
      request: {
        query: z.object({ unitId: clientId.optional(), status: z.enum(PROPOSAL_STATUSES).optional(), ...listQuery }),
      },
      responses: { 200: jsonResponse(pageOf(ProposalHeaderSchema, 'ProposalPage'), 'Proposals') },
    }),
    (c) =>
      respond(
        c,
        (deps, actor) => listProposals(deps, actor, c.req.valid('query')),
        (page) => ({ status: 200, body: { ...page, items: page.items.map(presentHeader) } }),
      ),
  );

  app.openapi(
    route('getProposal', {
      method: 'get',
      path: '/proposals/{proposalId}',
      tags,
      summary: 'A proposal with its items, the unarranged and the exempt',
      request: { params: proposalParam },
      responses: { 200: jsonResponse(ProposalSchema, 'The proposal') },
    }),
    (c) =>
      respond(
        c,
        (deps, actor) => getProposal(deps, actor, c.req.valid('param').proposalId),
        (proposal) => ({ status: 200, body: presentProposal(proposal) }),
      ),
  );

  app.openapi(
    route('updateProposalItem', {
      method: 'patch',
      path: '/proposals/{proposalId}/items/{itemId}',
      tags,
      summary: "Change an item's action, target or note (draft only); says which items lose the place they counted on",
      request: { params: itemParam, ...jsonBody(ItemPatchBody), headers: idempotencyHeader },
      responses: {
        200: jsonResponse(
          z
            .object({
              proposal: ProposalSchema,
              item: ItemSchema,
              affected: z.array(z.object({ itemId: z.string(), officialId: z.string(), change: z.string() })),
            })
            .openapi('ProposalItemChange'),
          'The change and the items it affected',
        ),
      },
    }),
    (c) => {
      const { proposalId, itemId } = c.req.valid('param');
      const { version: bodyVersion, ...patch } = c.req.valid('json');
      const version = expectedVersion(bodyVersion, c.req.valid('header')['if-match']);
      return respond(
        c,
        (deps, actor) => updateProposalItem(deps, actor, proposalId, itemId, patch, version),
        (r) => ({ status: 200, body: { proposal: presentProposal(r.proposal), item: presentItem(r.item), affected: r.affected } }),
      );
    },
  );

  app.openapi(
    route('submitProposal', {
      method: 'post',
      path: '/proposals/{proposalId}/submit',
      tags,
      summary: 'Submit a draft for decision (every item needs a target)',
      request: { params: proposalParam, headers: idempotencyHeader },
      responses: { 200: jsonResponse(ProposalSchema, 'The submitted proposal') },
    }),
    (c) => {
      const version = expectedVersion(undefined, c.req.valid('header')['if-match']);
      return respond(
        c,
        (deps, actor) => submitProposal(deps, actor, c.req.valid('param').proposalId, version),
        (proposal) => ({ status: 200, body: presentProposal(proposal) }),
      );
    },
  );

  app.openapi(
    route('decideProposal', {
      method: 'post',
      path: '/proposals/{proposalId}/decisions',
      tags,
      summary: `Approve or reject items of a submitted proposal (at most ${MAX_DECISIONS_PER_CALL} per call); decided when none is pending`,
      request: { params: proposalParam, ...jsonBody(DecisionsBody), headers: idempotencyHeader },
      responses: { 200: jsonResponse(ProposalSchema, 'The proposal') },
    }),
    (c) =>
      respond(
        c,
        (deps, actor) => decideProposal(deps, actor, c.req.valid('param').proposalId, c.req.valid('json').items),
        (proposal) => ({ status: 200, body: presentProposal(proposal) }),
      ),
  );

  app.openapi(
    route('applyProposal', {
      method: 'post',
      path: '/proposals/{proposalId}/apply',
      tags,
      summary:
        'Apply the approved items: close each current assignment the day before the effective date and open the new ' +
        'one; a swap or chain applies together or not at all; per item applied | already_applied | failed (reason)',
      request: { params: proposalParam, ...jsonBody(ApplyBody), headers: idempotencyHeader },
      responses: { 200: jsonResponse(ApplyResultSchema, 'Per-item results') },
    }),
    (c) =>
      respond(
        c,
        (deps, actor) => applyProposal(deps, actor, c.req.valid('param').proposalId, c.req.valid('json').decisionNo),
        (r) => ({ status: 200, body: { proposal: presentProposal(r.proposal), results: r.results } }),
      ),
  );

  return app;
}
