/**
 * aws-ses-v2-local, the SES v2 emulator, in this process: the endpoint the SES mail adapter talks to locally
 * (SES_ENDPOINT), and a page at its root showing every mail sent, with `GET /store` (the mails as JSON) and
 * `POST /clear-store`. In-process, so stopping the process stops it: no child is ever left behind. Its mails live in
 * memory, for as long as the process.
 */
import type { Server } from 'node:http';

export interface SesLocal {
  port: number;
  /** What SES_ENDPOINT is set to. */
  endpoint: string;
  /** The viewer, for a person: `http://localhost:<port>/`. */
  viewerUrl: string;
  close(): Promise<void>;
}

/** A mail as aws-ses-v2-local keeps it (GET /store). */
export interface StoredMail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  at: number;
}

type StartServer = (config?: { host?: string; port?: number }) => Promise<Server>;

/**
 * Starts the emulator on `host:port` (port 0: a free one). The package is CommonJS: imported from ESM its default
 * export is the `exports` object, whose `default` is the server function (a bundler may hand over either).
 */
export async function startSesLocal(options: { port: number; host?: string }): Promise<SesLocal> {
  const host = options.host ?? '127.0.0.1';
  const imported = (await import('aws-ses-v2-local')) as unknown as { default: StartServer | { default: StartServer } };
  const start = typeof imported.default === 'function' ? imported.default : imported.default.default;
  const server = await start({ host, port: options.port });
  // The package resolves on 'error' as well (express 5 calls the listen callback with it): check it listens.
  const address = server.address();
  if (!server.listening || address === null || typeof address === 'string') {
    server.close();
    throw new SesPortUnavailableError(options.port, host);
  }
  const port = address.port;
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    viewerUrl: `http://localhost:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export class SesPortUnavailableError extends Error {
  override readonly name = 'SesPortUnavailableError';
  constructor(
    readonly port: number,
    readonly host: string,
  ) {
    super(`The mail emulator could not listen on ${host}:${port}: is SES_PORT ${port} in use? Start with SES_PORT=<other port>.`);
  }
}

/** The mails the emulator at `endpoint` holds (GET /store). */
export async function storedMails(endpoint: string): Promise<StoredMail[]> {
  const res = await fetch(`${endpoint}/store`);
  if (!res.ok) throw new Error(`GET ${endpoint}/store answered ${res.status}`);
  return ((await res.json()) as { emails: StoredMail[] }).emails;
}
