/**
 * The local token issuer, standing in for the identity provider on AWS: RS256 tokens carrying the staff member's
 * role and property. `verifyToken` applies the checks API Gateway's JWT authorizer applies and hands the claims over
 * in the shape the authorizer passes to the function, so handlers read them identically in both places.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, decodeProtectedHeader, exportJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { localStateDir } from './paths.ts';

export const localIssuer = 'urn:guest-recognition:local';
export const localAudience = 'guest-recognition';
export const defaultKeyDir = join(localStateDir, 'jwt');

export interface TokenRequest {
  readonly role: string;
  readonly propertyId: string;
  /** Defaults to `local-<role>`. */
  readonly subject?: string;
  /** Seconds from now (negative for an already expired token), or a jose time span such as `'30m'`. Default 12 h. */
  readonly expiresIn?: number | string;
}

/** `requestContext.authorizer.jwt` as API Gateway fills it: every claim value as a string. */
export interface JwtAuthorization {
  readonly claims: Record<string, string>;
  readonly scopes: string[] | null;
}

/** Why a token was refused; `description` goes into the `www-authenticate` header, as API Gateway does. */
export class InvalidTokenError extends Error {
  constructor(
    readonly description: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid token: ${description}`, options);
    this.name = 'InvalidTokenError';
  }
}

export interface LocalIssuer {
  signToken(request: TokenRequest): Promise<string>;
  verifyToken(token: string): Promise<JwtAuthorization>;
  /** The public key as an identity provider publishes it (JWKS), for code that checks tokens itself. */
  jwks(): Promise<{ keys: JWK[] }>;
}

interface SigningKeys {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly kid: string;
}

const defaultLifetimeSeconds = 12 * 60 * 60;

/** Keys live in `keyDir` (private.pem, public.pem), created on first use, so tokens outlive restarts. */
export function createLocalIssuer(keyDir: string = defaultKeyDir): LocalIssuer {
  let keys: Promise<SigningKeys> | undefined;
  const loadKeys = () => (keys ??= loadOrCreateKeys(keyDir));

  return {
    async signToken({ role, propertyId, subject, expiresIn = defaultLifetimeSeconds }) {
      const { privateKey, kid } = await loadKeys();
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ role, propertyId })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .setSubject(subject ?? `local-${role}`)
        .setIssuer(localIssuer)
        .setAudience(localAudience)
        .setIssuedAt(now)
        .setExpirationTime(typeof expiresIn === 'number' ? now + expiresIn : expiresIn)
        .sign(privateKey);
    },

    async jwks() {
      const { publicKey, kid } = await loadKeys();
      return { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
    },

    async verifyToken(token) {
      const { publicKey, kid } = await loadKeys();
      let payload: JWTPayload;
      try {
        // API Gateway picks the key by kid from the issuer's JWKS: a token naming another key is refused outright.
        if (decodeProtectedHeader(token).kid !== kid) throw new InvalidTokenError('no signing key matches the token kid');
        ({ payload } = await jwtVerify(token, publicKey, {
          algorithms: ['RS256'],
          issuer: localIssuer,
          audience: localAudience,
          requiredClaims: ['exp'],
        }));
      } catch (error) {
        if (error instanceof InvalidTokenError) throw error;
        throw new InvalidTokenError(error instanceof Error ? error.message : 'malformed token', { cause: error });
      }
      if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000) throw new InvalidTokenError('token issued in the future');
      return toGatewayAuthorization(payload);
    },
  };
}

const defaultIssuer = createLocalIssuer();
/** Signs with the keys under `.local/jwt/`, the ones `npm start` verifies with. */
export const signToken = (request: TokenRequest) => defaultIssuer.signToken(request);
export const verifyToken = (token: string) => defaultIssuer.verifyToken(token);

function toGatewayAuthorization(payload: JWTPayload): JwtAuthorization {
  const claims = Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, toGatewayClaim(value)]));
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : null;
  return { claims, scopes };
}

/** API Gateway flattens claims to strings; arrays arrive as `[a b]`. */
function toGatewayClaim(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(String).join(' ')}]`;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

async function loadOrCreateKeys(keyDir: string): Promise<SigningKeys> {
  const privatePath = join(keyDir, 'private.pem');
  const pem = (await readIfPresent(privatePath)) ?? (await createPrivateKeyFile(keyDir, privatePath));
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  // public.pem is only for other tools; it is always derived from private.pem, never trusted on its own.
  if ((await readIfPresent(join(keyDir, 'public.pem'))) !== publicPem) await writeAtomically(join(keyDir, 'public.pem'), publicPem);
  return { privateKey, publicKey, kid: await calculateJwkThumbprint(publicKey.export({ format: 'jwk' }) as never) };
}

/**
 * `npm start` and `npm run token` may both create the key on a first run: link() publishes the file only if none
 * exists, so exactly one key wins and both processes use it.
 */
async function createPrivateKeyFile(keyDir: string, privatePath: string): Promise<string> {
  await mkdir(keyDir, { recursive: true });
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const draft = `${privatePath}.${randomBytes(6).toString('hex')}`;
  await writeFile(draft, pem, { mode: 0o600 });
  try {
    await link(draft, privatePath);
    return pem;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFile(privatePath, 'utf8');
  } finally {
    await unlink(draft);
  }
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const draft = `${path}.${randomBytes(6).toString('hex')}`;
  await writeFile(draft, content);
  await rename(draft, path);
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
