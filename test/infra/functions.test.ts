import { describe, expect, it } from 'vitest';
import { environmentNames, functions, type FunctionDeclaration } from '#shared/wiring';
import { listAllowedActions, synthesise } from './synthesise.ts';

const app = synthesise();

const selectNames = (select: (fn: FunctionDeclaration) => boolean) => functions.filter(select).map((fn) => fn.name);
const allNames = selectNames(() => true);
const httpFunctions = selectNames((fn) => fn.trigger === 'http');
const publishers = selectNames((fn) => fn.trigger === 'http' && fn.access.includes('bus:put'));
const readers = selectNames((fn) => fn.access.includes('table:read'));
const recorders = selectNames((fn) => fn.trigger === 'event');

const writeActions = /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem|PartiQL(Insert|Update|Delete)|\*)$/;
const isWrite = (action: string) => writeActions.test(action);
const isPublish = (action: string) => action === 'events:PutEvents' || action === 'events:*';
const isTableAccess = (action: string) => action.startsWith('dynamodb:');

const listActions = (name: string) => listAllowedActions(app.findPolicyStatements(name));
const readFunctionProperties = (name: string) => app.stateless.toJSON().Resources[app.findFunctionLogicalId(name)].Properties;

describe('every function', () => {
  it.each(allNames)('%s runs on arm64 and Node.js 22 with source-mapped stack traces', (name) => {
    expect(readFunctionProperties(name)).toMatchObject({
      Architectures: ['arm64'],
      Runtime: 'nodejs22.x',
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
    });
  });

  it.each(allNames)('%s logs to a group that keeps a month of logs', (name) => {
    const logGroup = readFunctionProperties(name).LoggingConfig.LogGroup.Ref as string;
    expect(app.stateless.toJSON().Resources[logGroup]).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: 30 },
    });
  });

  it.each(functions.map((fn) => [fn.name, fn.access] as const))('%s is told the names of only the resources it may touch', (name, access) => {
    const variables = readFunctionProperties(name).Environment.Variables as Record<string, unknown>;
    const touchesTable = access.includes('table:read') || access.includes('table:write');
    expect(variables[environmentNames.tableName]).toEqual(touchesTable ? app.imported.tableName : undefined);
    expect(variables[environmentNames.eventBusName]).toEqual(access.includes('bus:put') ? app.imported.busName : undefined);
  });
});

describe('permissions', () => {
  it.each(readers)('%s may query the table and its indexes', (name) => {
    expect(listActions(name)).toContainEqual({
      action: 'dynamodb:Query',
      resource: [app.imported.tableArn, { 'Fn::Join': ['', [app.imported.tableArn, '/index/*']] }],
    });
  });

  it.each(publishers)('%s may publish guest events, to the guest bus only', (name) => {
    expect(listActions(name).filter(({ action }) => isPublish(action))).toEqual([
      { action: 'events:PutEvents', resource: app.imported.busArn },
    ]);
  });

  it.each(httpFunctions)('%s cannot write guest data: only recorders do', (name) => {
    expect(listActions(name).filter(({ action }) => isWrite(action))).toEqual([]);
  });

  it.each(recorders)('%s may write the table', (name) => {
    const writes = listActions(name).filter(({ action }) => isWrite(action));
    expect(writes.map(({ action }) => action)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
    for (const { resource } of writes) {
      expect(resource).toContainEqual(app.imported.tableArn);
    }
  });

  it.each(recorders)('%s cannot publish events, so recording never sets off another round of events', (name) => {
    expect(listActions(name).filter(({ action }) => isPublish(action))).toEqual([]);
  });

  it('lets the health check touch neither the table nor the bus', () => {
    expect(listActions('health').filter(({ action }) => isTableAccess(action) || isPublish(action))).toEqual([]);
  });
});
