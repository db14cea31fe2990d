/**
 * CDK entry (cdk.json runs it with tsx). Deploy with `npx cdk deploy` after `cdk bootstrap`; the context keys
 * (`-c region=...`, `-c alarmEmail=...`, `-c mailFrom=...`, `-c stackName=...`, throttling, reserved concurrency, the
 * WAF rate limit) are read and checked in infra/settings.ts and listed in the README's "Deploying to AWS".
 *
 * The AwsSolutions rules of cdk-nag run on every synth: an unacknowledged finding fails it (CDK's policy validation
 * report lists each one with its construct path). Every acknowledgement sits next to its resource with a reason.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SettingsError, readSettings } from './settings';
import { createStack } from './stack';

const app = new App();
let settings;
try {
  settings = readSettings((key) => app.node.tryGetContext(key), process.env);
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  console.error(`luanchuyen: ${error.message}`);
  process.exit(1);
}

createStack(app, settings.stackName, {
  env: { account: settings.account, region: settings.region },
  alarmEmail: settings.alarmEmail,
  reservedConcurrency: settings.reservedConcurrency,
  publicThrottle: settings.publicThrottle,
  wafRateLimit: settings.wafRateLimit,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
