/**
 * The MFA gate (functions/pre-token.ts): Cognito calls it before issuing tokens, and it withholds the leader and admin
 * groups from users without TOTP MFA. Driven here with Cognito's event shape against a local HTTP server that answers
 * AdminGetUser as Cognito does (JSON 1.1 protocol), reached by the SDK client through its `endpoint` option. Signing
 * is the SDK's job: the server checks only that the request is signed with the test credentials for Cognito in the
 * region, and refuses an access key it does not know.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preTokenHandler } from '../../functions/pre-token';
import { createCognitoMfaReader, type MfaStatusReader } from '../../shared/adapters/cognito/mfa-status';
import { groupsForToken, MFA_ROLES } from '../../shared/auth-contract';

const REGION = 'ap-southeast-1';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token' };
const POOL = 'ap-southeast-1_Example';

/** The users the fake Cognito knows, and their MFA settings as AdminGetUser returns them. */
const USERS: Record<string, object> = {
  'leader-with-totp': { Username: 'leader-with-totp', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' },
  'leader-without': { Username: 'leader-without' },
  'admin-sms-only': { Username: 'admin-sms-only', UserMFASettingList: ['SMS_MFA'] },
  // Answered with a 503 the first time it is asked about, as Cognito may under load.
  'leader-after-a-503': { Username: 'leader-after-a-503', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] },
};
/** Users the server never answers for. */
const HANGS = new Set(['leader-on-a-hung-connection']);

let server: Server;
let endpoint: string;
const received: { target?: string; contentType?: string; body: any; signedBy?: string; sessionToken?: string }[] = [];
const failedOnce = new Set<string>();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const parsed = JSON.parse(body);
      // The access key and scope the request is signed for; verifying the signature itself is the SDK's business.
      const scope = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.exec(
        String(req.headers.authorization),
      );
      received.push({
        target: req.headers['x-amz-target'] as string,
        contentType: req.headers['content-type'],
        body: parsed,
        signedBy: scope ? `${scope[1]} ${scope[2]} ${scope[3]}` : undefined,
        sessionToken: req.headers['x-amz-security-token'] as string | undefined,
      });
      const json = (status: number, payload: object) =>
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${received.length}` }).end(JSON.stringify(payload));
      if (req.headers['x-amz-target'] !== 'AWSCognitoIdentityProviderService.AdminGetUser')
        return json(400, { __type: 'UnknownOperationException' });
      if (scope?.[1] !== credentials.accessKeyId || scope[2] !== REGION || scope[3] !== 'cognito-idp')
        return json(400, { __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
      if (HANGS.has(parsed.Username)) return; // never answers
      if (parsed.Username === 'leader-after-a-503' && !failedOnce.has(parsed.Username)) {
        failedOnce.add(parsed.Username);
        return json(503, { __type: 'InternalErrorException', message: 'Try again.' });
      }
      const user = parsed.UserPoolId === POOL ? USERS[parsed.Username] : undefined;
      if (!user) return json(400, { __type: 'UserNotFoundException', message: 'User does not exist.' });
      json(200, user);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(
  () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
);

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

describe('the MFA gate', () => {
  let reader: MfaStatusReader;
  beforeAll(() => {
    reader = createCognitoMfaReader({ region: REGION, credentials, endpoint });
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
        contentType: 'application/x-amz-json-1.1',
        body: { UserPoolId: POOL, Username: 'leader-with-totp' },
        signedBy: `AKIDEXAMPLE ${REGION} cognito-idp`,
        sessionToken: 'session-token',
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

  it('asks again when Cognito answers 503 once (the SDK retries), and decides on the second answer', async () => {
    const before = received.length;
    const event = await preTokenHandler(reader)(tokenEvent('leader-after-a-503', ['leader']));
    expect(tokenGroups(event)).toEqual(['leader']);
    expect(received.slice(before).map((r) => r.body.Username)).toEqual(['leader-after-a-503', 'leader-after-a-503']);
  });

  it('fails the sign-in when Cognito cannot say (unknown user, unknown credentials): never a role on a guess', async () => {
    await expect(preTokenHandler(reader)(tokenEvent('nobody', ['admin']))).rejects.toMatchObject({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
      $metadata: { httpStatusCode: 400 },
    });
    const stranger = createCognitoMfaReader({
      region: REGION,
      credentials: { accessKeyId: 'AKIDSOMEONEELSE', secretAccessKey: 'not-the-secret' },
      endpoint,
    });
    await expect(preTokenHandler(stranger)(tokenEvent('leader-with-totp', ['leader']))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('fails the sign-in when Cognito does not answer: connection refused, or no answer before the deadline', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const unreachable = createCognitoMfaReader({ region: REGION, credentials, endpoint: `http://127.0.0.1:${port}` });
    await expect(preTokenHandler(unreachable)(tokenEvent('leader-with-totp', ['leader']))).rejects.toThrow(/ECONNREFUSED/);

    const impatient = createCognitoMfaReader({ region: REGION, credentials, endpoint, timeoutMs: 300 });
    // The stand-in never answers this user: only the client's own deadline can end the call, and it says so.
    await expect(preTokenHandler(impatient)(tokenEvent('leader-on-a-hung-connection', ['admin']))).rejects.toThrow(/aborted/);
  });
});
