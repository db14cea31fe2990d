/**
 * The environment is checked at every start (shared/config.ts, by hand since it runs at every Lambda cold start):
 * defaults filled in, values coerced, and every problem listed in one error, each naming its variable. The messages
 * are the ones the zod schema it replaced gave.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
};

describe('loadConfig', () => {
  it('fills in the defaults and coerces numbers', () => {
    expect(loadConfig({ TABLE_NAME: 't' })).toEqual({
      TABLE_NAME: 't',
      AWS_REGION: 'ap-southeast-1',
      AUTH_MODE: 'apigateway',
      TENURE_WARN_MONTHS: 6,
      LOG_LEVEL: 'INFO',
    });
    expect(loadConfig({ TABLE_NAME: 't', TENURE_WARN_MONTHS: ' 12 ', AUTH_MODE: 'local' })).toMatchObject({
      TENURE_WARN_MONTHS: 12,
      AUTH_MODE: 'local',
    });
  });

  it('keeps the optional values given, and the three Cognito values together', () => {
    const cognito = {
      COGNITO_DOMAIN: 'https://x.auth.ap-southeast-1.amazoncognito.com',
      COGNITO_CLIENT_ID: 'abc',
      COGNITO_ISSUER: 'https://cognito-idp.ap-southeast-1.amazonaws.com/pool',
    };
    const env = { TABLE_NAME: 't', MAIL_FROM: 'noreply@example.gov.vn', CONSOLE_URL: 'http://localhost:3000/console', ...cognito };
    expect(loadConfig(env)).toMatchObject(env);
  });

  it('lists every problem, each with its variable', () => {
    expect(problems({})).toBe('Invalid configuration: TABLE_NAME: Invalid input: expected string, received undefined');
    expect(problems({ TABLE_NAME: '', AWS_REGION: '' })).toBe(
      'Invalid configuration: TABLE_NAME: Too small: expected string to have >=1 characters; ' +
        'AWS_REGION: Too small: expected string to have >=1 characters',
    );
    expect(problems({ TABLE_NAME: 't', TENURE_WARN_MONTHS: '30', MAIL_FROM: 'x', COGNITO_DOMAIN: 'ftp://a' })).toBe(
      'Invalid configuration: TENURE_WARN_MONTHS: Too big: expected number to be <=24; MAIL_FROM: Invalid email address; ' +
        'COGNITO_DOMAIN: Invalid URL; COGNITO_DOMAIN: COGNITO_DOMAIN, COGNITO_CLIENT_ID and COGNITO_ISSUER go together: set all three or none',
    );
    expect(problems({ TABLE_NAME: 't', TENURE_WARN_MONTHS: '2.5', AUTH_MODE: 'x' })).toBe(
      'Invalid configuration: AUTH_MODE: Invalid option: expected one of "local"|"apigateway"; ' +
        'TENURE_WARN_MONTHS: Invalid input: expected int, received number',
    );
    expect(problems({ TABLE_NAME: 't', TENURE_WARN_MONTHS: 'abc' })).toBe(
      'Invalid configuration: TENURE_WARN_MONTHS: Invalid input: expected number, received NaN',
    );
    expect(problems({ TABLE_NAME: 't', CONSOLE_URL: 'javascript:alert(1)', DYNAMODB_ENDPOINT: 'http://' })).toBe(
      'Invalid configuration: DYNAMODB_ENDPOINT: Invalid URL; CONSOLE_URL: Invalid URL',
    );
    expect(problems({ TABLE_NAME: 't', COGNITO_CLIENT_ID: 'a b' })).toBe(
      'Invalid configuration: COGNITO_CLIENT_ID: Invalid string: must match pattern /^[\\w+]{1,128}$/; ' +
        'COGNITO_DOMAIN: COGNITO_DOMAIN, COGNITO_CLIENT_ID and COGNITO_ISSUER go together: set all three or none',
    );
  });
});
