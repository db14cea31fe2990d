/**
 * Environment parsed once, at cold start or server start. A missing or malformed variable fails loudly
 * with every problem listed, rather than surfacing as an undefined later.
 *
 * Written with `zod/mini`, not the full `zod`: this runs at every Lambda cold start, before anything else, and the
 * full build costs about 30 ms to load where mini costs 2 (the request schemas load it later, with the routes that
 * need them). The English messages are set here, as the full build sets them for itself.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());

const configSchema = z
  .object({
    /** The DynamoDB table (its physical name is chosen by CloudFormation in AWS). */
    TABLE_NAME: z.string().check(z.minLength(1)),
    /** Only set locally and in tests: the DynamoDB Local endpoint. */
    DYNAMODB_ENDPOINT: z.optional(z.url()),
    AWS_REGION: z._default(z.string().check(z.minLength(1)), 'ap-southeast-1'),
    /**
     * Which authenticator shared/wiring.ts gives the app. `local`: it verifies HS256 tokens signed with the local
     * key (npm run token). `apigateway` (the stack sets it): API Gateway's Cognito JWT authorizer has verified the
     * token; the app reads its claims. The default never trusts a locally signed token.
     */
    AUTH_MODE: z._default(z.enum(['local', 'apigateway']), 'apigateway'),
    /** Months before the due date at which a tenure becomes `approaching`. */
    TENURE_WARN_MONTHS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(24)), 6),
    /** Where swagger-ui's files are (the Lambda bundle copies them to /var/task/swagger-ui). */
    DOCS_ASSET_DIR: z.optional(z.string()),
    LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']), 'INFO'),
    /** Only set locally and in tests: the SES v2 endpoint of aws-ses-v2-local. In AWS, the region's SES. */
    SES_ENDPOINT: z.optional(z.url()),
    /**
     * The sender of alert mails: in AWS the SES email identity the stack creates (CDK context `mailFrom`); locally a
     * default set by the local runtime. Without it the job cannot mail, and each send fails saying so.
     */
    MAIL_FROM: z.optional(z.email()),
    /**
     * The console's address as a person opens it (`http://localhost:3000/console` locally; in AWS the API's endpoint
     * + `/console`, set by the stack): the alert mails link to its pages. Without it the mails carry no link.
     */
    CONSOLE_URL: z.optional(z.url({ protocol: /^https?$/ })),
    /**
     * The console's sign-in in AWS (Cognito's hosted UI, authorization code with PKCE), set by the stack:
     * the user pool domain (`https://<prefix>.auth.<region>.amazoncognito.com`), the console's app client and the
     * pool's issuer (`https://cognito-idp.<region>.amazonaws.com/<poolId>`). All three or none.
     */
    COGNITO_DOMAIN: z.optional(z.url({ protocol: /^https?$/ })),
    COGNITO_CLIENT_ID: z.optional(z.string().check(z.regex(/^[\w+]{1,128}$/))),
    COGNITO_ISSUER: z.optional(z.url({ protocol: /^https?$/ })),
  })
  .check(z.superRefine((config, ctx) => {
    const cognito = [config.COGNITO_DOMAIN, config.COGNITO_CLIENT_ID, config.COGNITO_ISSUER];
    if (cognito.some((v) => v !== undefined) && !cognito.every((v) => v !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['COGNITO_DOMAIN'],
        message: 'COGNITO_DOMAIN, COGNITO_CLIENT_ID and COGNITO_ISSUER go together: set all three or none',
      });
  }));

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
