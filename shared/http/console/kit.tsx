/**
 * Small pieces the console's proposal and report pages share: the actor of a request (the same one the API builds),
 * form values read strictly, a table that scrolls inside its own frame, labels of a proposal's states.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ID_PATTERN } from '../../auth-contract';
import { readDate } from '../../domain/import-parsing';
import { BadRequestError, DomainError, NotFoundError } from '../../domain/errors';
import type { Reason, Unit } from '../../domain/types';
import type { Actor } from '../../use-cases/context';
import { listUnits } from '../../use-cases/manage-units';
import { unitPath } from '../../use-cases/scope';
import { problemFromError } from '../problem';
import type { ConsoleEnv } from './env';
import type { Flash } from './layout';

export type Ctx = Context<ConsoleEnv>;

/** The caller as every use case receives it: the same principal and request id as an API request. */
export function actorOf(c: Ctx): Actor {
  return { principal: c.var.principal, requestId: c.var.requestId };
}

/** An id from a path or a form: what the API's schemas accept, else the same 404 as a missing one. */
export function idParam(value: string | undefined, what: string): string {
  if (!value || !ID_PATTERN.test(value)) throw new NotFoundError(what, (value ?? '').slice(0, 64));
  return value;
}

/** A date typed by a person (the date picker's yyyy-mm-dd, or dd/mm/yyyy): the ISO date, or a 400 naming the field. */
export function dateField(value: string | undefined, label: string, path: string): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const read = readDate(text);
  if ('error' in read) throw new BadRequestError(`${label}: ${read.error}`, [{ path, message: read.error }]);
  return read.value;
}

/** A DomainError as the flash and status of a page shown again (never a 500 for what a person sent). */
export function flashOf(error: DomainError): { flash: Flash; status: ContentfulStatusCode } {
  const { problem } = problemFromError(error);
  return { flash: { kind: 'error', text: problem.detail }, status: problem.status as ContentfulStatusCode };
}

/** A table that scrolls sideways inside its frame on a narrow screen, reachable by keyboard. */
export function TableWrap(props: { label: string; children?: Child }) {
  return (
    <div class="table-wrap" role="region" aria-label={props.label} tabindex={0}>
      {props.children}
    </div>
  );
}

export function Reasons(props: { reasons: Reason[] }) {
  if (!props.reasons.length) return <span class="muted">Không có</span>;
  return (
    <ul class="reasons">
      {props.reasons.map((r) => (
        <li>
          {r.detail} <span class="rule">({r.rule})</span>
        </li>
      ))}
    </ul>
  );
}

/** The units of the caller's scope, in tree order by name (for a unit choice). */
export async function unitsInScope(c: Ctx): Promise<Unit[]> {
  const { items } = await listUnits(c.var.deps, actorOf(c), { limit: 10_000 });
  const byId = new Map(items.map((u) => [u.id, u]));
  const collator = new Intl.Collator('vi');
  const key = (u: Unit) => unitPath(u).map((id) => byId.get(id)?.name ?? id);
  return items.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
      const d = collator.compare(ka[i], kb[i]);
      if (d) return d;
    }
    return ka.length - kb.length || a.id.localeCompare(b.id);
  });
}

/** A unit's name indented by its depth below the caller's top units, for an option of a select. */
export function unitOptionLabel(unit: Unit, units: Unit[]): string {
  const ids = new Set(units.map((u) => u.id));
  const depth = unit.ancestors.filter((id) => ids.has(id)).length;
  return `${'\u00a0\u00a0'.repeat(depth)}${unit.name} (${unit.id})`;
}

/** A non-negative integer from the query (counts in a message after a redirect), else undefined. */
export function countParam(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,6}$/.test(value)) return undefined;
  return Number(value);
}
