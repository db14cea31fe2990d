/**
 * CDK entry (cdk.json runs it with tsx). Deploy with `npx cdk deploy` after `cdk bootstrap`; pass
 * `-c alarmEmail=ops@example.gov.vn` to subscribe an operator to the alarms, `-c mailFrom=canhbao@so.gov.vn` for the
 * sender of alert mail (the stack reads it from context), and `-c stackName=...` to deploy a second copy beside the
 * first.
 */
import { App } from 'aws-cdk-lib';
import { createStack } from './stack';

const app = new App();
const alarmEmail: unknown = app.node.tryGetContext('alarmEmail');
const stackName: unknown = app.node.tryGetContext('stackName');

createStack(app, typeof stackName === 'string' && stackName ? stackName : 'LuanchuyenStack', {
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION ?? 'ap-southeast-1',
  },
  alarmEmail: typeof alarmEmail === 'string' && alarmEmail ? alarmEmail : undefined,
});
