/**
 * The names of the caller's units for the header ("Phạm vi: Sở Khoa học và Công nghệ" rather than `SKHCN`), when the
 * scope is a few units. Read by key (pattern 27, one BatchGetItem of at most MAX_NAMED_UNITS items) and kept in this
 * process for a few minutes per scope, so a person going from page to page costs no read: the header is on every
 * page, and a read per page for it would cost more than it is worth. A renamed unit shows its old name in the header
 * for at most NAME_TTL_MS; a wider scope, `*`, or a failed read shows the codes as before.
 */
import type { MiddlewareHandler } from 'hono';
import type { OrganisationStore, Principal } from '../../ports';
import type { ConsoleEnv } from './env';

/** More units than this are shown by code: a list of long names would not fit the header. */
export const MAX_NAMED_UNITS = 3;
export const NAME_TTL_MS = 5 * 60_000;
/** Distinct scopes remembered per store before the memory is cleared (a bound, not a tuning). */
const MAX_SCOPES = 1000;

interface Remembered {
  names: string[];
  until: number;
}

// Per store, so two apps in one process (tests) never share names.
const memory = new WeakMap<OrganisationStore, Map<string, Remembered>>();

/**
 * The names of a scope's units in the scope's order (a code for a unit not found), or undefined when the header
 * shows codes. `now` is the clock in milliseconds.
 */
export async function scopeUnitNames(
  organisation: OrganisationStore,
  principal: Principal,
  now: number,
): Promise<string[] | undefined> {
  const scope = principal.scope;
  if (scope === '*' || scope.length === 0 || scope.length > MAX_NAMED_UNITS) return undefined;
  const key = [...scope].sort().join('\n');
  let byScope = memory.get(organisation);
  if (!byScope) memory.set(organisation, (byScope = new Map()));
  const known = byScope.get(key);
  if (known && known.until > now) return known.names;
  const units = new Map((await organisation.getUnits(scope)).map((u) => [u.id, u.name]));
  const names = scope.map((id) => units.get(id) ?? id);
  if (byScope.size >= MAX_SCOPES) byScope.clear();
  byScope.set(key, { names, until: now + NAME_TTL_MS });
  return names;
}

/** Sets `scopeNames` for the pages' header (after the session); a failed read leaves the codes, never fails a page. */
export function resolveScopeNames(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal) {
      try {
        c.set('scopeNames', await scopeUnitNames(c.var.deps.organisation, principal, Date.now()));
      } catch (error) {
        c.var.deps.logger.warn('scope unit names not read; the header shows codes', { error, requestId: c.var.requestId });
      }
    }
    await next();
  };
}
