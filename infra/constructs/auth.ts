/**
 * Who may call the API. Cognito holds the users: its groups are the app's roles (claim `cognito:groups`) and a
 * custom attribute holds the user's unit scope (claim `custom:scope`, comma-separated unit ids or `*`). The app reads
 * both from the ID token that API Gateway's JWT authorizer has already verified (AUTH_MODE=apigateway). Names and
 * roles come from shared/auth-contract.ts, the one module the app and the stack share.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { MAX_SCOPE_LENGTH, ROLES, type Role, SCOPE_ATTRIBUTE } from '../../shared/auth-contract';

export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly groups: Record<Role, UserPoolGroup>;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      // Accounts are issued by the system operator; nobody may enrol themselves into personnel data.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        [SCOPE_ATTRIBUTE]: new StringAttribute({ minLen: 1, maxLen: MAX_SCOPE_LENGTH, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Threat protection: sign-ins with leaked passwords or from risky contexts are blocked or challenged.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      // Losing the pool would lock every user out and orphan their scopes.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Group names are the role names the app checks; they are scoped to this pool, so they are not global names.
    this.groups = Object.fromEntries(
      ROLES.map((role) => [
        role,
        new UserPoolGroup(this, `Group-${role}`, { userPool: this.userPool, groupName: role, description: `Role ${role}` }),
      ]),
    ) as Record<Role, UserPoolGroup>;

    const readable = new ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
      .withCustomAttributes(SCOPE_ATTRIBUTE);
    // The scope is an authorisation grant: if the client could write it, any user could widen their own scope
    // to `*` with UpdateUserAttributes. Only an administrator (AdminUpdateUserAttributes) may change it.
    const writable = new ClientAttributes().withStandardAttributes({ email: true, fullname: true });

    this.userPoolClient = this.userPool.addClient('WebClient', {
      // A browser client cannot keep a secret.
      generateSecret: false,
      authFlows: { userSrp: true },
      // No hosted UI domain is provisioned; clients sign in with SRP and send the ID token.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: readable,
      writeAttributes: writable,
    });
  }
}
