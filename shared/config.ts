/**
 * Environment parsed once, at cold start or server start. A missing or malformed variable fails loudly
 * with every problem listed, rather than surfacing as an undefined later.
 */
import { z } from 'zod';

const configSchema = z
  .object({
    /** The DynamoDB table (its physical name is chosen by CloudFormation in AWS). */
    TABLE_NAME: z.string().min(1),
    /** Only set locally and in tests: the DynamoDB Local endpoint. */
    DYNAMODB_ENDPOINT: z.url().optional(),
    AWS_REGION: z.string().min(1).default('ap-southeast-1'),
    /**
     * Which authenticator shared/wiring.ts gives the app. `local`: it verifies HS256 tokens signed with the local
     * key (npm run token). `apigateway` (the stack sets it): API Gateway's Cognito JWT authorizer has verified the
     * token; the app reads its claims. The default never trusts a locally signed token.
     */
    AUTH_MODE: z.enum(['local', 'apigateway']).default('apigateway'),
    /** Months before the due date at which a tenure becomes `approaching`. */
    TENURE_WARN_MONTHS: z.coerce.number().int().min(1).max(24).default(6),
    /** Where swagger-ui's files are (the Lambda bundle copies them to /var/task/swagger-ui). */
    DOCS_ASSET_DIR: z.string().optional(),
    LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    /** Only set locally and in tests: the SES v2 endpoint of aws-ses-v2-local. In AWS, the region's SES. */
    SES_ENDPOINT: z.url().optional(),
    /**
     * The sender of alert mails: in AWS the SES email identity the stack creates (CDK context `mailFrom`); locally a
     * default set by the local runtime. Without it the job cannot mail, and each send fails saying so.
     */
    MAIL_FROM: z.email().optional(),
    /**
     * The console's address as a person opens it (`http://localhost:3000/console` locally; in AWS the API's endpoint
     * + `/console`, set by the stack): the alert mails link to its pages. Without it the mails carry no link.
     */
    CONSOLE_URL: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * The console's sign-in in AWS (Cognito's hosted UI, authorization code with PKCE), set by the stack:
     * the user pool domain (`https://<prefix>.auth.<region>.amazoncognito.com`), the console's app client and the
     * pool's issuer (`https://cognito-idp.<region>.amazonaws.com/<poolId>`). All three or none.
     */
    COGNITO_DOMAIN: z.url({ protocol: /^https?$/ }).optional(),
    COGNITO_CLIENT_ID: z.string().regex(/^[\w+]{1,128}$/).optional(),
    COGNITO_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  })
  .superRefine((config, ctx) => {
    const cognito = [config.COGNITO_DOMAIN, config.COGNITO_CLIENT_ID, config.COGNITO_ISSUER];
    if (cognito.some((v) => v !== undefined) && !cognito.every((v) => v !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['COGNITO_DOMAIN'],
        message: 'COGNITO_DOMAIN, COGNITO_CLIENT_ID and COGNITO_ISSUER go together: set all three or none',
      });
  });

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
