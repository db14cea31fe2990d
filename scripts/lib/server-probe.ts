/**
 * What a local command (the seed, the alert run) asks before it acts: does a local server answer at BASE_URL (then
 * the command goes through it, since DynamoDB Local's data is that server's), and if not, is the data directory held
 * by a DynamoDB Local all the same (a server on another address), which the command must not start a second one on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isGone } from './dynamo-local';

const HEALTH_TIMEOUT_MS = 2_000;

/** True when `GET $baseUrl/v1/health` answers 2xx within two seconds. */
export async function serverAnswers(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/v1/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Why a command may not start DynamoDB Local on `dbDir` itself, or undefined when it may: a live DynamoDB Local holds
 * it, so a local server runs on another address than the one tried (the launcher would refuse anyway; this says so in
 * terms of the URL and BASE_URL).
 */
export function dataHeldBy(dbDir: string, baseUrl: string): string | undefined {
  const pidFile = join(dbDir, 'dynamodb-local.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && !isGone(pid))
    return (
      `DynamoDB Local (pid ${pid}) is running on ${dbDir}, but no server answered at ${baseUrl} (BASE_URL). ` +
      'If `npm start` runs on another port, set BASE_URL (or PORT) to it; otherwise stop that process and retry.'
    );
  return undefined;
}
