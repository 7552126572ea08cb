import { describe, expect, it } from 'vitest';
import { bundleAliases } from '#infra/constructs/guest-function';
import { metricsNamespace } from '#shared/metrics';
import { environmentNames, functions, type Access } from '#shared/wiring';
import { listAllowedActions, synthesise } from './synthesise.ts';

const app = synthesise();
const allNames = functions.map((fn) => fn.name);
const variablesOf = (name: string, synthesised = app) => (synthesised.readFunctionProperties(name).Environment?.Variables ?? {}) as Record<string, unknown>;

const keys: { access: Access; variable: string; arn: unknown }[] = [
  { access: 'unsubscribe-key', variable: environmentNames.unsubscribeSigningKey, arn: app.imported.signingKeyArn },
  { access: 'erased-identity-key', variable: environmentNames.erasedIdentityHashKey, arn: app.imported.erasedIdentityKeyArn },
];

describe('keys held in Secrets Manager', () => {
  it.each(allNames)("never reach %s's environment as a value or a dynamic reference", (name) => {
    const environment = JSON.stringify(variablesOf(name));
    expect(environment).not.toContain('{{resolve:secretsmanager');
    expect(environment).not.toContain('SecretString');
  });

  it('are resolved into no function anywhere in either template', () => {
    for (const template of [app.stateful, app.stateless]) {
      const lambdas = Object.values(template.findResources('AWS::Lambda::Function'));
      expect(lambdas.length).toBeGreaterThan(0);
      expect(JSON.stringify(lambdas)).not.toContain('{{resolve:secretsmanager');
    }
  });

  it.each(functions.map((fn) => [fn.name, fn.access] as const))(
    'may be read by %s only where its declaration asks for them, and only those secrets',
    (name, access) => {
      const secretActions = listAllowedActions(app.findPolicyStatements(name)).filter(({ action }) => action.startsWith('secretsmanager:'));
      const held = keys.filter((key) => access.includes(key.access));
      expect(secretActions.map(({ resource }) => resource)).toEqual(expect.arrayContaining(held.map((key) => key.arn)));
      for (const { resource } of secretActions) expect(held.map((key) => key.arn)).toContainEqual(resource);
      expect(new Set(secretActions.map(({ action }) => action))).toEqual(
        new Set(held.length ? ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] : []),
      );
      for (const key of keys) expect(variablesOf(name)[key.variable]).toEqual(access.includes(key.access) ? key.arn : undefined);
    },
  );
});

describe('observability settings', () => {
  it.each(allNames)('%s logs and counts under its own name, at INFO, without tracing AWS calls by default', (name) => {
    expect(variablesOf(name)).toMatchObject({
      POWERTOOLS_SERVICE_NAME: name,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
      POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
    });
  });

  it('traces every AWS call with -c traceAwsCalls=true', () => {
    const traced = synthesise({ traceAwsCalls: 'true' });
    for (const name of ['recognition', 'record-check-in']) expect(variablesOf(name, traced).POWERTOOLS_TRACE_ENABLED).toBe('true');
  });

  it('bundles the no-op Tracer unless AWS calls are traced', () => {
    expect(bundleAliases({ traceAwsCalls: false })['@aws-lambda-powertools/tracer']).toBe('./shared/aws/lambda-bundle/no-tracer.ts');
    expect(bundleAliases({ traceAwsCalls: true })).not.toHaveProperty('@aws-lambda-powertools/tracer');
    expect(bundleAliases({ traceAwsCalls: true })).toHaveProperty('@aws-sdk/credential-provider-node');
  });

  it('logs at the level -c logLevel names, and refuses one Powertools does not know', () => {
    const debug = synthesise({ logLevel: 'DEBUG' });
    for (const name of ['recognition', 'birthday-greetings']) expect(variablesOf(name, debug).POWERTOOLS_LOG_LEVEL).toBe('DEBUG');
    expect(() => synthesise({ logLevel: 'LOUD' })).toThrow(/logLevel/);
  });

  it('refuses a traceAwsCalls that is not true or false', () => {
    expect(() => synthesise({ traceAwsCalls: 'yes' })).toThrow(/traceAwsCalls/);
  });
});
