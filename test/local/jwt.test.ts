import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalIssuer, InvalidTokenError, localAudience, localIssuer, type LocalIssuer } from '#local/jwt';
import { projectRoot } from '#local/paths';

let keyDir: string;
let issuer: LocalIssuer;

beforeAll(() => {
  keyDir = mkdtempSync(join(tmpdir(), 'jwt-'));
  issuer = createLocalIssuer(keyDir);
});

afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

describe('local JWT issuer', () => {
  it('signs tokens whose claims reach handlers as strings, the way the JWT authorizer passes them', async () => {
    const token = await issuer.signToken({ role: 'frontdesk', propertyId: 'bangkok', subject: 'somchai' });

    const { claims, scopes } = await issuer.verifyToken(token);

    expect(claims).toMatchObject({ sub: 'somchai', role: 'frontdesk', propertyId: 'bangkok', iss: localIssuer, aud: localAudience });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(12 * 60 * 60);
    expect(Object.values(claims).every((value) => typeof value === 'string')).toBe(true);
    expect(scopes).toBeNull();
  });

  it('names the role as subject when no subject is given', async () => {
    const token = await issuer.signToken({ role: 'admin', propertyId: '*' });

    expect((await issuer.verifyToken(token)).claims.sub).toBe('local-admin');
  });

  it('keeps its key on disk, so tokens survive a restart', async () => {
    const token = await issuer.signToken({ role: 'restaurant', propertyId: 'bangkok' });

    const restarted = createLocalIssuer(keyDir);

    expect(existsSync(join(keyDir, 'private.pem'))).toBe(true);
    expect(existsSync(join(keyDir, 'public.pem'))).toBe(true);
    await expect(restarted.verifyToken(token)).resolves.toMatchObject({ claims: { role: 'restaurant' } });
  });

  it('refuses an expired token', async () => {
    const token = await issuer.signToken({ role: 'frontdesk', propertyId: 'bangkok', expiresIn: -60 });

    await expect(issuer.verifyToken(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses a token signed by another key', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'jwt-other-'));
    const token = await createLocalIssuer(otherDir).signToken({ role: 'admin', propertyId: '*' });
    rmSync(otherDir, { recursive: true, force: true });

    await expect(issuer.verifyToken(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses garbage', async () => {
    await expect(issuer.verifyToken('not-a-token')).rejects.toBeInstanceOf(InvalidTokenError);
  });
});

describe('token CLI', () => {
  const runToken = (...args: string[]) =>
    promisify(execFile)('npx', ['tsx', 'local/token.ts', ...args], { cwd: projectRoot, env: { ...process.env, NO_COLOR: '1' } });

  it('prints exactly one token that the local authorizer accepts', async () => {
    const { stdout } = await runToken('frontdesk', '--property', 'bangkok', '--key-dir', keyDir);

    const lines = stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const { claims } = await issuer.verifyToken(lines[0]!);
    expect(claims).toMatchObject({ role: 'frontdesk', propertyId: 'bangkok', sub: 'local-frontdesk' });
  });

  it('gives admin every property by default', async () => {
    const { stdout } = await runToken('admin', '--key-dir', keyDir);

    expect((await issuer.verifyToken(stdout.trim())).claims.propertyId).toBe('*');
  });

  it('prints usage and exits 2 on an unknown role or property, with nothing on stdout', async () => {
    for (const args of [['waiter'], ['frontdesk', '--property', 'atlantis'], []]) {
      const failure = await runToken(...args, '--key-dir', keyDir).catch((error: unknown) => error);

      expect(failure).toMatchObject({ code: 2, stdout: '' });
      expect((failure as { stderr: string }).stderr).toContain('usage: npm run --silent token');
    }
  });
});
