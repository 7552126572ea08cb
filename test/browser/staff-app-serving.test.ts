/**
 * How the local runtime serves the staff terminals next to the API: the app's files with their content types,
 * index.html for the app's routes, nothing outside the build, /config.json, and the local sign-in.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpGateway, type RunningHttpGateway } from '#local/http-gateway';
import { createLocalIssuer } from '#local/jwt';
import { createHandlerLoader } from '#local/lambda';
import { localStaffApp } from '#local/system';

let gateway: RunningHttpGateway;
const issuer = createLocalIssuer(mkdtempSync(join(tmpdir(), 'staff-app-jwt-')));

beforeAll(async () => {
  const parent = mkdtempSync(join(tmpdir(), 'staff-app-'));
  const root = join(parent, 'dist');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>terminals</title>');
  writeFileSync(join(root, 'app.js'), 'export {};');
  writeFileSync(join(root, 'app.css'), 'body{}');
  writeFileSync(join(parent, 'secret.txt'), 'outside the build');
  gateway = await startHttpGateway({
    port: 0,
    functions: [
      {
        name: 'echo',
        trigger: 'http',
        entry: 'test/local/fixtures/echo-http.ts',
        access: [],
        routes: [{ method: 'GET', path: '/v1/health', authenticated: false, roles: [] }],
      },
    ],
    loadHandler: createHandlerLoader(),
    verifyToken: issuer.verifyToken,
    log: { info: () => {}, error: () => {} },
    staffApp: localStaffApp(root, issuer, 'ws://127.0.0.1:1'),
  });
});

afterAll(() => gateway.stop());

const get = (path: string) => fetch(`${gateway.url}${path}`);

describe('the staff terminals, served by the local runtime', () => {
  it('serves the app at / and index.html for the app routes, with HTML content type', async () => {
    for (const path of ['/', '/desk/check-in', '/restaurant/terrace']) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('<title>terminals</title>');
    }
  });

  it('serves scripts and styles with their content types, and a missing asset as 404', async () => {
    expect((await get('/app.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('/app.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('/missing.js')).status).toBe(404);
  });

  it('never serves a file outside the build', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e%5csecret.txt']) {
      const response = await get(path);
      expect(await response.text()).not.toContain('outside the build');
    }
  });

  it('tells the app how to sign in, and leaves /v1/ to the API', async () => {
    expect(await (await get('/config.json')).json()).toMatchObject({ signIn: { kind: 'local' } });
    expect(await (await get('/v1/health')).json()).toMatchObject({ rawPath: '/v1/health' });
    const unknown = await get('/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/json');
  });

  it('signs a member of staff in locally with a token the API accepts', async () => {
    const response = await fetch(`${gateway.url}/local/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'restaurant', propertyId: 'bangkok', name: 'Malee' }),
    });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    const { claims } = await issuer.verifyToken(token);
    expect(claims).toMatchObject({ role: 'restaurant', propertyId: 'bangkok', sub: 'Malee' });
  });

  it('refuses a local sign-in for an unknown role or property, naming the field', async () => {
    const response = await fetch(`${gateway.url}/local/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'manager', propertyId: 'paris', name: 'X' }),
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { fields: Record<string, string> } };
    expect(Object.keys(error.fields).sort()).toEqual(['propertyId', 'role']);
  });
});
