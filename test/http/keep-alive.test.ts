/**
 * A 413 over a real socket: the server answers before reading the oversized body, then drops the connection. Sent
 * with `Connection: keep-alive`, that 413 made a pooled client send its next request down the dying socket
 * (ECONNRESET). The app now answers a 413 with `Connection: close`, so the client opens a new socket. Served by
 * @hono/node-server in this process, as `npm start` serves it; requests go through Node's keep-alive agent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { ORG, seedOrganisation } from '../support/fixtures';

let t: TestApp;
let server: ReturnType<typeof serve>;
let port: number;
let token: string;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  t = await createTestApp();
  await seedOrganisation(t);
  token = await t.token('hr', '*');
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  if (!server.listening) await new Promise((listening) => server.once('listening', listening));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  agent.destroy();
  await new Promise((closed) => server.close(closed));
});

interface Answer {
  status?: number;
  connection?: string;
  contentType?: string;
  body?: string;
  error?: string;
}

function send(method: string, path: string, body?: string): Promise<Answer> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { authorization: `Bearer ${token}` };
    if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          connection: res.headers.connection,
          contentType: res.headers['content-type'],
          body: text,
        }),
      );
    });
    // A write error after the answer (the server closed while the body was still going out) is not the test's
    // concern: the answer has been read. An error before any answer is.
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const official = (extra: object = {}) =>
  JSON.stringify({ fullName: 'Võ Thị Em', gender: 'female', dateOfBirth: '1990-09-09', unitId: ORG.office, ...extra });

describe('a 413 on a keep-alive connection', () => {
  it('answers problem+json with Connection: close, and the pooled client’s next requests succeed', async () => {
    const tooLarge = await send('POST', '/v1/officials', official({ note: 'x'.repeat(300 * 1024) }));
    expect(tooLarge.error).toBeUndefined();
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.connection).toBe('close');
    expect(tooLarge.contentType).toContain('application/problem+json');
    expect(JSON.parse(tooLarge.body!)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });

    const next = await send('GET', '/v1/officials');
    expect(next.error).toBeUndefined();
    expect(next.status).toBe(200);

    // And again, with a larger body and a write after it.
    const again = await send('POST', '/v1/officials', official({ note: 'y'.repeat(3 * 1024 * 1024) }));
    expect(again).toMatchObject({ status: 413, connection: 'close' });
    const created = await send('POST', '/v1/officials', official());
    expect(created.error).toBeUndefined();
    expect(created.status).toBe(201);
  });

  it('keeps ordinary answers on keep-alive', async () => {
    const res = await send('GET', '/v1/health');
    expect(res).toMatchObject({ status: 200, connection: 'keep-alive' });
  });
});
