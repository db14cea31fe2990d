/**
 * The MFA gate (functions/pre-token.ts): Cognito calls it before issuing tokens, and it withholds the leader and admin
 * groups from users without TOTP MFA. Driven here with Cognito's event shape against a local HTTP server that
 * answers AdminGetUser as Cognito does and checks each request's Signature V4, itself checked against the AWS SDK's
 * signer.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preTokenHandler } from '../../functions/pre-token';
import { createCognitoMfaReader, type MfaStatusReader, signRequest } from '../../shared/adapters/cognito/mfa-status';
import { groupsForToken, MFA_ROLES } from '../../shared/auth-contract';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token' };
const POOL = 'ap-southeast-1_Example';

/** The users the fake Cognito knows, and their MFA settings as AdminGetUser returns them. */
const USERS: Record<string, object> = {
  'leader-with-totp': { Username: 'leader-with-totp', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' },
  'leader-without': { Username: 'leader-without' },
  'admin-sms-only': { Username: 'admin-sms-only', UserMFASettingList: ['SMS_MFA'] },
};

let server: Server;
let endpoint: string;
const received: { target?: string; body: any; signatureValid: boolean }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      // Recompute the signature over what arrived, with the secret the server shares.
      const headers = Object.fromEntries(
        Object.entries(req.headers)
          .filter(([name]) => ['content-type', 'x-amz-target'].includes(name))
          .map(([name, value]) => [name, String(value)]),
      );
      const amzDate = String(req.headers['x-amz-date']);
      const date = new Date(
        `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
      );
      const expected = signRequest(
        { method: req.method!, url: new URL(req.url!, `http://${req.headers.host}`), headers, body },
        { service: 'cognito-idp', region: 'ap-southeast-1', credentials, date },
      );
      const signatureValid = expected.authorization === req.headers.authorization;
      const parsed = JSON.parse(body);
      received.push({ target: req.headers['x-amz-target'] as string, body: parsed, signatureValid });
      const user = signatureValid && parsed.UserPoolId === POOL ? USERS[parsed.Username] : undefined;
      if (!signatureValid) res.writeHead(403).end('{"__type":"InvalidSignatureException"}');
      else if (!user) res.writeHead(400).end('{"__type":"UserNotFoundException","message":"User does not exist."}');
      else res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(user));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

function tokenEvent(userName: string, groups: string[]): PreTokenGenerationV2TriggerEvent {
  return {
    version: '2',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'ap-southeast-1',
    userPoolId: POOL,
    userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client' },
    request: {
      userAttributes: { sub: `sub-${userName}`, email: `${userName}@so.example.gov.vn`, 'custom:scope': 'SKHCN' },
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: undefined },
    },
    response: { claimsAndScopeOverrideDetails: {} },
  } as PreTokenGenerationV2TriggerEvent;
}

/** The groups the issued tokens will carry. */
function tokenGroups(event: PreTokenGenerationV2TriggerEvent): string[] {
  return (
    event.response.claimsAndScopeOverrideDetails?.groupOverrideDetails?.groupsToOverride ??
    event.request.groupConfiguration.groupsToOverride ??
    []
  );
}

describe('Signature V4', () => {
  it("signs exactly as the AWS SDK's signer does", async () => {
    class Sha256 {
      private hash;
      constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
        this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
      }
      update(data: string | ArrayBuffer | ArrayBufferView) {
        this.hash.update(bytes(data));
      }
      async digest() {
        return new Uint8Array(this.hash.digest());
      }
      reset() {}
    }
    const bytes = (d: string | ArrayBuffer | ArrayBufferView) =>
      typeof d === 'string' ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d);
    const date = new Date('2026-11-25T08:09:10Z');
    const body = JSON.stringify({ UserPoolId: POOL, Username: 'người dùng+1@so.gov.vn' });
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminGetUser' };
    const url = new URL('https://cognito-idp.ap-southeast-1.amazonaws.com/');
    const ours = signRequest({ method: 'POST', url, headers, body }, { service: 'cognito-idp', region: 'ap-southeast-1', credentials, date });

    const sdk = new SignatureV4({ service: 'cognito-idp', region: 'ap-southeast-1', credentials, sha256: Sha256, applyChecksum: false });
    const signed = await sdk.sign(
      { method: 'POST', protocol: 'https:', hostname: url.hostname, path: '/', query: {}, headers: { ...headers, host: url.host }, body },
      { signingDate: date },
    );
    expect(ours.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261125\/ap-southeast-1\/cognito-idp\/aws4_request, /);
    expect(ours.authorization).toBe(signed.headers.authorization);
    expect(ours['x-amz-security-token']).toBe('session-token');
  });
});

describe('the MFA gate', () => {
  let reader: MfaStatusReader;
  beforeAll(() => {
    reader = createCognitoMfaReader({ region: 'ap-southeast-1', credentials, endpoint });
  });

  it('names the roles that need MFA', () => {
    expect(MFA_ROLES).toEqual(['leader', 'admin']);
    expect(groupsForToken(['hr', 'leader', 'admin', 'auditor'], false)).toEqual(['hr', 'auditor']);
    expect(groupsForToken(['hr', 'leader'], true)).toEqual(['hr', 'leader']);
  });

  it('leaves a leader with TOTP enabled their groups, after asking Cognito with a signed AdminGetUser', async () => {
    const before = received.length;
    const event = await preTokenHandler(reader)(tokenEvent('leader-with-totp', ['leader']));
    expect(tokenGroups(event)).toEqual(['leader']);
    expect(received.slice(before)).toEqual([
      {
        target: 'AWSCognitoIdentityProviderService.AdminGetUser',
        body: { UserPoolId: POOL, Username: 'leader-with-totp' },
        signatureValid: true,
      },
    ]);
  });

  it('withholds leader and admin from a user without TOTP (SMS does not count), keeping their other roles', async () => {
    const gate = preTokenHandler(reader);
    expect(tokenGroups(await gate(tokenEvent('leader-without', ['leader'])))).toEqual([]);
    expect(tokenGroups(await gate(tokenEvent('leader-without', ['hr', 'leader'])))).toEqual(['hr']);
    expect(tokenGroups(await gate(tokenEvent('admin-sms-only', ['admin', 'auditor'])))).toEqual(['auditor']);
  });

  it('does not ask Cognito about users in no MFA role', async () => {
    const before = received.length;
    const event = await preTokenHandler(reader)(tokenEvent('someone-in-hr', ['hr', 'auditor']));
    expect(tokenGroups(event)).toEqual(['hr', 'auditor']);
    expect(received.length).toBe(before);
  });

  it('fails the sign-in when Cognito cannot say (unknown user, wrong credentials): never a role on a guess', async () => {
    await expect(preTokenHandler(reader)(tokenEvent('nobody', ['admin']))).rejects.toThrow(/400.*UserNotFoundException/);
    const forged = createCognitoMfaReader({
      region: 'ap-southeast-1',
      credentials: { ...credentials, secretAccessKey: 'not-the-secret' },
      endpoint,
    });
    await expect(preTokenHandler(forged)(tokenEvent('leader-with-totp', ['leader']))).rejects.toThrow(/403/);
  });
});
