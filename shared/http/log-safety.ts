/**
 * What an error log line may say. A crash's message can echo what the client sent (a JSON parser quotes the text it
 * choked on, a driver names the value it refused) and its own properties can hold whole items (a cancelled
 * transaction's reasons): a log line must carry neither, since logs are kept and read outside the personal data
 * rules. So the log gets the error's type, its code, its stack frames (code locations only) and a message with every
 * value of the request, every quoted fragment, e-mail address, date and long number taken out.
 */
import type { Context } from 'hono';

/** Messages are cut here: a message long enough to hold a record is not a message. */
const MAX_MESSAGE = 300;
/** Properties of SDK errors worth keeping, reduced to what names a failure rather than data. */
const SAFE_CODE = /^[A-Za-z][A-Za-z0-9_.:-]{0,80}$/;

/** Every value the request carried: path segments, query values, headers' values and the body's text and leaves. */
export async function requestValues(c: Context): Promise<string[]> {
  const values: string[] = [];
  try {
    const url = new URL(c.req.url);
    for (const segment of url.pathname.split('/')) values.push(safeDecode(segment));
    for (const [key, value] of url.searchParams) values.push(key, value);
  } catch {
    // an unparsable URL leaves nothing to collect
  }
  for (const [name, value] of Object.entries(c.req.header())) {
    if (name === 'content-type' || name === 'content-length') continue;
    values.push(value, ...value.split(/[\s,;=]+/));
  }
  try {
    const text = await c.req.text();
    values.push(text);
    try {
      collectLeaves(JSON.parse(text), values);
    } catch {
      values.push(...text.split(/[\s,;"']+/));
    }
  } catch {
    // the body was already streamed away or is unreadable: the generic redactions below still apply
  }
  // Longest first, so a value containing another is removed whole.
  return [...new Set(values.filter((v) => v.length >= 3))].sort((a, b) => b.length - a.length);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function collectLeaves(value: unknown, into: string[], depth = 0): void {
  if (depth > 20) return;
  if (typeof value === 'string') into.push(value, JSON.stringify(value).slice(1, -1));
  else if (typeof value === 'number' || typeof value === 'boolean') into.push(String(value));
  else if (Array.isArray(value)) for (const v of value) collectLeaves(v, into, depth + 1);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      into.push(k);
      collectLeaves(v, into, depth + 1);
    }
}

/** A message with the request's values and anything shaped like personal data taken out. */
export function scrubMessage(message: string, values: readonly string[]): string {
  let text = message;
  for (const value of values) if (text.includes(value)) text = text.split(value).join('[input]');
  text = text
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '[quoted]')
    .replace(/[^\s@]+@[^\s@]+/g, '[email]')
    .replace(/\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4}/g, '[date]')
    .replace(/\d{5,}/g, '[number]');
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

/** An error as a log line may carry it. */
export function safeError(error: unknown, values: readonly string[], depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: typeof error };
  const own = error as Error & Record<string, unknown>;
  const metadata = own.$metadata as { httpStatusCode?: unknown } | undefined;
  const reasons = Array.isArray(own.CancellationReasons)
    ? (own.CancellationReasons as { Code?: unknown }[]).map((r) => (typeof r?.Code === 'string' && SAFE_CODE.test(r.Code) ? r.Code : '?'))
    : undefined;
  return {
    name: error.name,
    ...(typeof own.code === 'string' && SAFE_CODE.test(own.code) ? { code: own.code } : {}),
    ...(typeof metadata?.httpStatusCode === 'number' ? { httpStatusCode: metadata.httpStatusCode } : {}),
    ...(reasons ? { cancellationReasons: reasons } : {}),
    message: scrubMessage(error.message, values),
    // Frames only: the first line of a stack repeats the message.
    stack: (error.stack ?? '')
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .map((line) => line.trim()),
    ...(error.cause !== undefined && depth < 3 ? { cause: safeError(error.cause, values, depth + 1) } : {}),
  };
}
