/**
 * Reads whether a Cognito user has TOTP MFA enabled: one AdminGetUser call (`UserMFASettingList` holds
 * `SOFTWARE_TOKEN_MFA` once the user has verified an authenticator app). The pre-token-generation trigger asks it
 * before a token may carry a role of MFA_ROLES.
 *
 * The official client makes the call: it signs the request, retries throttling and transient failures, and turns
 * Cognito's errors into exceptions. Region and credentials come from the SDK's default chain, which in Lambda reads
 * the role credentials and region Lambda sets in the environment.
 */
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  type CognitoIdentityProviderClientConfig,
} from '@aws-sdk/client-cognito-identity-provider';

export interface MfaStatusReader {
  /** True when the user has TOTP MFA enabled; throws when Cognito did not answer (the caller refuses the sign-in). */
  hasTotp(userPoolId: string, username: string): Promise<boolean>;
}

export interface CognitoMfaReaderOptions {
  /** Default: the SDK's (AWS_REGION in Lambda). */
  region?: string;
  /** Default: the SDK's chain (the Lambda role's credentials from the environment). */
  credentials?: CognitoIdentityProviderClientConfig['credentials'];
  /** Default: the region's Cognito endpoint. Tests point it at a local server. */
  endpoint?: string;
  /** The whole call, retries included, gives up after this long. Default 4000: Cognito waits 5 s for the trigger. */
  timeoutMs?: number;
}

export function createCognitoMfaReader(options: CognitoMfaReaderOptions = {}): MfaStatusReader {
  const timeoutMs = options.timeoutMs ?? 4000;
  const client = new CognitoIdentityProviderClient({
    region: options.region,
    credentials: options.credentials,
    endpoint: options.endpoint,
    // Per attempt, so a stalled connection leaves time for the SDK's retry within the overall deadline.
    requestHandler: { connectionTimeout: 1000, requestTimeout: 1500, throwOnRequestTimeout: true },
  });
  return {
    async hasTotp(userPoolId, username) {
      const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }), {
        abortSignal: AbortSignal.timeout(timeoutMs),
      });
      return user.UserMFASettingList?.includes('SOFTWARE_TOKEN_MFA') ?? false;
    },
  };
}
