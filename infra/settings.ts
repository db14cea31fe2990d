/**
 * What a deploy may choose, read once from CDK context (`-c key=value`) and the environment by infra/app.ts. Each
 * value is checked here, so a typo fails the synth with a message instead of deploying something else.
 *
 * The region is never left to the CDK CLI's fallback: on a machine with no AWS configuration the CLI sets
 * CDK_DEFAULT_REGION to us-east-1, and personnel records would land there. So CDK_DEFAULT_REGION is not read; the
 * region comes from `-c region=...`, else AWS_REGION / AWS_DEFAULT_REGION (set on purpose by whoever deploys), else
 * DEFAULT_REGION.
 */
import type { ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';

/** Singapore, the region nearest Vietnam. */
export const DEFAULT_REGION = 'ap-southeast-1';

/** An AWS region code such as ap-southeast-1, us-gov-west-1 or cn-north-1. */
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

export interface DeploySettings {
  region: string;
  account?: string;
  stackName: string;
  alarmEmail?: string;
  /** Lambda reserved concurrency per function; unset means none reserved (see README, "Deploying to AWS"). */
  reservedConcurrency: { api?: number; alerts?: number };
  /** Per-route limits for the routes that need no token (health, OpenAPI, /docs, the console). */
  publicThrottle?: ThrottleSettings;
  /** Requests per client IP per 5 minutes before the WAF rate rule blocks it; unset: no web ACL. */
  wafRateLimit?: number;
}

type Context = (key: string) => unknown;

export class SettingsError extends Error {}

export function resolveRegion(context: Context, env: Record<string, string | undefined>): string {
  const fromContext = context('region');
  const [source, region] =
    fromContext !== undefined
      ? ['-c region', fromContext]
      : env.AWS_REGION
        ? ['AWS_REGION', env.AWS_REGION]
        : env.AWS_DEFAULT_REGION
          ? ['AWS_DEFAULT_REGION', env.AWS_DEFAULT_REGION]
          : ['default', DEFAULT_REGION];
  if (typeof region !== 'string' || !REGION_PATTERN.test(region))
    throw new SettingsError(`${source}: ${JSON.stringify(region)} is not an AWS region code such as ${DEFAULT_REGION}`);
  return region;
}

/** A whole number from context (given as a string on the command line), or undefined when the key is absent. */
function integer(context: Context, key: string, min: number, max: number): number | undefined {
  const raw = context(key);
  if (raw === undefined || raw === '') return undefined;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new SettingsError(`-c ${key}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

function text(context: Context, key: string): string | undefined {
  const raw = context(key);
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw new SettingsError(`-c ${key}: expected text, got ${JSON.stringify(raw)}`);
  return raw;
}

export function readSettings(context: Context, env: Record<string, string | undefined>): DeploySettings {
  const publicRate = integer(context, 'publicRateLimit', 1, 10_000);
  const publicBurst = integer(context, 'publicBurstLimit', 1, 5_000);
  return {
    region: resolveRegion(context, env),
    account: env.CDK_DEFAULT_ACCOUNT,
    stackName: text(context, 'stackName') ?? 'LuanchuyenStack',
    alarmEmail: text(context, 'alarmEmail'),
    reservedConcurrency: {
      api: integer(context, 'apiReservedConcurrency', 1, 10_000),
      alerts: integer(context, 'alertsReservedConcurrency', 1, 10_000),
    },
    publicThrottle:
      publicRate === undefined && publicBurst === undefined
        ? undefined
        : { rateLimit: publicRate, burstLimit: publicBurst },
    // AWS WAF takes 10 to 2,000,000,000 requests per evaluation window.
    wafRateLimit: integer(context, 'wafRateLimit', 10, 2_000_000_000),
  };
}
