/**
 * Logs never echo user input (docs/personal-data.md): bad requests carrying names, dates of birth, e-mails, comments
 * and tokens, and a crash whose error quotes the data it was given, leave log lines with none of it. The log lines
 * are captured as the Powertools logger prints them.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../scripts/lib/local-runtime';
import { startTestRuntime } from '../support/dynamo';

const NAME = 'Hoàng Thị Kín Đáo';
const BIRTH = '1977-11-23';
const EMAIL = 'kindao.rieng@example.vn';
const COMMENT = 'Điều trị bệnh hiểm nghèo tại viện';
const FORGED_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJrZXQtbG9pIn0.bWF0LW1h';
/** Any of these in a log line is a leak (the name also in its JSON-escaped form). */
const SECRETS = [NAME, JSON.stringify(NAME).slice(1, -1), 'Kín Đáo', BIRTH, EMAIL, COMMENT, 'bệnh hiểm nghèo', FORGED_TOKEN];

let runtime: LocalRuntime;
const lines: string[] = [];

function capturingLogger(): Logger {
  const logger = new Logger({ serviceName: 'test', logLevel: 'DEBUG' });
  const capture = (line: string) => void lines.push(String(line));
  // What the logger would print, captured instead of written to stdout.
  (logger as unknown as { console: Record<string, (line: string) => void> }).console = {
    debug: capture,
    info: capture,
    warn: capture,
    error: capture,
    log: capture,
    trace: capture,
  };
  return logger;
}

async function request(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const token = await runtime.signToken({ role: 'hr', units: '*', sub: 'hr-log' });
  const res = await runtime.app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, text: await res.text() };
}

function expectNoSecret(text: string, what: string) {
  for (const secret of SECRETS) expect(text.includes(secret), `${what} contains ${secret}`).toBe(false);
}

beforeAll(async () => {
  runtime = await startTestRuntime({ logger: capturingLogger() });
  const token = await runtime.signToken({ role: 'admin', units: '*', sub: 'admin-log' });
  const unit = await runtime.app.request('/v1/units', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'U1', name: 'Văn phòng', kind: 'department' }),
  });
  expect(unit.status).toBe(201);
});

afterAll(async () => {
  await runtime?.close?.();
});

describe('logs carry no user input', () => {
  it('bad requests full of personal data: 4xx answers, request lines without any of it', async () => {
    const before = lines.length;
    const official = { fullName: NAME, gender: 'unknown', dateOfBirth: BIRTH.replace('23', '31'), email: EMAIL, unitId: 'U1' };
    const answers = [
      await request('POST', '/v1/officials', JSON.stringify(official)),
      await request('POST', '/v1/officials', `{"fullName": "${NAME}", "dateOfBirth": "${BIRTH}", "email": "${EMAIL}"`),
      await request('POST', '/v1/officials', JSON.stringify({ ...official, gender: 'female', dateOfBirth: BIRTH, extra: COMMENT })),
      await request('GET', `/v1/officials?q=${encodeURIComponent(NAME)}&limit=${encodeURIComponent(EMAIL)}`),
      await request('GET', `/v1/officials/${encodeURIComponent(NAME)}/tenure?asOf=${BIRTH}x`),
      await request('PUT', '/v1/officials/nobody/assessments/2025', JSON.stringify({ rating: COMMENT, assessedOn: BIRTH, comments: COMMENT })),
      await request('GET', '/v1/officials', undefined, { authorization: `Bearer ${FORGED_TOKEN}` }),
      await request('GET', `/v1/${encodeURIComponent(NAME)}/${BIRTH}`),
    ];
    for (const answer of answers) expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
    for (const answer of answers) expect(answer.status, answer.text).toBeLessThan(500);
    const logged = lines.slice(before);
    expect(logged.length).toBeGreaterThanOrEqual(answers.length);
    for (const line of logged) expectNoSecret(line, line);
  });

  it('a crash whose error quotes the request: an opaque 500, and a log line with the error type and frames but none of the data', async () => {
    const store = runtime.deps.officials as unknown as { writeAggregate: (write: unknown) => Promise<void> };
    const original = store.writeAggregate;
    store.writeAggregate = async (write: unknown) => {
      // As a driver might: the data in the message (quoted and not) and in the error's own properties.
      const driver = Object.assign(new Error(`cannot store ${JSON.stringify(write)} for ${NAME}, born ${BIRTH}`), {
        Item: write,
        $metadata: { httpStatusCode: 400 },
      });
      throw new Error(`write failed: ${EMAIL}`, { cause: driver });
    };
    const before = lines.length;
    try {
      const body = JSON.stringify({ fullName: NAME, gender: 'female', dateOfBirth: BIRTH, email: EMAIL, unitId: 'U1' });
      const res = await request('POST', '/v1/officials', body, { 'x-request-id': 'req-crash-1' });
      expect(res.status).toBe(500);
      expectNoSecret(res.text, 'the 500 answer');
      expect(JSON.parse(res.text)).toMatchObject({ code: 'INTERNAL', instance: 'req-crash-1' });
    } finally {
      store.writeAggregate = original;
    }
    const logged = lines.slice(before);
    const crash = logged.map((l) => JSON.parse(l)).find((l) => l.message === 'unhandled error');
    expect(crash, logged.join('\n')).toBeDefined();
    expect(crash.requestId).toBe('req-crash-1');
    expect(crash.error.name).toBe('Error');
    expect(crash.error.cause).toMatchObject({ name: 'Error', httpStatusCode: 400 });
    expect(crash.error.stack.length).toBeGreaterThan(0);
    expect(crash.error.message).toContain('write failed');
    for (const line of logged) expectNoSecret(line, line);
  });
});
