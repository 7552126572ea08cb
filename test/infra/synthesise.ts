/**
 * Synthesises the app the way `cdk synth` does (same cdk.json context), minus bundling, and answers the questions
 * the infra tests ask: which resource is a function's, what may it do, what does a cross-stack value look like.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { createApp } from '#infra/app';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

/** An identity provider other than the stack's own user pool, as `-c jwtIssuer=... -c jwtAudience=...` names it. */
export const externalIdentityProvider = {
  jwtIssuer: 'https://login.riverside-hotels.test/',
  jwtAudience: 'front-desk-terminals',
};

export interface PolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/**
 * A stand-in for the built staff terminals (`web/dist`), so the tests need no web build: an index.html, one
 * hashed bundle as esbuild names them, and one unhashed file.
 */
export const terminalsBuild = {
  hashedBundle: 'assets/app-7QK2M4ZD.js',
  unhashedFile: 'favicon.svg',
  directory: (() => {
    const directory = mkdtempSync(join(tmpdir(), 'terminals-build-'));
    mkdirSync(join(directory, 'assets'));
    writeFileSync(join(directory, 'index.html'), '<!doctype html><title>Terminals</title><script type="module" src="/assets/app-7QK2M4ZD.js"></script>');
    writeFileSync(join(directory, 'assets', 'app-7QK2M4ZD.js'), 'export {};');
    writeFileSync(join(directory, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    return directory;
  })(),
};

/**
 * `validate` runs CloudFormation's own template checks, as `cdk synth` does; they take seconds, so one test asks
 * for them and the rest skip them.
 */
export function synthesise(context: Record<string, unknown> = {}, { validate = false } = {}) {
  const { app, stateful, stateless } = createApp(
    {
      ...cdkJson.context,
      // Bundling takes seconds per function and changes nothing the tests look at.
      'aws:cdk:bundling-stacks': [],
      stage: 'test',
      ...context,
    },
    { builtinCloudFormationValidation: validate },
    { terminalsDirectory: terminalsBuild.directory },
  );
  const statefulTemplate = Template.fromStack(stateful);
  const statelessTemplate = Template.fromStack(stateless);
  const tableLogicalId = findLogicalId(stateful, stateful.table);
  const busLogicalId = findLogicalId(stateful, stateful.bus);
  const configurationSetLogicalId = findLogicalId(stateful, stateful.emailConfigurationSet);
  const signingKeyLogicalId = findLogicalId(stateful, stateful.unsubscribeSigningKey);
  const erasedIdentityKeyLogicalId = findLogicalId(stateful, stateful.erasedIdentityHashKey);
  const alarmTopicLogicalId = findLogicalId(stateful, stateful.alarmTopic.topic);
  const alarmTopicKeyLogicalId = findLogicalId(stateful, stateful.alarmTopic.key);
  const { staffDirectory, tableKey } = stateful;
  /** Only when the stack is its own identity provider (no jwtIssuer in the context). */
  const userPoolLogicalId = staffDirectory && findLogicalId(stateful, staffDirectory.userPool);
  const terminalClientLogicalId = staffDirectory && findLogicalId(stateful, staffDirectory.terminalClient);
  /** Only with `tableEncryption: customer-managed`. */
  const tableKeyLogicalId = tableKey && findLogicalId(stateful, tableKey);
  const { terminals } = stateless;
  const terminalsLogicalIds = {
    bucket: findLogicalId(stateless, terminals.bucket),
    distribution: findLogicalId(stateless, terminals.distribution),
    appRoutesFunction: findLogicalId(stateless, terminals.appRoutes),
    /** Only when the terminals sign in to the stack's user pool. */
    signInClient: terminals.signIn && findLogicalId(stateless, terminals.signIn.client),
    /** Only with the stack's user pool. */
    signInDomain: staffDirectory && findLogicalId(stateful, staffDirectory.signInDomain),
  };

  /** How the stateless stack sees a value exported by the stateful stack. */
  const importExported = (value: unknown) => {
    const outputs = Object.values(statefulTemplate.toJSON().Outputs ?? {}) as { Value: unknown; Export?: { Name: string } }[];
    const output = outputs.find((candidate) => candidate.Export && JSON.stringify(candidate.Value) === JSON.stringify(value));
    if (!output?.Export) throw new Error(`The stateful stack exports no ${JSON.stringify(value)}`);
    return { 'Fn::ImportValue': output.Export.Name };
  };

  /** A declared function, with the stack it was built in (the token-claims trigger lives with the user pool). */
  const findGuestFunction = (name: string) => {
    for (const [stack, template] of [
      [stateless, statelessTemplate],
      [stateful, statefulTemplate],
    ] as const) {
      const fn = stack.functions.get(name);
      if (fn) return { fn, stack, template };
    }
    throw new Error(`No function is declared as "${name}"`);
  };

  const findRoleLogicalId = (name: string) => {
    const { fn, stack } = findGuestFunction(name);
    if (!fn.handler.role) throw new Error(`${name} has no role`);
    return findLogicalId(stack, fn.handler.role);
  };

  const findFunctionLogicalId = (name: string) => {
    const { fn, stack } = findGuestFunction(name);
    return findLogicalId(stack, fn.handler);
  };

  return {
    /** The synthesised app itself, for checks that walk the construct tree (cdk-nag). */
    cdkApp: app,
    stateful: statefulTemplate,
    stateless: statelessTemplate,
    userPoolLogicalId,
    terminalClientLogicalId,
    terminalsLogicalIds,
    tableKeyLogicalId,
    tableLogicalId,
    busLogicalId,
    configurationSetLogicalId,
    signingKeyLogicalId,
    alarmTopicLogicalId,
    alarmTopicKeyLogicalId,
    /** The AWS::Lambda::Function of every function of the stateless stack, by declared name. */
    listStatelessFunctionLogicalIds: () =>
      [...stateless.functions.keys()].map((name) => [name, findLogicalId(stateless, stateless.functions.get(name)!.handler)] as const),
    /** The stateful resources as the functions' policies and environment name them. */
    imported: {
      tableArn: importExported({ 'Fn::GetAtt': [tableLogicalId, 'Arn'] }),
      tableName: importExported({ Ref: tableLogicalId }),
      busArn: importExported({ 'Fn::GetAtt': [busLogicalId, 'Arn'] }),
      busName: importExported({ Ref: busLogicalId }),
      configurationSetName: importExported({ Ref: configurationSetLogicalId }),
      signingKeyArn: importExported({ Ref: signingKeyLogicalId }),
      erasedIdentityKeyArn: importExported({ Ref: erasedIdentityKeyLogicalId }),
      alarmTopicArn: importExported({ Ref: alarmTopicLogicalId }),
      tableKeyArn: () => importExported({ 'Fn::GetAtt': [tableKeyLogicalId, 'Arn'] }),
      userPoolId: () => importExported({ Ref: userPoolLogicalId }),
      terminalClientId: () => importExported({ Ref: terminalClientLogicalId }),
      signInDomain: () => importExported({ Ref: terminalsLogicalIds.signInDomain }),
      /** The sender identity of an address (its name is the address, as CloudFormation returns it). */
      senderIdentityName(address: string) {
        const identity = stateful.senderIdentities.get(address);
        if (!identity) throw new Error(`No sender identity for ${address}`);
        return importExported({ Ref: findLogicalId(stateful, identity) });
      },
    },

    /** The AWS::Lambda::Function of a declaration, by its declared name. */
    findFunctionLogicalId,

    /** The template of the stack that holds a declaration's function. */
    findFunctionTemplate: (name: string) => findGuestFunction(name).template,

    /** The properties of a declaration's AWS::Lambda::Function, in whichever stack holds it. */
    readFunctionProperties(name: string) {
      return findGuestFunction(name).template.toJSON().Resources[findFunctionLogicalId(name)].Properties;
    },

    /** The role a function runs with. */
    findRoleLogicalId,

    /** Every statement of every policy attached to the function's role. */
    findPolicyStatements(name: string): PolicyStatement[] {
      const roleRef = JSON.stringify({ Ref: findRoleLogicalId(name) });
      return listPolicies(findGuestFunction(name).template)
        .filter((policy) => policy.roles.some((attached) => JSON.stringify(attached) === roleRef))
        .flatMap((policy) => policy.statements);
    },

    /** Every identity policy in both stacks, whoever it is attached to. */
    listAllPolicies: () => [...listPolicies(statefulTemplate), ...listPolicies(statelessTemplate)],
  };
}

/** An SES ARN in the deploying account and region, as CDK renders it for an environment-agnostic stack. */
export function renderSesArn(resourceType: 'identity' | 'configuration-set', name: unknown) {
  return {
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resourceType}/`, name]],
  };
}

function listPolicies(template: Template): { roles: unknown[]; statements: PolicyStatement[] }[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
    Properties: { Roles?: unknown[]; PolicyDocument: { Statement: PolicyStatement[] } };
  }[];
  return policies.map(({ Properties }) => ({ roles: Properties.Roles ?? [], statements: Properties.PolicyDocument.Statement }));
}

/** Allowed actions, one per entry, with the resources each is allowed on (and the condition, if any). */
export function listAllowedActions(statements: readonly PolicyStatement[]): { action: string; resource: unknown; condition?: unknown }[] {
  return statements
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) =>
      [statement.Action].flat().map((action) => ({ action, resource: statement.Resource, ...(statement.Condition ? { condition: statement.Condition } : {}) })),
    );
}

function findLogicalId(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}
