/**
 * The function factory every Lambda of the stack is built with: the coming alert function gets the same runtime,
 * architecture, bundle format and log retention as the API function by calling it. Bundling is skipped here
 * (bundle.test.ts builds the real package).
 */
import { readFileSync } from 'node:fs';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { nodeFunction } from '../../infra/constructs/node-function';
import { createStack } from '../../infra/stack';

const cdkContext = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context as Record<
  string,
  unknown
>;
const noBundling = { ...cdkContext, 'aws:cdk:bundling-stacks': [] };

describe('nodeFunction', () => {
  it('builds a Node.js 22 arm64 function with its own log group, the shared environment and the given one', () => {
    const stack = new Stack(new App({ context: noBundling }), 'FactoryStack', {
      env: { account: '123456789012', region: 'ap-southeast-1' },
    });
    const { function: fn, logGroup } = nodeFunction(stack, 'Alerts', {
      entry: 'functions/api.ts',
      description: 'a second function',
      serviceName: 'luanchuyen-alerts',
      memorySize: 512,
      timeout: Duration.minutes(5),
      environment: { TABLE_NAME: 'x', LOG_LEVEL: 'DEBUG' },
      logRetention: RetentionDays.ONE_MONTH,
    });
    expect(fn.node.id).toBe('Alerts');
    expect(logGroup.node.id).toBe('AlertsLogs');

    const template = Template.fromStack(stack);
    const group = new Capture();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 300,
      LoggingConfig: { LogGroup: { Ref: group } },
      Environment: {
        Variables: {
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'luanchuyen-alerts',
          // The caller's value wins over the shared default.
          LOG_LEVEL: 'DEBUG',
          TABLE_NAME: 'x',
        },
      },
    });
    expect(template.findResources('AWS::Logs::LogGroup')[group.asString()]?.Properties.RetentionInDays).toBe(30);
  });

  it('keeps the API function and its log group under their logical ids, so a deploy replaces neither', () => {
    const app = new App({ context: noBundling });
    const template = Template.fromStack(
      createStack(app, 'TestStack', { env: { account: '123456789012', region: 'ap-southeast-1' } }),
    );
    const ids = (type: string) => Object.keys(template.findResources(type));
    expect(ids('AWS::Lambda::Function')).toEqual(expect.arrayContaining([expect.stringMatching(/^ApiFunction[0-9A-F]{8}$/)]));
    expect(ids('AWS::Logs::LogGroup')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ApiFunctionLogs[0-9A-F]{8}$/)]),
    );
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'luanchuyen-api' }) },
    });
  });
});
