/**
 * The local runtime's token authority: one HS256 key per data directory, shared by the local server (which
 * verifies) and `npm run token` (which signs). Tokens carry Cognito's claim names so the app maps claims to a
 * principal the same way in both runtimes.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import {
  GROUPS_CLAIM,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  MAX_LOCAL_TOKEN_LIFETIME_SECONDS,
  type Role,
  SCOPE_CLAIM,
} from '../../shared/auth-contract';

const SECRET_FILE = 'jwt-secret';
const SECRET_BYTES = 32;

/** Twelve hours: a working day without re-issuing, short enough that a pasted token goes stale. */
export const DEFAULT_TOKEN_TTL_SECONDS = 12 * 60 * 60;

/** Where the key of a data directory lives: the server and the token command must name the same one. */
export function localSecretPath(dataDir: string): string {
  return join(dataDir, SECRET_FILE);
}

export interface LocalTokenClaims {
  role: Role;
  /** Unit ids the user may act on (each covers its subtree), or `'*'` for every unit. */
  units: string[] | '*';
  /** Defaults to `local-<role>`. */
  sub?: string;
  email?: string;
}

/**
 * Returns the 32-byte key in `<dataDir>/jwt-secret`, creating it (mode 0600) on first use. Safe when the server and
 * the token command race to create it: the file appears atomically, fully written, and the loser reads the winner's.
 */
export async function loadOrCreateLocalSecret(dataDir: string): Promise<Uint8Array> {
  const path = localSecretPath(dataDir);
  const existing = await readSecret(path);
  if (existing !== undefined) return existing;
  await mkdir(dataDir, { recursive: true });
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(draft, randomBytes(SECRET_BYTES), { mode: 0o600 });
  try {
    // link() fails with EEXIST instead of replacing, unlike rename(): the first writer wins.
    await link(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(draft, { force: true });
  }
  const secret = await readSecret(path);
  if (secret === undefined) throw new Error(`Could not create ${path}`);
  return secret;
}

async function readSecret(path: string): Promise<Uint8Array | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (bytes.length !== SECRET_BYTES) {
    throw new Error(`${path} holds ${bytes.length} bytes, expected ${SECRET_BYTES}. Delete it to generate a new key.`);
  }
  return new Uint8Array(bytes);
}

/**
 * Signs a local ID-token look-alike: HS256, issuer and audience `luanchuyen-local`, `sub`, `email`,
 * `cognito:groups: [role]`, `custom:scope` (`"U1,U2"` or `"*"`), `iat` and `exp`. A lifetime over
 * MAX_LOCAL_TOKEN_LIFETIME_SECONDS is refused, as the local server would refuse the token; a negative one signs a
 * token that has already expired (for tests).
 */
export async function signLocalToken(
  secret: Uint8Array,
  claims: LocalTokenClaims,
  ttlSeconds: number = DEFAULT_TOKEN_TTL_SECONDS,
): Promise<string> {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds > MAX_LOCAL_TOKEN_LIFETIME_SECONDS)
    throw new RangeError(`A local token lives at most ${MAX_LOCAL_TOKEN_LIFETIME_SECONDS} s, got ${ttlSeconds}`);
  const payload: Record<string, unknown> = {
    [GROUPS_CLAIM]: [claims.role],
    [SCOPE_CLAIM]: claims.units === '*' ? '*' : claims.units.join(','),
  };
  if (claims.email !== undefined) payload.email = claims.email;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub ?? `local-${claims.role}`)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(secret);
}
