/**
 * Who may call the API, and sign in to the console. Cognito holds the users: its groups are the app's roles (claim `cognito:groups`) and a
 * custom attribute holds the user's unit scope (claim `custom:scope`, comma-separated unit ids or `*`). The app reads
 * both from the ID token that API Gateway's JWT authorizer has already verified (AUTH_MODE=apigateway). Names and
 * roles come from shared/auth-contract.ts, the one module the app and the stack share.
 *
 * The console (/console) signs people in through the pool's hosted UI: a domain (prefix from CDK context
 * `cognitoDomainPrefix`, else one derived from the stack and account) and an app client of its own with the
 * authorization code grant and PKCE, no secret, calling back to the console (addConsoleClient).
 */
import { createHash } from 'node:crypto';
import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  LambdaVersion,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  OAuthScope,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
  UserPoolGroup,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { MAX_SCOPE_LENGTH, MFA_ROLES, ROLES, type Role, SCOPE_ATTRIBUTE } from '../../shared/auth-contract';
import { nodeFunction } from './node-function';

/** The pre-token-generation trigger's source, from the repository root. */
export const PRE_TOKEN_ENTRY = 'functions/pre-token.ts';

export interface AuthProps {
  /** The hosted UI's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); default: derived, unique per stack and account. */
  domainPrefix?: string;
}

export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly groups: Record<Role, UserPoolGroup>;
  /** Withholds MFA_ROLES from the tokens of users without TOTP (functions/pre-token.ts). */
  readonly preTokenFunction: NodejsFunction;
  /** The hosted UI the console signs in through. */
  readonly domain: UserPoolDomain;
  private readonly readable: ClientAttributes;

  constructor(scope: Construct, id: string, props: AuthProps = {}) {
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

    // MFA is optional for the pool (TOTP only: no SMS, which can be intercepted and costs per message) and required
    // for the roles of MFA_ROLES: the trigger leaves those groups out of a token unless the user has TOTP enabled.
    ({ function: this.preTokenFunction } = nodeFunction(this, 'PreTokenFunction', {
      entry: PRE_TOKEN_ENTRY,
      description: `luanchuyen sign-in: groups ${MFA_ROLES.join(', ')} only with TOTP MFA`,
      serviceName: 'luanchuyen-pre-token',
      memorySize: 256,
      // Cognito waits 5 s for a trigger; the AdminGetUser call gives up after 4.
      timeout: Duration.seconds(5),
    }));
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, this.preTokenFunction, LambdaVersion.V2_0);
    // A policy of its own, not the role's default policy: the pool depends on the function (its trigger), so the
    // function must not depend on a policy naming the pool.
    new Policy(this, 'PreTokenReadsMfa', {
      roles: [this.preTokenFunction.role!],
      statements: [new PolicyStatement({ actions: ['cognito-idp:AdminGetUser'], resources: [this.userPool.userPoolArn] })],
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason: `MFA is required where it matters, not pool-wide: the pre-token trigger grants the roles ${MFA_ROLES.join(' and ')} only to users with TOTP MFA enabled; hr and auditor accounts may add it`,
    });

    // Group names are the role names the app checks; they are scoped to this pool, so they are not global names.
    this.groups = Object.fromEntries(
      ROLES.map((role) => [
        role,
        new UserPoolGroup(this, `Group-${role}`, { userPool: this.userPool, groupName: role, description: `Role ${role}` }),
      ]),
    ) as Record<Role, UserPoolGroup>;

    const readable = (this.readable = new ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
      .withCustomAttributes(SCOPE_ATTRIBUTE));
    // The scope is an authorisation grant: if the client could write it, any user could widen their own scope
    // to `*` with UpdateUserAttributes. Only an administrator (AdminUpdateUserAttributes) may change it.
    const writable = new ClientAttributes().withStandardAttributes({ email: true, fullname: true });

    this.userPoolClient = this.userPool.addClient('WebClient', {
      // A browser client cannot keep a secret.
      generateSecret: false,
      authFlows: { userSrp: true },
      // API clients sign in with SRP and send the ID token; the console has a client of its own (addConsoleClient).
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: readable,
      writeAttributes: writable,
    });

    // Global within the region: a prefix of this stack's path (another -c stackName gets another) and the account.
    const derived = `luanchuyen-${createHash('sha256').update(this.node.path).digest('hex').slice(0, 8)}-${Aws.ACCOUNT_ID}`;
    this.domain = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: props.domainPrefix ?? derived } });
  }

  /**
   * The console's app client: the authorization code grant with PKCE (a server without a client secret, like a
   * browser app), returning to `<baseUrl>/console/auth/callback` and, after Cognito's /logout, to
   * `<baseUrl>/console/signed-out`. It reads the scope claim and writes nothing.
   */
  addConsoleClient(baseUrl: string): UserPoolClient {
    return this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [`${baseUrl}/console/auth/callback`],
        logoutUrls: [`${baseUrl}/console/signed-out`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // The console's session is the ID token: an hour, then the hosted UI again (its own session makes that quick).
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      readAttributes: this.readable,
      writeAttributes: new ClientAttributes(),
    });
  }
}
