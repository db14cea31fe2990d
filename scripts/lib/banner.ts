/**
 * What `npm start` prints once it is up. The commands in it are meant to be copied as they are: when the server
 * runs on another data directory or port, they carry the variables that make `npm run token` sign with this
 * server's key and `npm run seed` find this server.
 */
import { join, resolve } from 'node:path';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, DEFAULT_SES_PORT } from './local-defaults';

/**
 * Quotes `value` for a POSIX shell (sh, bash, zsh): bare when it holds only characters no shell treats specially,
 * otherwise in single quotes, inside which only `'` itself needs care (closed, escaped, reopened).
 */
export function shellQuote(value: string): string {
  if (value !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `NAME=value ... command`, each value quoted for the shell. */
export function withEnv(vars: Record<string, string | undefined>, command: string): string {
  const prefix = Object.entries(vars)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${shellQuote(value)}`);
  return [...prefix, command].join(' ');
}

export interface BannerFacts {
  /** The absolute data directory the server uses. */
  dataDir: string;
  /** The project directory, where npm runs scripts and resolves the default data directory. */
  projectDir: string;
  host: string;
  port: number;
  dynamoEndpoint: string;
  tableName: string;
  table: 'created' | 'exists';
  pid: number;
  /** The mail emulator's page (aws-ses-v2-local in the server), when it runs one. */
  mailViewer?: string;
  /** The mail emulator's port, when the server runs one (`npm run alerts` reads the mails it sent from there). */
  sesPort?: number;
  /** Where mail goes (SES_ENDPOINT). */
  mailEndpoint?: string;
}

export interface Banner {
  text: string;
  /** The token command as printed, for tests to run. */
  tokenCommand: string;
}

const LOCAL_HOSTS = ['127.0.0.1', '0.0.0.0', '::', 'localhost'];

/** The address a person types for a server listening on host:port (a loopback or any-address host is localhost). */
export function serverBaseUrl(host: string, port: number): string {
  return `http://${LOCAL_HOSTS.includes(host) ? 'localhost' : host}:${port}`;
}

export function formatBanner(facts: BannerFacts): Banner {
  const local = LOCAL_HOSTS.includes(facts.host);
  const base = serverBaseUrl(facts.host, facts.port);
  // An absolute path, so the command works whatever directory it is pasted in (npm runs scripts in the project).
  const dataDir =
    resolve(facts.dataDir) === resolve(facts.projectDir, DEFAULT_DATA_DIR) ? undefined : resolve(facts.dataDir);
  const token = (silent: boolean) =>
    withEnv({ DATA_DIR: dataDir }, `npm run${silent ? ' -s' : ''} token -- --role hr --units '*'`);
  const seedTarget = !local
    ? { BASE_URL: base }
    : facts.port === DEFAULT_PORT
      ? {}
      : { PORT: String(facts.port) };
  // `npm run alerts` lists the mails the run sent from the server's emulator (SES_PORT, else 8005) or SES_ENDPOINT:
  // without them the command as printed would look at another port, name the wrong viewer and list nothing.
  const mailTarget: Record<string, string> = facts.mailViewer
    ? facts.sesPort !== undefined && facts.sesPort !== DEFAULT_SES_PORT
      ? { SES_PORT: String(facts.sesPort) }
      : {}
    : facts.mailEndpoint
      ? { SES_ENDPOINT: facts.mailEndpoint }
      : {};
  const tokenCommand = token(false);
  const text = [
    '',
    'luanchuyen local server is running',
    `  API        ${base}/v1`,
    `  Console    ${base}/console/ (leaders and HR, in a browser)`,
    // With the slash: `/docs` is only a redirect to it, which curl without -L shows as nothing.
    `  Docs       ${base}/docs/`,
    `  OpenAPI    ${base}/v1/openapi.json`,
    `  DynamoDB   ${facts.dynamoEndpoint} (table ${facts.tableName} ${facts.table === 'created' ? 'created' : 'kept'}, data in ${join(resolve(facts.dataDir), 'dynamodb')})`,
    ...(facts.mailViewer
      ? [`  Mail       ${facts.mailViewer} (aws-ses-v2-local: the mail sent; ${facts.mailViewer}store as JSON)`]
      : facts.mailEndpoint
        ? [`  Mail       ${facts.mailEndpoint} (SES_ENDPOINT)`]
        : []),
    '',
    `Get a token:  ${tokenCommand}`,
    `Try it:       curl -H "Authorization: Bearer $(${token(true)})" ${base}/v1/officials`,
    `Console:      open ${base}/console/ and paste the token of: ${withEnv({ DATA_DIR: dataDir }, "npm run -s token -- --role leader --units '*'")}`,
    `Demo data:    ${withEnv({ DATA_DIR: dataDir, ...seedTarget }, 'npm run seed')}`,
    `Alerts:       ${withEnv({ DATA_DIR: dataDir, ...seedTarget, ...mailTarget }, 'npm run alerts -- --as-of YYYY-MM-DD')}`,
    '',
    // `kill <npm's pid>` would stop npm's shell but not this process; this pid (or Ctrl-C) stops everything.
    `Stop with Ctrl-C, or kill -TERM ${facts.pid}.`,
    '',
  ].join('\n');
  return { text, tokenCommand };
}
