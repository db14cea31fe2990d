/**
 * `npm run token -- --role hr --units U1,U2 [--sub NAME] [--email E] [--ttl-hours H]`
 *
 * Prints a JWT that the local server accepts, as the last line of stdout, so that
 * `curl -H "Authorization: Bearer $(npm run -s token -- --role hr --units '*')" ...` works.
 * The key lives in `$DATA_DIR/jwt-secret` (default `.data/`), shared with `npm start`.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  MAX_LOCAL_TOKEN_LIFETIME_SECONDS,
  MAX_SUBJECT_LENGTH,
  parseScopeClaim,
  ROLES,
  subjectProblem,
} from '../shared/auth-contract';
import { DEFAULT_TOKEN_TTL_SECONDS, loadOrCreateLocalSecret, localSecretPath, signLocalToken } from './lib/local-keys';

const MAX_TTL_HOURS = MAX_LOCAL_TOKEN_LIFETIME_SECONDS / 3600;

const USAGE = `Usage: npm run token -- --role ${ROLES.join('|')} --units U1,U2|'*' [--sub NAME] [--email E] [--ttl-hours H]

  --role       vai trò (role): ${ROLES.join(', ')}
  --units      mã đơn vị cách nhau bởi dấu phẩy, mỗi mã gồm cả đơn vị con; hoặc '*' cho mọi đơn vị
               (comma-separated unit ids, each covering its subtree, or '*' alone for every unit)
  --sub        người dùng, ghi vào nhật ký (subject, in the audit log; default local-<role>, at most ${MAX_SUBJECT_LENGTH}
               characters, no spaces or #)
  --email      email
  --ttl-hours  thời hạn, giờ (lifetime in hours; default ${DEFAULT_TOKEN_TTL_SECONDS / 3600}, at most ${MAX_TTL_HOURS} = 30 days)

Khoá ký nằm trong $DATA_DIR/jwt-secret (mặc định .data/); npm start dùng cùng khoá đó để kiểm tra, nên hai lệnh
phải cùng DATA_DIR. (The key is $DATA_DIR/jwt-secret, default .data/; run both commands with the same DATA_DIR.)`;

const argsSchema = z.object({
  role: z.enum(ROLES, { error: `one of ${ROLES.join(', ')}` }),
  units: z
    .string({ error: "required: unit ids separated by commas, or '*'" })
    .transform((raw, ctx) => {
      const parsed = parseScopeClaim(raw);
      if ('scope' in parsed) return parsed.scope;
      ctx.addIssue({ code: 'custom', message: `${parsed.problem}; give unit ids separated by commas, or '*' alone` });
      return z.NEVER;
    }),
  sub: z
    .string()
    .trim()
    .superRefine((sub, ctx) => {
      const problem = subjectProblem(sub);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  email: z.email({ error: 'not an e-mail address' }).optional(),
  'ttl-hours': z.coerce
    .number({ error: 'a number of hours' })
    .positive({ error: 'must be more than 0' })
    .max(MAX_TTL_HOURS, { error: `at most ${MAX_TTL_HOURS} hours (30 days): local tokens have a bounded lifetime` })
    .optional(),
});

export interface TokenArgs {
  role: (typeof ROLES)[number];
  units: string[] | '*';
  sub?: string;
  email?: string;
  ttlSeconds: number;
}

/**
 * Parses the command line. Returns the arguments, `'help'`, or the problems to print above the usage.
 */
export function parseTokenArgs(argv: string[]): TokenArgs | 'help' | { problems: string } {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        units: { type: 'string' },
        sub: { type: 'string' },
        email: { type: 'string' },
        'ttl-hours': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { problems: (error as Error).message };
  }
  if (values.help === true) return 'help';
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n') };
  }
  const { role, units, sub, email } = parsed.data;
  const hours = parsed.data['ttl-hours'];
  return { role, units, sub, email, ttlSeconds: hours === undefined ? DEFAULT_TOKEN_TTL_SECONDS : Math.round(hours * 3600) };
}

async function main(): Promise<void> {
  const args = parseTokenArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if ('problems' in args) {
    process.stderr.write(`${args.problems}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const dataDir = process.env.DATA_DIR || '.data/';
  const secret = await loadOrCreateLocalSecret(dataDir);
  const token = await signLocalToken(secret, args, args.ttlSeconds);
  const units = args.units === '*' ? "mọi đơn vị (every unit, '*')" : `đơn vị (units) ${args.units.join(', ')}`;
  const until = new Date(Date.now() + args.ttlSeconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  process.stderr.write(
    [
      `Mã xác thực cục bộ (local token): vai trò (role) ${args.role}, ${units}, người dùng (sub) ` +
        `${args.sub ?? `local-${args.role}`}, hết hạn (expires) ${until}.`,
      `Ký bằng khoá (signed with) ${resolve(localSecretPath(dataDir))}: máy chủ phải chạy với cùng DATA_DIR ` +
        `(the server must run with the same DATA_DIR${process.env.DATA_DIR ? `=${process.env.DATA_DIR}` : ', default .data/'}).`,
      'Mã ở dòng cuối (the token is the last line):',
      '',
    ].join('\n'),
  );
  process.stdout.write(`${token}\n`);
}

// Run only as a script, so tests can import parseTokenArgs.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  await main();
}
