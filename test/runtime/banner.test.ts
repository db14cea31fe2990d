/**
 * The `npm start` banner: the commands it prints paste into a shell as they are and point at this server's data
 * directory and port. (test/runtime/local-server.test.ts runs the printed token command against a live server.)
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatBanner, shellQuote, type BannerFacts } from '../../scripts/lib/banner';

const facts: BannerFacts = {
  dataDir: '/work/project/.data',
  projectDir: '/work/project',
  host: '127.0.0.1',
  port: 3000,
  dynamoEndpoint: 'http://127.0.0.1:41234',
  tableName: 'luanchuyen',
  table: 'created',
  pid: 4242,
};

function line(text: string, label: string): string | undefined {
  return new RegExp(`^${label} +(.+)$`, 'm').exec(text)?.[1];
}

describe('shellQuote', () => {
  it.each(['/tmp/x', "/tmp/luanchuyen server's data", 'a"b$c`d\\e', '*', '', "''", 'thư mục/dữ liệu', '-n'])(
    'gives sh back exactly %j',
    (value) => {
      const echoed = spawnSync('sh', ['-c', `printf '%s' ${shellQuote(value)}`], { encoding: 'utf8' });
      expect(echoed.stdout).toBe(value);
    },
  );

  it('leaves a plain path bare, so the common case reads naturally', () => {
    expect(shellQuote('/tmp/x')).toBe('/tmp/x');
  });
});

describe('formatBanner', () => {
  it('prints the plain commands for the default data directory and port', () => {
    const { text, tokenCommand } = formatBanner(facts);
    expect(tokenCommand).toBe(`npm run token -- --role hr --units '*'`);
    expect(line(text, 'Get a token:')).toBe(tokenCommand);
    expect(line(text, 'Demo data:')).toBe('npm run seed');
    expect(text).toContain('API        http://localhost:3000/v1');
    // The page itself, not the redirect to it that `/docs` is.
    expect(text).toContain('Docs       http://localhost:3000/docs/\n');
    expect(text).toContain('kill -TERM 4242');
    expect(line(text, 'Alerts:')).toBe('npm run alerts -- --as-of YYYY-MM-DD');
  });

  it('prints the console and how to sign in to it', () => {
    const { text } = formatBanner(facts);
    expect(text).toContain('Console    http://localhost:3000/console/ (leaders and HR, in a browser)\n');
    expect(line(text, 'Console:')).toBe(
      "open http://localhost:3000/console/ and paste the token of: npm run -s token -- --role leader --units '*'",
    );
    expect(line(formatBanner({ ...facts, dataDir: '/tmp/x', port: 4000 }).text, 'Console:')).toBe(
      "open http://localhost:4000/console/ and paste the token of: DATA_DIR=/tmp/x npm run -s token -- --role leader --units '*'",
    );
  });

  it("points at the mail emulator's page when the server runs one, else at SES_ENDPOINT", () => {
    expect(formatBanner({ ...facts, mailViewer: 'http://localhost:8005/' }).text).toContain(
      'Mail       http://localhost:8005/ (aws-ses-v2-local: the mail sent; http://localhost:8005/store as JSON)',
    );
    expect(formatBanner({ ...facts, mailEndpoint: 'http://127.0.0.1:9000' }).text).toContain('Mail       http://127.0.0.1:9000 (SES_ENDPOINT)');
    expect(formatBanner({ ...facts, dataDir: '/tmp/x', port: 4000 }).text).toContain(
      'Alerts:       DATA_DIR=/tmp/x PORT=4000 npm run alerts -- --as-of YYYY-MM-DD',
    );
  });

  it("gives the alerts command the server's mail emulator port or SES_ENDPOINT, so it lists the mails the run sent", () => {
    const viewer = (port: number) => ({ mailViewer: `http://localhost:${port}/`, sesPort: port });
    expect(line(formatBanner({ ...facts, ...viewer(8005) }).text, 'Alerts:')).toBe('npm run alerts -- --as-of YYYY-MM-DD');
    expect(line(formatBanner({ ...facts, ...viewer(8123) }).text, 'Alerts:')).toBe(
      'SES_PORT=8123 npm run alerts -- --as-of YYYY-MM-DD',
    );
    expect(line(formatBanner({ ...facts, dataDir: '/tmp/x', port: 4000, ...viewer(8123) }).text, 'Alerts:')).toBe(
      'DATA_DIR=/tmp/x PORT=4000 SES_PORT=8123 npm run alerts -- --as-of YYYY-MM-DD',
    );
    // No emulator in the server: the mail went to SES_ENDPOINT, which the command then reads too.
    expect(line(formatBanner({ ...facts, mailEndpoint: 'http://127.0.0.1:9000' }).text, 'Alerts:')).toBe(
      'SES_ENDPOINT=http://127.0.0.1:9000 npm run alerts -- --as-of YYYY-MM-DD',
    );
    // The other commands do not read mail.
    expect(line(formatBanner({ ...facts, ...viewer(8123) }).text, 'Demo data:')).toBe('npm run seed');
  });

  it('names another data directory (absolute) and port in every command it prints', () => {
    const { text, tokenCommand } = formatBanner({ ...facts, dataDir: '/tmp/x', port: 4000 });
    expect(tokenCommand).toBe(`DATA_DIR=/tmp/x npm run token -- --role hr --units '*'`);
    expect(line(text, 'Try it:')).toBe(
      `curl -H "Authorization: Bearer $(DATA_DIR=/tmp/x npm run -s token -- --role hr --units '*')" http://localhost:4000/v1/officials`,
    );
    expect(line(text, 'Demo data:')).toBe('DATA_DIR=/tmp/x PORT=4000 npm run seed');
    expect(text).toContain('data in /tmp/x/dynamodb');
  });

  it('recognises the default directory however it is written, and names any other', () => {
    expect(formatBanner({ ...facts, dataDir: '/work/project/.data/' }).tokenCommand).not.toContain('DATA_DIR');
    expect(formatBanner({ ...facts, dataDir: '/work/project/other' }).tokenCommand).toContain(
      'DATA_DIR=/work/project/other ',
    );
  });

  it('sends the seed to BASE_URL when the server listens on another host', () => {
    const { text } = formatBanner({ ...facts, host: '10.0.0.5', port: 4000 });
    expect(line(text, 'Demo data:')).toBe('BASE_URL=http://10.0.0.5:4000 npm run seed');
  });
});
