/**
 * Environment parsed once, at cold start or server start. A missing or malformed variable fails loudly
 * with every problem listed, rather than surfacing as an undefined later.
 *
 * Checked by hand rather than with zod: this runs first at every Lambda cold start, and importing zod there (even
 * zod/mini, which shares zod's core with the request schemas) puts zod's core into the bundle's entry chunk, where it
 * costs every cold start about 30 ms. The request schemas load zod later, with the routes that need them.
 */

/** What a variable must be: `parse` returns the value or throws the message of the problem. */
interface Rule<T> {
  parse(value: string | undefined): T;
}

class Problem extends Error {}

const required = <T>(rule: Rule<T | undefined>): Rule<T> => ({
  parse(value) {
    if (value === undefined) throw new Problem('Invalid input: expected string, received undefined');
    return rule.parse(value) as T;
  },
});
const optional = <T>(parse: (value: string) => T): Rule<T | undefined> => ({
  parse: (value) => (value === undefined ? undefined : parse(value)),
});
const withDefault = <T>(fallback: T, parse: (value: string) => T): Rule<T> => ({
  parse: (value) => (value === undefined ? fallback : parse(value)),
});

const nonEmpty = (value: string) => {
  if (value.length < 1) throw new Problem('Too small: expected string to have >=1 characters');
  return value;
};
const oneOf =
  <const T extends readonly string[]>(options: T) =>
  (value: string): T[number] => {
    if (!options.includes(value)) throw new Problem(`Invalid option: expected one of ${options.map((o) => JSON.stringify(o)).join('|')}`);
    return value;
  };
const url =
  (protocol?: RegExp) =>
  (value: string): string => {
    let parsed: URL;
    try {
      parsed = new URL(value.trim());
    } catch {
      throw new Problem('Invalid URL');
    }
    if (protocol && !protocol.test(parsed.protocol.replace(/:$/, ''))) throw new Problem('Invalid URL');
    return value;
  };
/** The address pattern zod's email() uses. */
const EMAIL = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;
const email = (value: string) => {
  if (!EMAIL.test(value)) throw new Problem('Invalid email address');
  return value;
};
const matching = (pattern: RegExp) => (value: string) => {
  if (!pattern.test(value)) throw new Problem(`Invalid string: must match pattern ${pattern}`);
  return value;
};
const integer = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (Number.isNaN(n)) throw new Problem('Invalid input: expected number, received NaN');
  if (!Number.isInteger(n)) throw new Problem('Invalid input: expected int, received number');
  if (n < min) throw new Problem(`Too small: expected number to be >=${min}`);
  if (n > max) throw new Problem(`Too big: expected number to be <=${max}`);
  return n;
};

const HTTP = /^https?$/;

const rules = {
  /** The DynamoDB table (its physical name is chosen by CloudFormation in AWS). */
  TABLE_NAME: required(optional(nonEmpty)),
  /** Only set locally and in tests: the DynamoDB Local endpoint. */
  DYNAMODB_ENDPOINT: optional(url()),
  AWS_REGION: withDefault('ap-southeast-1', nonEmpty),
  /**
   * Which authenticator shared/wiring.ts gives the app. `local`: it verifies HS256 tokens signed with the local
   * key (npm run token). `apigateway` (the stack sets it): API Gateway's Cognito JWT authorizer has verified the
   * token; the app reads its claims. The default never trusts a locally signed token.
   */
  AUTH_MODE: withDefault('apigateway', oneOf(['local', 'apigateway'])),
  /** Months before the due date at which a tenure becomes `approaching`. */
  TENURE_WARN_MONTHS: withDefault(6, integer(1, 24)),
  /** Where swagger-ui's files are (the Lambda bundle copies them to /var/task/swagger-ui). */
  DOCS_ASSET_DIR: optional((value) => value),
  LOG_LEVEL: withDefault('INFO', oneOf(['DEBUG', 'INFO', 'WARN', 'ERROR'])),
  /** Only set locally and in tests: the SES v2 endpoint of aws-ses-v2-local. In AWS, the region's SES. */
  SES_ENDPOINT: optional(url()),
  /**
   * The sender of alert mails: in AWS the SES email identity the stack creates (CDK context `mailFrom`); locally a
   * default set by the local runtime. Without it the job cannot mail, and each send fails saying so.
   */
  MAIL_FROM: optional(email),
  /**
   * The console's address as a person opens it (`http://localhost:3000/console` locally; in AWS the API's endpoint
   * + `/console`, set by the stack): the alert mails link to its pages. Without it the mails carry no link.
   */
  CONSOLE_URL: optional(url(HTTP)),
  /**
   * The console's sign-in in AWS (Cognito's hosted UI, authorization code with PKCE), set by the stack:
   * the user pool domain (`https://<prefix>.auth.<region>.amazoncognito.com`), the console's app client and the
   * pool's issuer (`https://cognito-idp.<region>.amazonaws.com/<poolId>`). All three or none.
   */
  COGNITO_DOMAIN: optional(url(HTTP)),
  COGNITO_CLIENT_ID: optional(matching(/^[\w+]{1,128}$/)),
  COGNITO_ISSUER: optional(url(HTTP)),
};

type Rules = typeof rules;
/** A variable left unset (and without a default) is absent, not undefined. */
export type Config = { [K in keyof Rules as undefined extends ReturnType<Rules[K]['parse']> ? never : K]: ReturnType<Rules[K]['parse']> } & {
  [K in keyof Rules as undefined extends ReturnType<Rules[K]['parse']> ? K : never]?: Exclude<ReturnType<Rules[K]['parse']>, undefined>;
};

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(rules) as [string, Rule<unknown>][]) {
    try {
      const value = rule.parse(env[name]);
      if (value !== undefined) config[name] = value;
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      problems.push(`${name}: ${error.message}`);
    }
  }
  const cognito = [env.COGNITO_DOMAIN, env.COGNITO_CLIENT_ID, env.COGNITO_ISSUER];
  if (cognito.some((v) => v !== undefined) && !cognito.every((v) => v !== undefined))
    problems.push('COGNITO_DOMAIN: COGNITO_DOMAIN, COGNITO_CLIENT_ID and COGNITO_ISSUER go together: set all three or none');
  if (problems.length) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  return config as Config;
}
