import { describe, expect, it } from 'vitest';
import { properties } from '#shared/config/properties';
import { environmentNames, functions, type FunctionDeclaration } from '#shared/wiring';
import { listAllowedActions, renderSesArn, synthesise } from './synthesise.ts';

const app = synthesise();

const selectNames = (select: (fn: FunctionDeclaration) => boolean) => functions.filter(select).map((fn) => fn.name);
const allNames = selectNames(() => true);
const publishers = selectNames((fn) => fn.trigger === 'http' && fn.access.includes('bus:put'));
const readers = selectNames((fn) => fn.access.includes('table:read'));
const writers = selectNames((fn) => fn.access.includes('table:write'));
const nonWriters = selectNames((fn) => !fn.access.includes('table:write'));
const recorders = selectNames((fn) => fn.trigger === 'event');
const senders = selectNames((fn) => fn.access.includes('email:send'));
const campaigns = ['birthday-greetings', 'lapsed-guests'];
const senderAddresses = [...new Set(properties.map((property) => property.senderAddress))];

const writeActions = /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem|PartiQL(Insert|Update|Delete)|\*)$/;
const isWrite = (action: string) => writeActions.test(action);
const accessRecorders = selectNames((fn) => fn.access.includes('access-log:write'));
/** A write the access log's partitions alone may receive (who looked at which guest): never guest data. */
const accessLogOnly = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ACCESSLOG#*'] } };
const writesGuestData = ({ action, condition }: { action: string; condition?: unknown }) =>
  isWrite(action) && JSON.stringify(condition) !== JSON.stringify(accessLogOnly);
const isPublish = (action: string) => action === 'events:PutEvents' || action === 'events:*';
const isTableAccess = (action: string) => action.startsWith('dynamodb:');
const isEmail = (action: string) => action.toLowerCase().startsWith('ses:');

const listActions = (name: string) => listAllowedActions(app.findPolicyStatements(name));
const readFunctionProperties = (name: string) => app.readFunctionProperties(name);
const findTemplate = (name: string) => app.findFunctionTemplate(name);

describe('every function', () => {
  it.each(allNames)('%s runs on arm64 and Node.js 22 without loading source maps at start', (name) => {
    expect(readFunctionProperties(name)).toMatchObject({ Architectures: ['arm64'], Runtime: 'nodejs22.x' });
    expect(readFunctionProperties(name).Environment?.Variables?.NODE_OPTIONS).toBeUndefined();
  });

  it.each(allNames)('%s logs to a group that keeps a month of logs', (name) => {
    const logGroup = readFunctionProperties(name).LoggingConfig.LogGroup.Ref as string;
    expect(findTemplate(name).toJSON().Resources[logGroup]).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: 30 },
    });
  });

  it.each(allNames)('%s may write logs to its own log group only, not to every group in the account', (name) => {
    const logGroup = readFunctionProperties(name).LoggingConfig.LogGroup.Ref as string;
    const logActions = listActions(name).filter(({ action }) => action.startsWith('logs:'));
    expect(logActions).toEqual([
      { action: 'logs:CreateLogStream', resource: { 'Fn::GetAtt': [logGroup, 'Arn'] } },
      { action: 'logs:PutLogEvents', resource: { 'Fn::GetAtt': [logGroup, 'Arn'] } },
    ]);
    const role = findTemplate(name).toJSON().Resources[app.findRoleLogicalId(name)];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it.each(allNames)('%s sends traces to X-Ray', (name) => {
    expect(readFunctionProperties(name).TracingConfig).toEqual({ Mode: 'Active' });
    expect(listActions(name).map(({ action }) => action)).toEqual(expect.arrayContaining(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']));
  });

  it.each(functions.map((fn) => [fn.name, fn.access] as const))('%s is told the names of only the resources it may touch', (name, access) => {
    // A function told nothing (health, token-claims) has no environment at all.
    const variables = (readFunctionProperties(name).Environment?.Variables ?? {}) as Record<string, unknown>;
    const touchesTable = access.includes('table:read') || access.includes('table:write');
    expect(variables[environmentNames.tableName]).toEqual(touchesTable ? app.imported.tableName : undefined);
    expect(variables[environmentNames.eventBusName]).toEqual(access.includes('bus:put') ? app.imported.busName : undefined);
    const sends = access.includes('email:send');
    expect(variables[environmentNames.sesConfigurationSet]).toEqual(sends ? app.imported.configurationSetName : undefined);
    expect(variables[environmentNames.sesMaxSendRate]).toEqual(sends ? '14' : undefined);
    expect(variables[environmentNames.publicApiUrl] !== undefined).toBe(sends);
    expect(variables[environmentNames.unsubscribeSigningKey] !== undefined).toBe(access.includes('unsubscribe-key'));
    expect(variables[environmentNames.erasedIdentityHashKey] !== undefined).toBe(access.includes('erased-identity-key'));
  });

  it.each(functions.filter((fn) => fn.trigger !== 'schedule').map((fn) => fn.name))('%s gives up after 10 seconds', (name) => {
    expect(readFunctionProperties(name).Timeout).toBe(10);
  });
});

describe('campaign functions', () => {
  it.each(campaigns)('%s may run for 15 minutes, time to send a day of emails at the SES rate', (name) => {
    expect(readFunctionProperties(name).Timeout).toBe(900);
  });

  it.each(campaigns)('%s links its emails to the HTTP API the stack creates', (name) => {
    const apiId = Object.keys(app.stateless.findResources('AWS::ApiGatewayV2::Api'))[0]!;
    const url = JSON.stringify(readFunctionProperties(name).Environment.Variables[environmentNames.publicApiUrl]);
    expect(url).toContain(`"https://",{"Ref":"${apiId}"},".execute-api."`);
  });
});

describe('unsubscribe signing key', () => {
  const holders = selectNames((fn) => fn.access.includes('unsubscribe-key'));

  it('is held by the campaigns, which sign links, and the unsubscribe and survey routes, which check them', () => {
    expect(holders).toEqual(['unsubscribe', 'absence-survey', ...campaigns]);
  });

  it.each(holders)('is named to %s by its secret ARN, which it may read at run time', (name) => {
    expect(readFunctionProperties(name).Environment.Variables[environmentNames.unsubscribeSigningKey]).toEqual(app.imported.signingKeyArn);
  });
});

describe('erased-identity hash key', () => {
  const holders = selectNames((fn) => fn.access.includes('erased-identity-key'));

  it('is held by the erasure route, which hashes the keys it erases, and the recorders that name guests by identity, which recognise them', () => {
    expect(holders.sort()).toEqual(['guest-erasure', 'record-check-in', 'record-dining', 'record-reservation-confirmed']);
  });

  it.each(holders)('is named to %s by its secret ARN, which it may read at run time', (name) => {
    expect(readFunctionProperties(name).Environment.Variables[environmentNames.erasedIdentityHashKey]).toEqual(app.imported.erasedIdentityKeyArn);
  });
});

describe('send rate setting', () => {
  const readRate = (context: Record<string, unknown>) =>
    synthesise(context).stateless.toJSON().Resources[app.findFunctionLogicalId(campaigns[0]!)].Properties.Environment.Variables[
      environmentNames.sesMaxSendRate
    ];

  it('is taken from the context, as `-c sesMaxSendRate=...` passes it', () => {
    expect(readRate({ sesMaxSendRate: '50' })).toBe('50');
  });

  it.each(['0', '-1', 'fast', ''])('refuses %j', (rate) => {
    expect(() => synthesise({ sesMaxSendRate: rate })).toThrow(/sesMaxSendRate/);
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
    expect(listActions(name).filter(({ action }) => isPublish(action))).toEqual([{ action: 'events:PutEvents', resource: app.imported.busArn }]);
  });

  it.each(nonWriters)('%s cannot write guest data: it does not declare table:write', (name) => {
    expect(listActions(name).filter(writesGuestData)).toEqual([]);
  });

  it('lets the functions that read guest data, and erasure, record who did', () => {
    expect(accessRecorders.sort()).toEqual([
      'arrivals',
      'check-in',
      'diner-lookup',
      'guest-erasure',
      'guest-export',
      'guest-history',
      'guest-search',
      'possible-duplicates',
      'recognition',
      'top-guests',
    ]);
  });

  it.each(accessRecorders)('%s may record accesses: PutItem and BatchWriteItem on the access log partitions of the table only', (name) => {
    expect(listActions(name).filter(({ condition }) => JSON.stringify(condition) === JSON.stringify(accessLogOnly))).toEqual([
      { action: 'dynamodb:BatchWriteItem', resource: app.imported.tableArn, condition: accessLogOnly },
      { action: 'dynamodb:PutItem', resource: app.imported.tableArn, condition: accessLogOnly },
    ]);
  });

  it('lets only the recorders, the campaigns (their send ledger), the value segmentation (its runs, and membership entries like events), guest erasure, the survey link (its answer) and the live channel (its connections) write the table', () => {
    const liveChannel = selectNames((fn) => fn.trigger === 'live');
    expect(writers).toEqual(expect.arrayContaining([...recorders, ...campaigns, 'value-segments', 'guest-erasure', 'absence-survey', ...liveChannel]));
    expect(writers).toHaveLength(recorders.length + campaigns.length + 3 + liveChannel.length);
  });

  it('lets guest erasure read and delete guest data, but not publish events', () => {
    const actions = listActions('guest-erasure').map(({ action }) => action);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']));
    expect(actions.filter(isPublish)).toEqual([]);
  });

  it('lets guest export read guest data only', () => {
    const tableActions = listActions('guest-export').filter(({ action }) => isTableAccess(action));
    expect(tableActions.map(({ action }) => action)).toContain('dynamodb:Query');
    expect(tableActions.filter(writesGuestData)).toEqual([]);
    expect(listActions('guest-export').filter(({ action }) => isPublish(action))).toEqual([]);
  });

  it('lets the token-claims trigger touch neither the table, the bus nor email: it only reads the token request', () => {
    expect(listActions('token-claims').filter(({ action }) => isTableAccess(action) || isPublish(action) || isEmail(action))).toEqual([]);
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

  it('lets only the two campaign functions send email', () => {
    expect(senders).toEqual(campaigns);
    const sesRoles = app
      .listAllPolicies()
      .filter((policy) => listAllowedActions(policy.statements).some(({ action }) => isEmail(action)))
      .flatMap((policy) => policy.roles);
    expect(sesRoles).toEqual(expect.arrayContaining(campaigns.map((name) => ({ Ref: app.findRoleLogicalId(name) }))));
    expect(sesRoles).toHaveLength(campaigns.length);
  });

  it.each(senders)('%s may send email only from the property identities, through the configuration set', (name) => {
    const sends = listActions(name).filter(({ action }) => isEmail(action));
    expect(sends.map(({ action }) => action)).toEqual(['ses:SendEmail']);
    const { resource, condition } = sends[0]!;
    expect(resource).toHaveLength(senderAddresses.length + 1);
    expect(resource).toEqual(
      expect.arrayContaining([
        renderSesArn('configuration-set', app.imported.configurationSetName),
        ...senderAddresses.map((address) => renderSesArn('identity', app.imported.senderIdentityName(address))),
      ]),
    );
    expect(JSON.stringify(resource)).not.toContain('*');
    expect(condition).toEqual({ StringEquals: { 'ses:FromAddress': senderAddresses } });
  });

  it('lets the unsubscribe route check links but not send email', () => {
    expect(listActions('unsubscribe').filter(({ action }) => isEmail(action))).toEqual([]);
  });

  it('lets the health check touch neither the table nor the bus', () => {
    expect(listActions('health').filter(({ action }) => isTableAccess(action) || isPublish(action))).toEqual([]);
  });
});

describe('source maps at start', () => {
  it.each([true, 'true'])('are loaded by every function when the context says sourceMapsAtStart=%s', (sourceMapsAtStart) => {
    const withMaps = synthesise({ sourceMapsAtStart });
    for (const name of allNames) {
      expect(withMaps.readFunctionProperties(name).Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    }
  });

  it('refuses a value that is not true or false', () => {
    expect(() => synthesise({ sourceMapsAtStart: 'yes' })).toThrow(/must be true or false \(pass -c sourceMapsAtStart=true\)/);
  });
});
