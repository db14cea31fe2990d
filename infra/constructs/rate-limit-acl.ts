/**
 * The optional WAF web ACL (`-c wafRateLimit=N`): one rate-based rule that blocks a client IP sending more than N
 * requests in 5 minutes, everything else allowed.
 *
 * What it can protect: AWS WAF attaches to REST API stages, Application Load Balancers, CloudFront, AppSync, App
 * Runner, Verified Access and Cognito user pools, but not to API Gateway HTTP APIs, which this stack uses. So the ACL is
 * associated with the Cognito user pool, where it limits sign-in and token requests (password guessing, credential
 * stuffing). The HTTP API keeps its stage and per-route throttling (infra/constructs/api.ts); putting a WAF in front
 * of the API itself needs CloudFront before it (a CLOUDFRONT-scope ACL, created in us-east-1) or a move to a REST
 * API: neither is built here.
 */
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface RateLimitAclProps {
  /** Requests per client IP per 5 minutes (AWS WAF accepts 10 and up). */
  limit: number;
  /** The Cognito user pool the ACL is associated with. */
  userPoolArn: string;
}

export class RateLimitAcl extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: RateLimitAclProps) {
    super(scope, id);
    // Metric names are CloudWatch dimensions, not physical names: a second stack may reuse them.
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      description: 'luanchuyen: per-IP rate limit on the Cognito user pool',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: 'luanchuyen-acl' },
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: props.limit, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          visibilityConfig: {
            cloudWatchMetricsEnabled: true,
            sampledRequestsEnabled: true,
            metricName: 'luanchuyen-rate-limit',
          },
        },
      ],
    });
    new CfnWebACLAssociation(this, 'UserPool', { resourceArn: props.userPoolArn, webAclArn: this.webAcl.attrArn });
  }
}
