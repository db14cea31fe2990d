/**
 * Claim names shared by the two token sources. In AWS, Cognito's JWT authorizer verifies an ID token that carries
 * `cognito:groups` (roles) and `custom:scope` (unit ids, comma-separated, or `*`). Locally, `npm run token` signs a
 * token with the same claims, so one mapping from claims to a principal serves both runtimes.
 */
export const GROUPS_CLAIM = 'cognito:groups';
export const SCOPE_CLAIM = 'custom:scope';
export const LOCAL_ISSUER = 'luanchuyen-local';
export const LOCAL_AUDIENCE = 'luanchuyen-local';
