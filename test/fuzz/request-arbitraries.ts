/**
 * fast-check arbitraries of HTTP requests, derived from the app's own OpenAPI document: every operation's path
 * parameters, query, headers and body come from its schemas (with ids drawn from a seeded dataset so that requests
 * reach real items), then a mutation makes most of them wrong in one way a client or an attacker might: wrong types,
 * huge strings, deep JSON, unicode edge cases, impossible dates, unknown ids, missing and extra fields, another
 * content type, malformed JSON, bad If-Match / Idempotency-Key headers, bad cursors and limits, bad tokens.
 *
 * A new route gets requests without a line here, as long as its parts are JSON Schema this module reads; an operation
 * it cannot build a request for throws `NoGeneratorError`, which fails the fuzz test.
 */
import fc from 'fast-check';

// ----------------------------------------------------------------------------------------------------------------
// The OpenAPI document, as far as requests go
// ----------------------------------------------------------------------------------------------------------------

export type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: unknown;
};

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** The OpenAPI path, e.g. `/v1/officials/{officialId}`. */
  path: string;
  operationId: string;
  parameters: Parameter[];
  /** Content types of the request body, with the JSON schema when there is one. */
  body?: { types: string[]; json?: Schema; required: boolean };
  security: boolean;
}

export class NoGeneratorError extends Error {}

export function operationsOf(doc: { paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, Schema> } }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content as Record<string, { schema?: Schema }> | undefined;
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        parameters: op.parameters ?? [],
        body: content
          ? { types: Object.keys(content), json: content['application/json']?.schema, required: op.requestBody.required !== false }
          : undefined,
        security: !(Array.isArray(op.security) && op.security.length === 0),
      });
    }
  return operations;
}

// ----------------------------------------------------------------------------------------------------------------
// Values
// ----------------------------------------------------------------------------------------------------------------

/** What the seeded dataset holds, by the parameter or field names that refer to it. */
export interface Pools {
  units: string[];
  positions: string[];
  officials: string[];
  /** [officialId, assignmentId] */
  assignments: [string, string][];
  circumstances: [string, string][];
  periods: [string, string][];
  proposals: string[];
  /** [proposalId, itemId] */
  items: [string, string][];
  subjects: string[];
}

/** Strings people and attackers type: each a known trap for one layer or another. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'abc\u0000def',
  '\uD800', // a lone high surrogate
  'x\uDC00y', // a lone low surrogate
  '\uDBFF\uDFFF',
  '\u202Eabc\u202C', // right-to-left override
  'مرحبا بالعالم',
  'שלום',
  'e\u0301\u0301\u0301\u0301', // combining marks
  'Nguyễn Văn A', // NFC
  'Nguye\u0302\u0303n Va\u0306n A', // NFD
  '👩‍👩‍👧‍👦🇻🇳',
  '\uFEFFbom',
  '\u200B\u200C\u200D',
  '\r\n\t',
  '#',
  'a#b',
  '*',
  '../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  "'; DROP TABLE x; --",
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '=cmd|"/c calc"!A1', // spreadsheet formula
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  '9'.repeat(40),
];

export const BAD_DATES = [
  '2023-02-31',
  '2024-02-30',
  '0000-00-00',
  '0000-01-01',
  '99999-01-01',
  '+02024-01-01',
  '2024-13-01',
  '2024-00-10',
  '2024-1-1',
  '20240101',
  '2024/01/01',
  '01/02/2024',
  '2024-01-01T00:00:00Z',
  ' 2024-01-01',
  '1899-12-31',
  '2200-01-01',
  '9999-12-31',
  '2024-02-29x',
  '２０２４-０１-０１',
];

const plainText = fc.constantFrom(
  'Sở Khoa học và Công nghệ',
  'Phòng Tổ chức cán bộ',
  'Chuyên viên',
  'Nguyễn Thị Hoa',
  'Quyết định 12/QĐ-UBND',
  'Ghi chú',
);
const nastyString = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);
const hugeString = fc.constantFrom(5_000, 70_000, 300_000).map((n) => 'Ă'.repeat(n));

const validDate = fc.integer({ min: 1950, max: 2030 }).chain((year) =>
  fc.record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) }).map(
    ({ month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  ),
);
/** The ends of the accepted range, leap days, month ends: where date arithmetic breaks if it does. */
const EDGE_DATES = ['1900-01-01', '1900-02-28', '2199-12-31', '2199-02-28', '2000-02-29', '2024-02-29', '2100-02-28', '2026-12-31', '2027-01-01'];
const anyDate = fc.oneof(
  { weight: 4, arbitrary: validDate },
  { weight: 1, arbitrary: fc.constantFrom(...EDGE_DATES) },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_DATES) },
);

const unknownId = fc.oneof(
  fc.constantFrom('NO-SUCH-ID', 'x', 'A'.repeat(64), 'A'.repeat(65), 'TP', 'system', 'a b', 'a#b', 'a/b', '..'),
  fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/),
);

/** A value for a field or parameter named `name`: ids from the dataset when the name says what it refers to. */
function idFor(name: string, pools: Pools, strict = false): fc.Arbitrary<string> | undefined {
  const pick = (values: string[]) =>
    values.length
      ? strict
        ? fc.constantFrom(...values)
        : fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: unknownId })
      : unknownId;
  if (/^(unitId|parentId|successorId|scopeUnitId)$/.test(name)) return pick(pools.units);
  if (/^(positionId|targetPositionId|fromPositionId)$/.test(name)) return pick(pools.positions);
  if (name === 'officialId') return pick(pools.officials);
  if (name === 'assignmentId') return pick(pools.assignments.map(([, a]) => a));
  if (name === 'circumstanceId') return pick(pools.circumstances.map(([, c]) => c));
  if (name === 'proposalId') return pick(pools.proposals);
  if (name === 'itemId') return pick(pools.items.map(([, i]) => i));
  if (name === 'entityId') return pick([...pools.officials, ...pools.units, ...pools.proposals]);
  if (name === 'actor') return pick(pools.subjects);
  if (name === 'id') return fc.oneof(fc.stringMatching(/^FZ[0-9]{1,6}$/), pick([...pools.units, ...pools.officials, ...pools.positions]));
  if (name === 'period' && strict)
    return fc.oneof(
      fc.constantFrom(...pools.periods.map(([, p]) => p), '2025', '2024', '2026'),
      fc.record({ y: fc.integer({ min: 2020, max: 2027 }), m: fc.integer({ min: 1, max: 12 }), q: fc.integer({ min: 1, max: 4 }), f: fc.integer({ min: 0, max: 2 }) }).map(
        ({ y, m, q, f }) => (f === 0 ? `${y}` : f === 1 ? `${y}-Q${q}` : `${y}-${String(m).padStart(2, '0')}`),
      ),
    );
  if (name === 'period')
    return fc.oneof(
      fc.constantFrom(...pools.periods.map(([, p]) => p), '2025', '2026-Q1', '2026-03', '2024'),
      fc.constantFrom('2026-Q5', '2026-13', '1899', '2200', '26', '2026-Q0', '2026-00', 'năm 2025'),
    );
  return undefined;
}

/** A value that matches `schema` most of the time; `name` is the field or parameter it is for. */
/**
 * A value for `schema`. `strict`: one the schema accepts (known ids, real dates within the bounds, numbers in range,
 * strings that are odd but valid: right-to-left, combining marks, emoji), so that unmutated requests reach the rules;
 * otherwise a fifth or so of the parts are wrong already.
 */
export function valueOf(schema: Schema, doc: DocSchemas, pools: Pools, name = '', depth = 0, strict = false): fc.Arbitrary<unknown> {
  if (schema.$ref) return valueOf(resolve(schema.$ref, doc), doc, pools, name, depth, strict);
  if (schema.allOf)
    return valueOf(Object.assign({}, ...schema.allOf.map((s) => (s.$ref ? resolve(s.$ref, doc) : s))), doc, pools, name, depth, strict);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => valueOf(s, doc, pools, name, depth, strict)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'object'];
  return fc.oneof(...types.map((type) => valueOfType(type, schema, doc, pools, name, depth, strict)));
}

/** Text a person may really type: Vietnamese, other scripts, right-to-left, decomposed, emoji. All valid input. */
const VALID_ODD_TEXT = [
  'Nguyễn Văn A',
  'Nguye\u0302\u0303n Va\u0306n A',
  'مرحبا بالعالم',
  'שלום עולם',
  'Phòng \u202Bخاص\u202C',
  'Đặng Thị Ánh 👩‍💼',
  'Ê\u0301\u0301\u0301',
  'Hoàng  Văn   Bình',
  "O'Brien-Lê",
  '李小龍',
  'Ｆｕｌｌ ｗｉｄｔｈ',
];

function valueOfType(
  type: string,
  schema: Schema,
  doc: DocSchemas,
  pools: Pools,
  name: string,
  depth: number,
  strict = false,
): fc.Arbitrary<unknown> {
  if (strict) {
    if (name === 'version') return fc.constant(1);
    if (type === 'integer' || type === 'number') {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
      const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 100);
      return type === 'integer' ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.double({ min, max, noNaN: true }));
    }
    if (type === 'string') {
      const byName = idFor(name, pools, true);
      if (byName) return byName;
      if (schema.format === 'date') return fc.oneof({ weight: 4, arbitrary: validDate }, { weight: 1, arbitrary: fc.constantFrom(...EDGE_DATES) });
      if (schema.format === 'email' || /email/i.test(name)) return fc.constantFrom('tccb@so.example.vn', 'a.b@ubnd.example.vn', 'le.thi+hr@x.vn');
      if (schema.pattern === '^[A-Za-z0-9._-]{1,64}$') return fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/);
      const min = schema.minLength ?? 0;
      const max = Math.min(schema.maxLength ?? 200, 200);
      return fc
        .oneof({ weight: 2, arbitrary: plainText }, { weight: 1, arbitrary: fc.constantFrom(...VALID_ODD_TEXT) })
        .map((s) => s.slice(0, max))
        .filter((s) => s.length >= min);
    }
  }
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000);
      const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1000);
      const inRange = type === 'integer' ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true });
      return fc.oneof({ weight: 5, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1, 0, -1, 2 ** 53, 0.5) });
    }
    case 'string': {
      const byName = idFor(name, pools);
      if (byName) return byName;
      if (schema.format === 'date') return anyDate;
      if (schema.format === 'email' || /email/i.test(name))
        return fc.oneof(fc.constantFrom('tccb@so.example.vn', 'a@b.vn'), fc.emailAddress(), nastyString);
      if (schema.pattern === '^[A-Za-z0-9._-]{1,64}$') return fc.oneof(fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/), unknownId);
      const max = Math.min(schema.maxLength ?? 200, 200);
      return fc.oneof(
        { weight: 2, arbitrary: plainText.map((s) => s.slice(0, max)) },
        { weight: 1, arbitrary: nastyString.map((s) => s.slice(0, max)) },
      );
    }
    case 'array': {
      if (depth > 4) return fc.constant([]);
      return fc.array(valueOf(schema.items ?? {}, doc, pools, name, depth + 1, strict), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    }
    case 'object': {
      if (depth > 4) return fc.constant({});
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const entries = Object.entries(props).map(([key, s]) => {
        const value = valueOf(s, doc, pools, key, depth + 1, strict);
        return [key, required.has(key) ? value : fc.option(value, { nil: undefined, freq: strict && key === 'version' ? 1 : 2 })] as const;
      });
      return fc.record(Object.fromEntries(entries)).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
    }
    default:
      throw new NoGeneratorError(`no generator for JSON Schema type '${type}' (${name})`);
  }
}

type DocSchemas = Record<string, Schema>;

function resolve(ref: string, doc: DocSchemas): Schema {
  const name = ref.replace('#/components/schemas/', '');
  const found = doc[name];
  if (!found) throw new NoGeneratorError(`unresolved $ref ${ref}`);
  return found;
}

// ----------------------------------------------------------------------------------------------------------------
// Requests
// ----------------------------------------------------------------------------------------------------------------

export interface Caller {
  kind: 'role';
  role: string;
  units: string[] | '*';
}
export type Auth = Caller | { kind: 'raw'; header?: string } | { kind: 'claims'; claims: Record<string, unknown> };

export interface FuzzRequest {
  operationId: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | FormData;
  auth: Auth;
  mutation: string;
}

export const MUTATIONS = [
  // Unmutated (but generated, with unicode and edge values in them): a third of the requests, to reach the rules.
  'none',
  'none',
  'none',
  'none',
  'none',
  'none',
  'none',
  'none',
  'none',
  'drop-field',
  'extra-field',
  'wrong-type',
  'huge-string',
  'deep-json',
  'unicode',
  'bad-date',
  'unknown-id',
  'content-type',
  'malformed-json',
  'if-match',
  'idempotency-key',
  'cursor',
  'limit',
  'query-garbage',
  'token',
  'wrong-method',
  'query-repeat',
  'path-shape',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

const BAD_IF_MATCH = ['abc', '-1', '0', '1.5', '99999999999999999999', '"1"', 'W/"1"', '*', '1, 2', ' ', '１', '0x10', '1e3', 'NaN'];
const BAD_IDEMPOTENCY_KEYS = ['', ' ', 'k'.repeat(129), 'khóa-tiếng-việt', 'tab\tkey', 'a#b', 'ключ', '\u0000'];
const BAD_CURSORS = [
  'not-base64!!',
  Buffer.from('{"PK":"UNIT#x","SK":"A"}').toString('base64url'),
  Buffer.from('{"PK":{"S":"x"}}').toString('base64url'),
  Buffer.from('[]').toString('base64url'),
  Buffer.from('null').toString('base64url'),
  Buffer.from('"x"').toString('base64url'),
  Buffer.from('{"__proto__":{"x":1}}').toString('base64url'),
  Buffer.from('{"PK":"' + 'A'.repeat(3000) + '"}').toString('base64url'),
  'A'.repeat(4001),
  '%ZZ',
  '',
];
const BAD_LIMITS = ['0', '-1', '501', 'abc', '1e10', '1.5', '', '99999999999999999999', '0x10', ' 5'];
const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/jsonx',
  'application/problem+json',
  '',
  'text/csv',
];
const MALFORMED_JSON = ['{', '{"a":}', '[', ']', '{"a":1,}', "{'a':1}", 'nul', '\uFEFF{}', '{}garbage', '1e999', '{"a":"\\x"}', '"', '\u0000'];

/** Nested arrays `depth` levels deep, as JSON text. */
export const deepJson = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** A path value marked this way is put into the URL as it is: percent sequences a client might send, valid or not. */
const RAW = '\u0001raw:';

/**
 * A path segment as a client would send it: percent-encoded UTF-8 (a lone surrogate, which UTF-8 cannot carry, as
 * the replacement character, as a browser sends it), or raw when marked RAW.
 */
function encodePathSegment(value: string): string {
  if (value.startsWith(RAW)) return value.slice(RAW.length);
  return encodeURIComponent(value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}

function csvOf(rows: string[][]): string {
  const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/** Header rows of the three import templates (Vietnamese), to make CSV bodies that reach row validation. */
export interface ImportHeaders {
  officials: string[];
  assignments: string[];
  assessments: string[];
}

/**
 * An arbitrary of requests for one operation. `roles` are the roles tokens may carry; `scopes` the scopes.
 */
export function requestsFor(
  op: Operation,
  docSchemas: DocSchemas,
  pools: Pools,
  options: {
    roles: readonly string[];
    /** The roles the operation allows: chosen most of the time, so that requests get past the policy. */
    allowedRoles?: (operationId: string) => readonly string[];
    scopes: (string[] | '*')[];
    importHeaders: ImportHeaders;
    /** Real XLSX files (the app's own templates), cut and corrupted for upload bodies. */
    xlsxSamples?: Uint8Array[];
  },
): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  for (const p of op.parameters)
    if (!['path', 'query', 'header'].includes(p.in)) throw new NoGeneratorError(`${op.operationId}: parameter in ${p.in}`);

  // Path parameters that belong together come from one record of the dataset most of the time.
  const pairs: Record<string, [string, string][]> = {
    assignmentId: pools.assignments,
    circumstanceId: pools.circumstances,
    period: pools.periods,
    itemId: pools.items,
  };
  const pairName = pathParams.map((p) => p.name).find((n) => n in pairs);
  const pathArb: fc.Arbitrary<Record<string, string>> = (() => {
    const independent = fc.record(
      Object.fromEntries(
        pathParams.map((p) => [
          p.name,
          fc.oneof(
            { weight: 2, arbitrary: idFor(p.name, pools, true) ?? valueOf(p.schema, docSchemas, pools, p.name, 0, true) },
            { weight: 1, arbitrary: idFor(p.name, pools) ?? valueOf(p.schema, docSchemas, pools, p.name) },
          ).map(String),
        ]),
      ),
    );
    if (pairName && pairs[pairName].length) {
      const parentName = pathParams[0].name;
      const paired = fc.constantFrom(...pairs[pairName]).map(([parent, child]) => ({ [parentName]: parent, [pairName]: child }));
      return fc.oneof({ weight: 3, arbitrary: paired }, { weight: 1, arbitrary: independent });
    }
    return independent;
  })();

  const queryOf = (strict: boolean) =>
    fc.record(
      Object.fromEntries(
        queryParams.map((p) => {
          const value = valueOf(p.schema, docSchemas, pools, p.name, 0, strict).map((v) => String(v));
          return [p.name, p.required ? value : fc.option(value, { nil: undefined, freq: 2 })];
        }),
      ),
    ) as fc.Arbitrary<Record<string, string | undefined>>;
  // Two requests in three are valid before their mutation.
  const queryArb = fc.oneof({ weight: 2, arbitrary: queryOf(true) }, { weight: 1, arbitrary: queryOf(false) });

  let bodyArb: fc.Arbitrary<{ contentType?: string; value?: unknown; raw?: string | Uint8Array | FormData }> = fc.constant({});
  if (op.body) {
    if (op.body.json) {
      const json = op.body.json;
      bodyArb = fc
        .oneof({ weight: 2, arbitrary: valueOf(json, docSchemas, pools, '', 0, true) }, { weight: 1, arbitrary: valueOf(json, docSchemas, pools) })
        .map((value) => ({ contentType: 'application/json', value }));
    } else if (op.body.types.includes('text/csv')) {
      const kind = (op.path.includes('{kind}') ? undefined : 'officials') as keyof ImportHeaders | undefined;
      const cell = fc.oneof(plainText, validDate, fc.constantFrom(...pools.officials, ...pools.positions, 'Nam', 'Nữ', 'x'), nastyString);
      bodyArb = fc
        .tuple(
          fc.constantFrom<keyof ImportHeaders>(...(kind ? [kind] : (['officials', 'assignments', 'assessments'] as const))),
          fc.array(fc.array(cell, { minLength: 0, maxLength: 8 }), { maxLength: 6 }),
          fc.boolean(),
        )
        .map(([k, rows, withHeader]) => ({
          contentType: 'text/csv',
          raw: csvOf([...(withHeader ? [options.importHeaders[k]] : []), ...rows]),
        }));
      const samples = options.xlsxSamples ?? [];
      const xlsx = samples.length
        ? fc
            .record({
              sample: fc.constantFrom(...samples),
              cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
              flips: fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), byte: fc.integer({ min: 0, max: 255 }) }), {
                maxLength: 4,
              }),
            })
            .map(({ sample, cut, flips }) => {
              const bytes = Uint8Array.from(cut === undefined ? sample : sample.subarray(0, Math.floor(sample.length * cut)));
              for (const f of flips) if (bytes.length) bytes[Math.floor(f.at * bytes.length)] = f.byte;
              return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', raw: bytes };
            })
        : undefined;
      // A form with the file in `file` (or in another field), as a browser uploads it.
      const form = fc.tuple(bodyArb, fc.constantFrom('file', 'upload', '')).map(([b, field]) => {
        const data = new FormData();
        if (field) data.set(field, new Blob([b.raw as string], { type: 'text/csv' }), 'danh-sach.csv');
        else data.set('note', 'không có tệp');
        return { raw: data };
      });
      bodyArb = fc.oneof({ weight: 3, arbitrary: bodyArb }, ...(xlsx ? [{ weight: 2, arbitrary: xlsx }] : []), { weight: 1, arbitrary: form });
    } else {
      throw new NoGeneratorError(`${op.operationId}: no generator for request bodies of ${op.body.types.join(', ')}`);
    }
  }

  const allowed = (options.allowedRoles?.(op.operationId) ?? []).filter((r) => options.roles.includes(r));
  const callerArb: fc.Arbitrary<Auth> = fc.record({
    kind: fc.constant('role' as const),
    role: allowed.length
      ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...allowed) }, { weight: 1, arbitrary: fc.constantFrom(...options.roles) })
      : fc.constantFrom(...options.roles),
    units: fc.constantFrom(...options.scopes),
  });

  return fc
    .record({
      path: pathArb,
      query: queryArb,
      body: bodyArb,
      caller: callerArb,
      mutation: fc.constantFrom(...MUTATIONS),
      // Present on one write in two (freq: one in `freq` is left out).
      idempotencyKey: fc.option(fc.stringMatching(/^[a-z0-9-]{8,20}$/), { nil: undefined, freq: 2 }),
      ifMatch: fc.option(fc.integer({ min: 1, max: 4 }).map(String), { nil: undefined, freq: 2 }),
      pick: fc.nat(),
      nasty: nastyString,
      huge: hugeString,
      depth: fc.constantFrom(50, 2_000, 60_000),
    })
    .map((r) => {
      const path = { ...r.path };
      const query: Record<string, string | undefined> = { ...r.query };
      let body = r.body.value;
      let raw = r.body.raw;
      let contentType = r.body.contentType;
      let method = op.method;
      let auth: Auth = r.caller;
      const headers: Record<string, string> = {};
      const extraQuery: [string, string][] = [];
      if (op.method !== 'GET' && r.idempotencyKey) headers['idempotency-key'] = r.idempotencyKey;
      if (op.method !== 'GET' && r.ifMatch) headers['if-match'] = r.ifMatch;

      const fieldNames = body && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body as object) : [];
      const someField = fieldNames.length ? fieldNames[r.pick % fieldNames.length] : undefined;
      const setField = (value: unknown) => {
        if (body && typeof body === 'object' && !Array.isArray(body)) body = { ...(body as object), [someField ?? 'x']: value };
      };
      const queryNames = Object.keys(query);
      const pathNames = Object.keys(path);
      const wrongTypes: unknown[] = [null, 0, -1, 1.5, true, [], {}, 'text', [1, 2], { a: 1 }, 1e308];

      switch (r.mutation as Mutation) {
        case 'none':
          break;
        case 'drop-field':
          if (someField) {
            const { [someField]: _dropped, ...rest } = body as Record<string, unknown>;
            body = rest;
          } else if (queryNames.length) delete query[queryNames[r.pick % queryNames.length]];
          else body = undefined;
          break;
        case 'extra-field':
          if (body && typeof body === 'object' && !Array.isArray(body))
            body = { ...(body as object), ['extra' + (r.pick % 3)]: r.nasty, __proto__x: 1, version: r.pick % 5 };
          else query['extra'] = r.nasty;
          break;
        case 'wrong-type':
          if (someField) setField(wrongTypes[r.pick % wrongTypes.length]);
          else if (op.body?.json) body = wrongTypes[r.pick % wrongTypes.length];
          else if (queryNames.length) query[queryNames[r.pick % queryNames.length]] = ['[]', '{}', 'true', '1.5', 'null'][r.pick % 5];
          break;
        case 'huge-string':
          if (op.body?.json && someField) setField(r.huge);
          else if (raw !== undefined) raw = r.pick % 2 ? r.huge : r.huge.repeat(25); // past the 5 MB import limit too
          else if (queryNames.length) query[queryNames[r.pick % queryNames.length]] = r.huge.slice(0, 20_000);
          else if (pathNames.length) path[pathNames[r.pick % pathNames.length]] = r.huge.slice(0, 5_000);
          break;
        case 'deep-json':
          raw = r.pick % 2 ? deepJson(r.depth) : deepObject(r.depth);
          contentType = 'application/json';
          body = undefined;
          break;
        case 'unicode':
          if (someField) setField(r.nasty);
          else if (queryNames.length) query[queryNames[r.pick % queryNames.length]] = r.nasty;
          else if (pathNames.length) path[pathNames[r.pick % pathNames.length]] = r.nasty;
          else if (raw !== undefined) raw = `${options.importHeaders.officials.join(',')}\r\n${r.nasty},${r.nasty}\r\n`;
          break;
        case 'bad-date': {
          const bad = BAD_DATES[r.pick % BAD_DATES.length];
          const dateField = fieldNames.find((f) => /date|On$|^from$|^to$|asOf|valid/i.test(f));
          const dateQuery = queryNames.find((q) => /asOf|from|to/.test(q));
          if (dateField) body = { ...(body as object), [dateField]: bad };
          else if (dateQuery) query[dateQuery] = bad;
          else if (op.body?.json) setField(bad);
          else query['asOf'] = bad;
          break;
        }
        case 'unknown-id':
          if (pathNames.length)
            path[pathNames[r.pick % pathNames.length]] = ['NO-SUCH-ID', 'A'.repeat(65), 'a#b', 'x y', RAW + '%FF', RAW + '%E0%A4%A', RAW + '%', RAW + '%00', RAW + '..%2F..'][
              r.pick % 9
            ];
          else if (someField) setField('NO-SUCH-ID');
          else query['unitId'] = 'NO-SUCH-ID';
          break;
        case 'content-type':
          contentType = CONTENT_TYPES[r.pick % CONTENT_TYPES.length];
          if (raw === undefined && body === undefined) raw = 'x=1';
          break;
        case 'malformed-json':
          raw = MALFORMED_JSON[r.pick % MALFORMED_JSON.length];
          contentType = 'application/json';
          body = undefined;
          break;
        case 'if-match':
          headers['if-match'] = BAD_IF_MATCH[r.pick % BAD_IF_MATCH.length];
          break;
        case 'idempotency-key':
          headers['idempotency-key'] = BAD_IDEMPOTENCY_KEYS[r.pick % BAD_IDEMPOTENCY_KEYS.length];
          break;
        case 'cursor':
          query['cursor'] = BAD_CURSORS[r.pick % BAD_CURSORS.length];
          break;
        case 'limit':
          query['limit'] = BAD_LIMITS[r.pick % BAD_LIMITS.length];
          break;
        case 'query-garbage':
          query[['asOf', 'unitId', 'format', 'status', 'dryRun', 'q'][r.pick % 6]] = r.nasty;
          break;
        case 'token': {
          const tokens: Auth[] = [
            { kind: 'raw' },
            { kind: 'raw', header: 'Bearer' },
            { kind: 'raw', header: 'Bearer ' },
            { kind: 'raw', header: 'Bearer abc.def.ghi' },
            { kind: 'raw', header: 'Basic dXNlcjpwYXNz' },
            { kind: 'raw', header: 'bearer\tx' },
            { kind: 'raw', header: 'Bearer ' + 'a'.repeat(9000) },
            // alg none, with the claims of an admin
            {
              kind: 'raw',
              header:
                'Bearer ' +
                Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url') +
                '.' +
                Buffer.from('{"sub":"x","cognito:groups":["admin"],"custom:scope":"*"}').toString('base64url') +
                '.',
            },
            { kind: 'claims', claims: { role: 'system', units: '*' } },
            { kind: 'claims', claims: { role: 'admin', units: ['SKHCN *'] } },
            { kind: 'claims', claims: { role: 'hr', units: ['*', 'SKHCN'] } },
            { kind: 'claims', claims: { role: 'hr', units: '*', sub: 'a#b' } },
            { kind: 'claims', claims: { role: 'hr', units: '*', sub: 'x'.repeat(129) } },
            { kind: 'claims', claims: { role: 'root', units: '*' } },
            { kind: 'claims', claims: { role: 'leader', units: [r.nasty || 'x'] } },
          ];
          auth = tokens[r.pick % tokens.length];
          break;
        }
        case 'wrong-method':
          method = ['PUT', 'PATCH', 'DELETE', 'POST', 'GET', 'OPTIONS', 'HEAD'][r.pick % 7];
          if (method === op.method) method = 'DELETE';
          break;
      }

      if (r.mutation === 'query-repeat') {
        const name = ['limit', 'cursor', 'asOf', 'unitId', 'format', 'dryRun'][r.pick % 6];
        extraQuery.push([name, query[name] ?? '1'], [name, r.nasty], [`${name}[]`, 'x']);
      }
      let url = op.path.replace(/\{(\w+)\}/g, (_, n: string) => encodePathSegment(path[n] ?? ''));
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.set(k, v);
      for (const [k, v] of extraQuery) qs.append(k, v);
      if (r.mutation === 'path-shape') {
        const shapes = [(u: string) => `${u}/`, (u: string) => u.replace('/v1/', '/v1//'), (u: string) => u.toUpperCase(), (u: string) => `${u}/..`, (u: string) => `${u}%2F`, (u: string) => u.replace('/v1/', '/v1/./')];
        url = shapes[r.pick % shapes.length](url);
      }
      const qsText = qs.toString();
      if (qsText) url += `?${qsText}`;
      if (contentType && !(raw instanceof FormData)) headers['content-type'] = contentType;
      const text = raw !== undefined ? raw : body !== undefined ? JSON.stringify(body) : undefined;
      return {
        operationId: op.operationId,
        method,
        url,
        headers,
        body: method === 'GET' || method === 'HEAD' ? undefined : text,
        auth,
        mutation: r.mutation,
      };
    });
}
