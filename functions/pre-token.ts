/**
 * Cognito pre-token-generation trigger (event version 2): a user in a group of MFA_ROLES (leader, admin) gets those
 * groups in their tokens only once TOTP MFA is enabled on their account. Cognito cannot require MFA per group, and
 * with MFA optional a user who has TOTP enabled must give a code at every sign-in, so "TOTP enabled" means this
 * sign-in passed it. Without TOTP the user still signs in, with their other roles (if any): enough to enrol an
 * authenticator app (AssociateSoftwareToken with the access token), then sign in again. Runs on refresh too, so
 * turning MFA off withdraws the roles at the next refresh. When Cognito cannot say, the trigger throws and the
 * sign-in fails: a role is never granted on a guess.
 */
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { groupsForToken, MFA_ROLES } from '../shared/auth-contract';
import { createCognitoMfaReader, type MfaStatusReader } from '../shared/adapters/cognito/mfa-status';

export function preTokenHandler(mfa: MfaStatusReader) {
  return async (event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> => {
    const groups = event.request.groupConfiguration.groupsToOverride ?? [];
    if (!groups.some((group) => (MFA_ROLES as readonly string[]).includes(group))) return event;
    const hasMfa = await mfa.hasTotp(event.userPoolId, event.userName);
    if (hasMfa) return event;
    event.response = {
      claimsAndScopeOverrideDetails: {
        groupOverrideDetails: { ...event.request.groupConfiguration, groupsToOverride: groupsForToken(groups, false) },
      },
    };
    return event;
  };
}

// Region and credentials: the SDK's default chain, i.e. what Lambda sets in the environment. Without credentials the
// first AdminGetUser throws, so a token of an MFA role is refused rather than granted.
export const handler = preTokenHandler(createCognitoMfaReader());
