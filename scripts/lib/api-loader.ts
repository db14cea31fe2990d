/**
 * Loads records THROUGH THE API, the way the seed does and a bulk import will: every rule, scope check, audit
 * record and index is exercised exactly as a user's call would exercise it. The same loader talks to a running
 * server (fetch) or to the app in-process (app.request); both are a `fetch`-shaped function.
 *
 * - Each call carries a bearer token for the role it acts as; where tokens come from is the caller's business.
 * - Re-running is safe when records carry their own ids: a 409 whose code says the record is already there counts
 *   as skipped, not as a failure.
 * - Independent groups of records run with bounded concurrency; the first failure stops the rest, and nothing is
 *   still writing when the loader returns or throws (the caller may stop the database right after).
 * - Every write is tallied per kind, for the summary.
 */
import type { Role } from '../../shared/domain/types';
import { forEachLimited } from './concurrency';

/** `fetch` or `app.request`: a path under the API's origin and a RequestInit in, a Response out. */
export type ApiFetch = (path: string, init: RequestInit) => Promise<Response>;

export interface ApiRequest {
  method: string;
  path: string;
  /** Sent as JSON; bytes (a file) are sent as they are, with the content type in `headers`. */
  body?: unknown;
  /** The role whose token the call carries. */
  as: Role;
  headers?: Record<string, string>;
}

export interface ApiAnswer {
  status: number;
  /** Parsed JSON, or the text when the answer is not JSON. */
  body: any;
}

/** One API call with JSON in and out. */
export type ApiCall = (request: ApiRequest) => Promise<ApiAnswer>;

/** An ApiCall over `send`, with a bearer token for each call's role. */
export function apiCall(send: ApiFetch, tokenFor: (role: Role) => Promise<string>): ApiCall {
  return async ({ method, path, body, as, headers }) => {
    const raw = body instanceof Uint8Array;
    const res = await send(path, {
      method,
      headers: {
        authorization: `Bearer ${await tokenFor(as)}`,
        ...(body === undefined || raw ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : raw ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body),
    });
    const text = await res.text();
    try {
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    } catch {
      return { status: res.status, body: text };
    }
  };
}

/** An answer the loader did not expect; carries the problem the API returned. */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly problem: unknown,
  ) {
    const detail = (problem as { detail?: string } | undefined)?.detail ?? JSON.stringify(problem);
    super(`${method} ${path} answered ${status}: ${detail}`);
  }
}

export interface Tally {
  created: number;
  skipped: number;
}

/**
 * 409 codes that mean "a record with this client-chosen id (or key) is already there": an earlier run wrote it.
 * Any other 409 (an overlapping assignment, a stale version) is a real conflict and fails the load.
 */
export const ALREADY_THERE_CODES: ReadonlySet<string> = new Set([
  'UNIT_EXISTS',
  'POSITION_EXISTS',
  'OFFICIAL_EXISTS',
  'ASSIGNMENT_EXISTS',
  'CIRCUMSTANCE_EXISTS',
  'ASSESSMENT_EXISTS',
]);

export interface ApiLoaderOptions {
  /** How many groups `eachConcurrently` loads at once (default 8). */
  concurrency?: number;
  alreadyThere?: ReadonlySet<string>;
}

export class ApiLoader {
  private readonly tallies = new Map<string, Tally>();
  private readonly concurrency: number;
  private readonly alreadyThere: ReadonlySet<string>;

  constructor(
    readonly call: ApiCall,
    options: ApiLoaderOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 8;
    this.alreadyThere = options.alreadyThere ?? ALREADY_THERE_CODES;
  }

  /**
   * One write (POST unless `method` says otherwise), tallied under `kind`: a 200/201 is created, a 409 naming an
   * existing record is skipped, anything else throws ApiCallError.
   */
  async write(kind: string, request: Omit<ApiRequest, 'method'> & { method?: string }): Promise<'created' | 'skipped'> {
    const method = request.method ?? 'POST';
    const res = await this.call({ ...request, method });
    const tally = this.tally(kind);
    if (res.status === 200 || res.status === 201) {
      tally.created++;
      return 'created';
    }
    const code = (res.body as { code?: string } | undefined)?.code;
    if (res.status === 409 && code !== undefined && this.alreadyThere.has(code)) {
      tally.skipped++;
      return 'skipped';
    }
    throw new ApiCallError(method, request.path, res.status, res.body);
  }

  /** A read that must answer 200; returns the body. */
  async read(path: string, as: Role): Promise<any> {
    const res = await this.call({ method: 'GET', path, as });
    if (res.status !== 200) throw new ApiCallError('GET', path, res.status, res.body);
    return res.body;
  }

  /** Every item of a paged list (`{ items, nextCursor }`), page by page. */
  async readAll<T>(path: string, as: Role): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page = await this.read(cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path, as);
      items.push(...(page.items as T[]));
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  /**
   * Loads `groups` with bounded concurrency; `load` writes one group (say, an official and their history) in its own
   * order. The first failure stops new groups and is rethrown once the groups in flight have settled.
   */
  eachConcurrently<T>(groups: readonly T[], load: (group: T) => Promise<void>): Promise<void> {
    return forEachLimited(groups, this.concurrency, load);
  }

  /** The tally of one kind (zero when nothing of it was written yet). */
  tally(kind: string): Tally {
    let tally = this.tallies.get(kind);
    if (tally === undefined) this.tallies.set(kind, (tally = { created: 0, skipped: 0 }));
    return tally;
  }

  /** Every kind written so far, in the order first written. */
  summary(): Record<string, Tally> {
    return Object.fromEntries([...this.tallies].map(([kind, t]) => [kind, { ...t }]));
  }
}

/** `12 tạo mới / created, 3 đã có / skipped`, or why nothing was sent. */
export function formatTally(tally: Tally | undefined, whyNone = 'không có / none'): string {
  return tally ? `${tally.created} tạo mới / created, ${tally.skipped} đã có / skipped` : whyNone;
}
