/**
 * Reads whether a Cognito user has TOTP MFA enabled: one AdminGetUser call (`UserMFASettingList` holds
 * `SOFTWARE_TOKEN_MFA` once the user has verified an authenticator app). The pre-token-generation trigger asks it
 * before a token may carry a role of MFA_ROLES.
 *
 * The project ships no Cognito SDK client, so the call is made with fetch and signed here (AWS Signature Version 4,
 * the same algorithm the SDK clients use; test/adapters/cognito-mfa-status.test.ts checks it against the SDK's own
 * signer). Credentials are the Lambda role's, from the environment Lambda sets. With
 * @aws-sdk/client-cognito-identity-provider installed this file becomes one AdminGetUserCommand.
 */
import { createHash, createHmac } from 'node:crypto';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface MfaStatusReader {
  /** True when the user has TOTP MFA enabled; throws when Cognito did not answer (the caller refuses the sign-in). */
  hasTotp(userPoolId: string, username: string): Promise<boolean>;
}

export interface CognitoMfaReaderOptions {
  region: string;
  credentials: AwsCredentials;
  /** Default: the region's Cognito endpoint. */
  endpoint?: string;
  now?: () => Date;
}

const TARGET = 'AWSCognitoIdentityProviderService.AdminGetUser';

export function createCognitoMfaReader(options: CognitoMfaReaderOptions): MfaStatusReader {
  const endpoint = new URL(options.endpoint ?? `https://cognito-idp.${options.region}.amazonaws.com/`);
  const now = options.now ?? (() => new Date());
  return {
    async hasTotp(userPoolId, username) {
      const body = JSON.stringify({ UserPoolId: userPoolId, Username: username });
      const headers = signRequest(
        {
          method: 'POST',
          url: endpoint,
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET },
          body,
        },
        { service: 'cognito-idp', region: options.region, credentials: options.credentials, date: now() },
      );
      const response = await fetch(endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(4000) });
      const text = await response.text();
      if (!response.ok) throw new Error(`Cognito AdminGetUser answered ${response.status}: ${text.slice(0, 200)}`);
      const user = JSON.parse(text) as { UserMFASettingList?: unknown };
      return Array.isArray(user.UserMFASettingList) && user.UserMFASettingList.includes('SOFTWARE_TOKEN_MFA');
    },
  };
}

export interface UnsignedRequest {
  method: string;
  url: URL;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** The request's headers plus host, x-amz-date, x-amz-security-token (when given) and authorization (SigV4). */
export function signRequest(
  request: UnsignedRequest,
  signing: { service: string; region: string; credentials: AwsCredentials; date: Date },
): Record<string, string> {
  const amzDate = signing.date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = { ...request.headers, host: request.url.host, 'x-amz-date': amzDate };
  if (signing.credentials.sessionToken) headers['x-amz-security-token'] = signing.credentials.sessionToken;

  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonicalHeaders = names.map((name) => `${name}:${headers[name].trim().replace(/\s+/g, ' ')}\n`).join('');
  const query = [...request.url.searchParams.entries()]
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)])
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = [
    request.method,
    request.url.pathname || '/',
    query,
    canonicalHeaders,
    signedHeaders,
    sha256(request.body),
  ].join('\n');
  const scope = `${day}/${signing.region}/${signing.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const dateKey = hmac(`AWS4${signing.credentials.secretAccessKey}`, day);
  const key = hmac(hmac(hmac(dateKey, signing.region), signing.service), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${signing.credentials.accessKeyId}/${scope}, ` +
    `SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}

function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
