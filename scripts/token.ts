/**
 * `npm run token -- --role hr --units U1,U2 [--sub NAME] [--email E] [--ttl-hours H]`
 *
 * Prints a JWT that the local server accepts, as the last line of stdout, so that
 * `curl -H "Authorization: Bearer $(npm run -s token -- --role hr --units '*')" ...` works.
 * The key lives in `$DATA_DIR/jwt-secret` (default `.data/`), shared with `npm start`.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ROLES } from '../shared/domain/types';
import { DEFAULT_TOKEN_TTL_SECONDS, loadOrCreateLocalSecret, signLocalToken } from './lib/local-keys';

const USAGE = `Usage: npm run token -- --role ${ROLES.join('|')} --units U1,U2|'*' [--sub NAME] [--email E] [--ttl-hours H]

  --role       the user's role (one of ${ROLES.join(', ')})
  --units      comma-separated unit ids the user may act on (each covers its subtree), or '*' for every unit
  --sub        subject, recorded in the audit log (default local-<role>)
  --email      e-mail claim
  --ttl-hours  lifetime (default ${DEFAULT_TOKEN_TTL_SECONDS / 3600})

The token is signed with the key in $DATA_DIR/jwt-secret (default .data/), which npm start uses to verify it.`;

const argsSchema = z.object({
  role: z.enum(ROLES),
  units: z
    .string()
    .trim()
    .min(1)
    .transform((raw) => (raw === '*' ? ('*' as const) : raw.split(',').map((unit) => unit.trim())))
    .refine((units) => units === '*' || units.every((unit) => unit.length > 0 && unit !== '*'), {
      message: "give unit ids separated by commas, or '*' alone",
    }),
  sub: z.string().trim().min(1).optional(),
  email: z.email().optional(),
  'ttl-hours': z.coerce.number().positive().max(24 * 30).optional(),
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
  const dataDir = process.env.DATA_DIR ?? '.data/';
  const secret = await loadOrCreateLocalSecret(dataDir);
  const token = await signLocalToken(secret, args, args.ttlSeconds);
  const scope = args.units === '*' ? 'every unit' : `units ${args.units.join(', ')}`;
  process.stderr.write(
    `Local token for role ${args.role}, ${scope}, valid ${args.ttlSeconds / 3600} h (key in ${dataDir}):\n`,
  );
  process.stdout.write(`${token}\n`);
}

// Run only as a script, so tests can import parseTokenArgs.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  await main();
}
