/**
 * `npm run bench [-- --profiles 200000 --dynamodb http://127.0.0.1:8000]`: the figures of the cost and latency goals,
 * each next to its baseline, measured in one run on the code as it is. Starts DynamoDB Local (or uses `--dynamodb`),
 * creates a fresh table, seeds guests through the real store, then measures: DynamoDB units counted by the documented
 * rules from what the store sends (DynamoDB Local misreports transactions), round trips, the birthday sweep against
 * a Scan's cost, bundle sizes, start-up against the unbundled SDK, latency through the local runtime, and the campaign run.
 * Absolute times are this machine's; the claims rest on counted units and ratios.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { campaignRules } from '#shared/domain/campaign-rules';
import { createDynamoCampaignStore } from '#shared/store/dynamo-campaign-store';
import { createDynamoGuestStore } from '#shared/store/dynamo-guest-store';
import { keys } from '#shared/store/keys';
import { createTableInput, tableDefinition } from '#shared/store/table';
import { recogniseGuest } from '#shared/use-cases/recognise';
import { functions, environmentNames } from '#shared/wiring';
import { benchErasedIdentityHashKey, runBirthdayCampaign, seedBirthdayGuests } from './bench-campaign.ts';
import { attachCommandCounter, summarise, type CountedCommand } from './bench-counter.ts';
import { readDeployedFunctions } from './bench-deployment.ts';
import { costPerMillionRecognitions, costPerMillionRecordedEvents, prices, pricesTakenOn } from './bench-prices.ts';
import { createGuestIdCapture, guestDetails, seedGuests } from './bench-seed.ts';
import { compareStartup } from './bench-startup.ts';
import { describeTable, itemSize, scanReadUnits, writeUnits } from './bench-units.ts';
import { bundleEntry } from './bundle-sizes.ts';
import { createLocalDynamoDbClient, localCredentials, localRegion, startDynamoDbLocal } from './dynamodb.ts';
import { startLocalSystem } from './system.ts';
import { startSesLocal } from './ses.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { values: options } = parseArgs({
  options: {
    profiles: { type: 'string', default: '200' },
    dynamodb: { type: 'string' },
    'check-ins': { type: 'string', default: '60' },
    'card-gets': { type: 'string', default: '300' },
    'campaign-guests': { type: 'string', default: '300' },
    'startup-runs': { type: 'string', default: '5' },
    /** Also print each command of the measured dining events, with every write action's size and units. */
    explain: { type: 'boolean', default: false },
  },
});
const profileCount = Math.max(2, Number(options.profiles));
const benchStarted = performance.now();
const elapsed = () => `${((performance.now() - benchStarted) / 1000).toFixed(0)} s`;
// One progress line, rewritten in a terminal; a line every few seconds in a log.
let lastSaid = 0;
const say = (message: string) => {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${message}`);
  else if (performance.now() - lastSaid > 5000) {
    lastSaid = performance.now();
    process.stderr.write(`${message}\n`);
  }
};
const done = (message: string) => process.stderr.write(process.stderr.isTTY ? `\r\x1b[K${message}\n` : `${message}\n`);

// ---- DynamoDB, a fresh table, the counted client --------------------------------------------------------------------
const dynamoDb = options.dynamodb ? undefined : await startDynamoDbLocal();
const endpoint = options.dynamodb ?? dynamoDb!.endpoint;
const tableName = `bench-${Date.now().toString(36)}`;
const client = createLocalDynamoDbClient(endpoint);
const inspector = createLocalDynamoDbClient(endpoint);
await client.send(new CreateTableCommand(createTableInput(tableName)));
const table = describeTable(tableDefinition);
const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const counter = attachCommandCounter(client, table, inspector);
const ids = createGuestIdCapture();
const store = createDynamoGuestStore({ documentClient, tableName, erasedIdentityHashKey: benchErasedIdentityHashKey, newGuestId: ids.newGuestId });

// ---- Seeding ----------------------------------------------------------------------------------------------------------
const seedStarted = performance.now();
const seeded = await seedGuests(store, ids, profileCount, {
  progress: (guests, events) =>
    say(`seeding ${guests}/${profileCount} profiles, ${events} events (${(events / ((performance.now() - seedStarted) / 1000)).toFixed(0)} events/s)`),
});
done(`seeded ${profileCount} profiles (${seeded.events} events) in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`);
const regular = seeded.guests.find((g) => g.story === 'regular') ?? seeded.guests.find((g) => g.story === 'bound')!;
const bound = seeded.guests.find((g) => g.story === 'bound')!;

// ---- 1. Read units per recognition -----------------------------------------------------------------------------------
const caller = { role: 'frontdesk' as const, propertyId: 'bangkok', subject: 'bench' };
const clock = { now: () => new Date() };
async function recognitionCost(guestId: string) {
  const { commands } = await counter.measure(() => recogniseGuest({ reader: store, clock }, caller, guestId, {}));
  return summarise(commands);
}
// A new guest: one more guest seeded now, as a first-time guest's story begins (check-in, then the card).
let extraIndex = profileCount;
async function newGuest(): Promise<string> {
  const index = extraIndex++;
  const guestId = await ids.capture(() =>
    store.recordCheckIn({
      eventId: `bench-new-${index}`,
      propertyId: 'bangkok',
      at: new Date(Date.now() - 3_600_000).toISOString(),
      room: `N${index}`,
      guest: { title: 'Ms', firstName: 'Ann', lastName: `Newcomer`, email: `new${index}@example.com`, birthDate: '1990-03-14', marketingConsent: true },
    }),
  );
  if (!guestId) throw new Error('the new guest got no id');
  return guestId;
}
const newGuestId = await newGuest();
const recognition = { new: await recognitionCost(newGuestId), regular: await recognitionCost(regular.guestId), largest: await recognitionCost(bound.guestId) };
done(`measured recognitions (${elapsed()})`);

// ---- 2, 3. Write units and round trips per dining event --------------------------------------------------------------
let diningCount = 0;
async function diningCost(guestId: string, propertyId = 'bangkok', amount?: number) {
  const event = {
    eventId: `bench-dining-${diningCount++}`,
    propertyId,
    at: new Date(Date.now() - 60_000).toISOString(),
    guestId,
    outlet: 'terrace',
    mealPeriod: 'breakfast',
    table: 'W2',
    items: [
      { name: 'coffee', quantity: 1 },
      { name: 'egg', quantity: 1 },
      { name: 'sandwich', quantity: 1 },
    ],
    partySize: 1,
    ...(amount === undefined ? {} : { amount }),
  };
  const started = performance.now();
  const { commands } = await counter.measure(() => store.recordDining(event));
  const ms = performance.now() - started;
  return { ...summarise(commands), ms, historyPutUnits: plainPutOfHistoryItem(commands), commands };
}
/** The physical limit for recording an event: one standard PutItem of the event's own history item. */
function plainPutOfHistoryItem(commands: readonly CountedCommand[]): number {
  const history = commands.flatMap((c) => c.written).find((item) => item.sk?.S?.startsWith(keys.visitPrefix()));
  return history ? writeUnits(itemSize(history)) : 1;
}
/** Regular guests are in house when they eat: a new stay for them first. */
async function checkInAgain(index: number) {
  const room = `Q${index}`;
  const { commands } = await counter.measure(() =>
    store.recordCheckIn({
      eventId: `bench-again-${index}`,
      propertyId: 'bangkok',
      at: new Date(Date.now() - 7_200_000).toISOString(),
      room,
      guest: guestDetails(index),
    }),
  );
  return summarise(commands);
}
const newDiningGuest = await newGuest();
/** A meal during a stay: the guest is checked in again first, as the in-house meal it stands for. */
const mealInHouse = async ({ index, guestId }: { index: number; guestId: string }) => {
  await checkInAgain(index);
  return diningCost(guestId);
};
const dining = {
  new: await diningCost(newDiningGuest),
  regular: await mealInHouse(regular),
  largest: await mealInHouse(bound),
};
// The same regular guest's next meal, with a bill: it changes the value figures, so the transaction also writes the
// guest's value item of the property (the daily segmentation's), one small item more.
const diningWithAmount = await diningCost(regular.guestId, 'bangkok', 420);
done(`measured dining events (${elapsed()})`);

// ---- 4. Birthday sweep vs a Scan -------------------------------------------------------------------------------------
const campaignStore = createDynamoCampaignStore({ documentClient, tableName });
// The day of a seeded guest who may be emailed, so that even a small run's sweep finds someone.
const sweepGuest = guestDetails(
  seeded.guests.find((g) => {
    const details = guestDetails(g.index);
    return g.story === 'one-stay' && details.marketingConsent && 'email' in details && details.birthDate;
  })?.index ?? 0,
);
const sweepAt = new Date(`2029-${sweepGuest.birthDate?.slice(5) ?? '06-20'}T02:00:00Z`);
let candidates = 0;
const sweep = summarise(
  (
    await counter.measure(async () => {
      for (const key of campaignRules['birthday-greetings'].indexKeysAt(sweepAt))
        for await (const _ of campaignStore.listCandidates('guestsByBirthday', key)) candidates++;
    })
  ).commands,
);
// The Scan's cost, from the table's size as DynamoDB Local reports it (test/local/bench-counter.test.ts checks that
// against a real Scan). A real Scan is no option at scale: DynamoDB Local slows down as the table grows, and at 200,000
// profiles the first page had not come back after seven minutes.
const { Table: described } = await inspector.send(new DescribeTableCommand({ TableName: tableName }));
const items = described?.ItemCount ?? 0;
const tableBytes = described?.TableSizeBytes ?? 0;
const scanUnits = scanReadUnits(tableBytes);
done(`measured the birthday sweep; a Scan would read ${items} items (${elapsed()})`);

// ---- 5. Bundle sizes -------------------------------------------------------------------------------------------------
const bundleSizes = await Promise.all(functions.map(async (f) => ({ name: f.name, bytes: (await bundleEntry({ file: f.entry })).code.byteLength })));
bundleSizes.sort((a, b) => a.bytes - b.bytes);
const awsFunctions = bundleSizes.filter((b) => functions.find((f) => f.name === b.name)!.access.length > 0);
const trivialHandler = `
import * as z from 'zod';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
const request = z.object({ guestId: z.string().min(1) });
export const handler = async (event: unknown) => client.send(new GetItemCommand({ TableName: 'guests', Key: { pk: { S: request.parse(event).guestId } } }));
`;
// Bundled plainly: the stack's own module replacements are part of what is measured, not of the baseline.
const baselineBundle = (await bundleEntry({ source: trivialHandler }, { alias: {} })).code.byteLength;
done(`measured ${bundleSizes.length} bundles (${elapsed()})`);

// ---- 6. Start-up: import and first call ------------------------------------------------------------------------------
const deployed = readDeployedFunctions(['recognition', 'dining', 'record-dining']);
const recognitionFunction = functions.find((f) => f.name === 'recognition')!;
const localEnvironment = {
  AWS_REGION: localRegion,
  AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
  AWS_ENDPOINT_URL_DYNAMODB: endpoint,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  [environmentNames.tableName]: tableName,
};
const cardRoute = 'GET /v1/guests/{guestId}/recognition';
const startup = await compareStartup({
  entry: recognitionFunction.entry,
  event: {
    version: '2.0',
    routeKey: cardRoute,
    rawPath: `/v1/guests/${regular.guestId}/recognition`,
    rawQueryString: '',
    headers: {},
    pathParameters: { guestId: regular.guestId },
    requestContext: {
      http: { method: 'GET', path: `/v1/guests/${regular.guestId}/recognition` },
      routeKey: cardRoute,
      authorizer: { jwt: { claims: { sub: 'bench', role: 'frontdesk', propertyId: 'bangkok' }, scopes: [] } },
    },
    isBase64Encoded: false,
  },
  environment: { ...deployed.get('recognition')?.environment, ...localEnvironment },
  tableName,
  key: marshall(keys.guestProfile(regular.guestId)),
  runs: Number(options['startup-runs']),
});
done(`measured start-up, ${startup.runs} runs each (${elapsed()})`);

// ---- 7. Local end to end ---------------------------------------------------------------------------------------------
const runtimeDir = mkdtempSync(join(tmpdir(), 'bench-runtime-'));
const quiet = { log: console.log, error: console.error, write: process.stdout.write.bind(process.stdout) };
let functionErrors = 0;
console.log = () => {};
console.error = () => void functionErrors++;
// The functions' own log and metric lines (written straight to stdout) would bury the table.
process.stdout.write = (() => true) as typeof process.stdout.write;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;
const checkInToCard: number[] = [];
let coldCheckInToCard = 0;
const cardGets: number[] = [];
try {
  const system = await startLocalSystem({
    httpPort: 0,
    busPort: 0,
    livePort: 0,
    sesPort: 0,
    dynamoDbEndpoint: endpoint,
    tableName,
    dataDir: runtimeDir,
    jwtKeyDir: join(runtimeDir, 'jwt'),
    log: { info: () => {}, error: () => void functionErrors++ },
  });
  const token = await system.issuer.signToken({ role: 'frontdesk', propertyId: 'bangkok', subject: 'bench' });
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${system.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  // The first check-in loads the check-in, recorder and recognition modules (a cold start of each): timed apart, so
  // the percentiles are those of functions already running, as Lambda serves most requests.
  for (let k = -1; k < Number(options['check-ins']); k++) {
    const room = k < 0 ? 'E-cold' : `E${k}`;
    const started = performance.now();
    const posted = await call('POST', '/v1/check-ins', {
      propertyId: 'bangkok',
      room,
      guest: { title: 'Mr', firstName: 'Eric', lastName: 'Endtoend', email: `e2e${k}@example.com` },
    });
    if (posted.status !== 202) throw new Error(`check-in answered ${posted.status}: ${await posted.text()}`);
    for (;;) {
      const card = await call('GET', `/v1/properties/bangkok/rooms/${room}/recognition`);
      await card.arrayBuffer();
      if (card.status === 200) break;
      if (performance.now() - started > 10_000) throw new Error(`the card of room ${room} did not appear within 10 s`);
    }
    if (k < 0) coldCheckInToCard = performance.now() - started;
    else checkInToCard.push(performance.now() - started);
  }
  // Every seeded guest has stayed at bangkok, so the desk there sees each card.
  const visibleGuests = seeded.guests;
  for (let k = 0; k < Number(options['card-gets']); k++) {
    const guest = visibleGuests[k % visibleGuests.length]!;
    const started = performance.now();
    const card = await call('GET', `/v1/guests/${guest.guestId}/recognition`);
    await card.arrayBuffer();
    if (card.status !== 200) throw new Error(`the card of a seeded guest answered ${card.status}`);
    cardGets.push(performance.now() - started);
  }
  await system.stop();
} finally {
  console.log = quiet.log;
  console.error = quiet.error;
  process.stdout.write = quiet.write;
}
rmSync(runtimeDir, { recursive: true, force: true });
done(`measured ${checkInToCard.length} check-ins and ${cardGets.length} card GETs end to end (${elapsed()})`);

// ---- 8. Campaign throughput, pacing off -------------------------------------------------------------------------------
const campaignTable = `${tableName}-campaign`;
await client.send(new CreateTableCommand(createTableInput(campaignTable)));
const campaignGuests = Number(options['campaign-guests']);
await seedBirthdayGuests(
  createDynamoGuestStore({ documentClient, tableName: campaignTable, erasedIdentityHashKey: benchErasedIdentityHashKey }),
  campaignGuests,
);
const ses = await startSesLocal(0);
console.log = () => {};
process.stdout.write = (() => true) as typeof process.stdout.write;
const campaign = await runBirthdayCampaign({ documentClient, tableName: campaignTable, sesEndpoint: ses.endpoint, rate: Number.POSITIVE_INFINITY }).finally(
  () => {
    console.log = quiet.log;
    process.stdout.write = quiet.write;
  },
);
await ses.stop();
done(`measured the birthday run over ${campaignGuests} guests (${elapsed()})`);

// A DynamoDB the bench did not start keeps nothing of the run.
if (!dynamoDb) for (const name of [tableName, campaignTable]) await inspector.send(new DeleteTableCommand({ TableName: name }));
client.destroy();
inspector.destroy();
await dynamoDb?.stop();

// ---- The table --------------------------------------------------------------------------------------------------------
const fmt = (n: number, digits = 1) => (Number.isInteger(n) ? String(n) : n.toFixed(digits));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (measured: number, baseline: number) => `${(measured / baseline).toFixed(2)}x`;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const rows: string[][] = [
  ['figure', 'measured', 'goal', 'baseline', 'ratio', 'goal'],
  [
    'read units per recognition, new guest',
    `${fmt(recognition.new.readUnits)} (${kb(recognition.new.readBytes)} item)`,
    '0.5',
    '0.5 (one GetItem <= 4 KB)',
    ratio(recognition.new.readUnits, 0.5),
    met(recognition.new.readUnits <= 0.5),
  ],
  [
    'read units per recognition, regular guest',
    `${fmt(recognition.regular.readUnits)} (${kb(recognition.regular.readBytes)} item)`,
    '0.5',
    '0.5',
    ratio(recognition.regular.readUnits, 0.5),
    met(recognition.regular.readUnits <= 0.5),
  ],
  [
    'read units per recognition, largest profile (the bound)',
    `${fmt(recognition.largest.readUnits)} (${kb(recognition.largest.readBytes)} item)`,
    '0.5',
    '0.5',
    ratio(recognition.largest.readUnits, 0.5),
    met(recognition.largest.readUnits <= 0.5),
  ],
  [
    'write units per dining event, new guest',
    `${fmt(dining.new.writeUnits)} (table ${fmt(dining.new.tableWriteUnits)} + index ${fmt(dining.new.indexWriteUnits)})`,
    '-',
    `${dining.new.historyPutUnits} (PutItem of the history item)`,
    ratio(dining.new.writeUnits, dining.new.historyPutUnits),
    '-',
  ],
  [
    'write units per dining event, regular guest',
    `${fmt(dining.regular.writeUnits)} (table ${fmt(dining.regular.tableWriteUnits)} + index ${fmt(dining.regular.indexWriteUnits)})`,
    '<= 12',
    `${dining.regular.historyPutUnits} (PutItem of the history item)`,
    ratio(dining.regular.writeUnits, dining.regular.historyPutUnits),
    met(dining.regular.writeUnits <= 12),
  ],
  [
    'write units per dining event, largest profile (the bound)',
    `${fmt(dining.largest.writeUnits)} (table ${fmt(dining.largest.tableWriteUnits)} + index ${fmt(dining.largest.indexWriteUnits)})`,
    '-',
    `${dining.largest.historyPutUnits} (PutItem of the history item)`,
    ratio(dining.largest.writeUnits, dining.largest.historyPutUnits),
    '-',
  ],
  [
    'write units per dining event, regular guest, amount',
    `${fmt(diningWithAmount.writeUnits)} (table ${fmt(diningWithAmount.tableWriteUnits)} + index ${fmt(diningWithAmount.indexWriteUnits)})`,
    '-',
    `${diningWithAmount.historyPutUnits} (PutItem of the history item)`,
    ratio(diningWithAmount.writeUnits, diningWithAmount.historyPutUnits),
    '-',
  ],
  ['read units per dining event, new / regular', `${fmt(dining.new.readUnits)} / ${fmt(dining.regular.readUnits)}`, '-', '0 (a blind PutItem)', '-', '-'],
  [
    'sequential round trips per dining event',
    `${dining.new.roundTrips} new / ${dining.regular.roundTrips} regular`,
    '<= 2',
    '3 (Powertools idempotency: 2 extra)',
    ratio(dining.regular.roundTrips, 3),
    met(Math.max(dining.new.roundTrips, dining.regular.roundTrips) <= 2),
  ],
  [
    `birthday sweep, ${profileCount} profiles: read units`,
    `${fmt(sweep.readUnits)} (${candidates} candidates, ${kb(sweep.readBytes)}, on ${sweepAt.toISOString().slice(5, 10)})`,
    '>= 2000x fewer than a Scan',
    `${fmt(scanUnits)} (Scan of ${kb(tableBytes)})`,
    `${(scanUnits / sweep.readUnits).toFixed(0)}x fewer`,
    profileCount >= 200_000 ? met(scanUnits / sweep.readUnits >= 2000) : 'run --profiles 200000',
  ],
  [
    'function bundle, minified (functions using AWS)',
    `${kb(awsFunctions[0]!.bytes)} - ${kb(awsFunctions.at(-1)!.bytes)} (${awsFunctions.at(-1)!.name})`,
    '<= 200 KB',
    `${kb(baselineBundle)} (zod classic + DynamoDB client)`,
    ratio(awsFunctions.at(-1)!.bytes, baselineBundle),
    met(awsFunctions.at(-1)!.bytes <= 200 * 1024),
  ],
  [
    'function bundle, minified (all)',
    `${kb(bundleSizes[0]!.bytes)} (${bundleSizes[0]!.name}) - ${kb(bundleSizes.at(-1)!.bytes)}`,
    '<= 200 KB',
    kb(baselineBundle),
    ratio(bundleSizes.at(-1)!.bytes, baselineBundle),
    met(bundleSizes.at(-1)!.bytes <= 200 * 1024),
  ],
  [
    'import + first call, recognition bundle',
    `${startup.handlerMs.toFixed(0)} ms (median of ${startup.runs})`,
    '<= 0.35x',
    `${startup.baselineMs.toFixed(0)} ms (unbundled SDK, one GetItem)`,
    `${startup.ratio.toFixed(2)}x`,
    met(startup.ratio <= 0.35),
  ],
  [
    `check-in to card visible, p99 (${checkInToCard.length} warm), local`,
    `${percentile(checkInToCard, 99).toFixed(0)} ms (p50 ${percentile(checkInToCard, 50).toFixed(0)}; cold ${coldCheckInToCard.toFixed(0)})`,
    '<= 50 ms',
    '-',
    '-',
    profileCount >= 200_000 ? met(percentile(checkInToCard, 99) <= 50) : `${met(percentile(checkInToCard, 99) <= 50)} at ${profileCount}`,
  ],
  [
    `card GET p99 (${cardGets.length}), local`,
    `${percentile(cardGets, 99).toFixed(1)} ms (p50 ${percentile(cardGets, 50).toFixed(1)})`,
    '<= 10 ms',
    '-',
    '-',
    profileCount >= 200_000 ? met(percentile(cardGets, 99) <= 10) : `${met(percentile(cardGets, 99) <= 10)} at ${profileCount}`,
  ],
  [
    `campaign run, ${campaign.sent} emails, pacing off`,
    `${(campaign.sent / campaign.seconds).toFixed(0)} emails/s, ${campaign.maxConcurrentSends} send(s) in flight at most`,
    'bound by SES rate: concurrent sends, bounded',
    `SES quota 14/s`,
    `${(campaign.sent / campaign.seconds / 14).toFixed(1)}x the quota`,
    `${met(campaign.maxConcurrentSends > 1)}: ${campaign.maxConcurrentSends > 1 ? 'concurrent' : 'the loop (one send at a time)'} bounds it`,
  ],
];
const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
console.log(
  `\nnpm run bench -- --profiles ${profileCount}   (${items} items, ${kb(tableBytes)} in the table; 2-core machine; units by DynamoDB's documented rules)\n`,
);
console.log(line(rows[0]!));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows.slice(1)) console.log(line(row));

// ---- Cost per million on AWS ------------------------------------------------------------------------------------------
const memory = (name: string) => deployed.get(name)?.memoryMb ?? 512;
const cardMs = percentile(cardGets, 50);
const recognitionCost$ = costPerMillionRecognitions(recognition.regular.readUnits, { memoryMb: memory('recognition'), durationMs: cardMs });
const money = (n: number) => `$${n.toFixed(2)}`;
console.log(
  `\ncost per million on AWS (us-east-1 list prices as found on ${pricesTakenOn}, see local/bench-prices.ts; Lambda arm64 at ${memory('recognition')} MB, durations taken from the local medians)`,
);
console.log(
  `  recognitions (regular guest): ${money(recognitionCost$.total)} = API ${money(recognitionCost$.httpApi)} + Lambda ${money(recognitionCost$.lambda)} (${Math.ceil(cardMs)} ms) + DynamoDB ${money(recognitionCost$.dynamoDb)} (${fmt(recognition.regular.readUnits)} RRU at $${prices.dynamoDbPerMillionReadUnits}/M)`,
);
for (const [label, d] of [
  ['new guest', dining.new],
  ['regular guest', dining.regular],
  ['largest profile', dining.largest],
] as const) {
  const cost = costPerMillionRecordedEvents(
    { readUnits: d.readUnits, writeUnits: d.writeUnits },
    { memoryMb: memory('dining'), durationMs: cardMs },
    { memoryMb: memory('record-dining'), durationMs: d.ms },
  );
  console.log(
    `  dining events, ${label}: ${money(cost.total)} = API ${money(cost.httpApi)} + Lambda ${money(cost.lambda)} + EventBridge ${money(cost.eventBridge)} + DynamoDB ${money(cost.dynamoDb)} (${fmt(d.writeUnits)} WRU, ${fmt(d.readUnits)} RRU)`,
  );
}
if (options.explain) {
  for (const [label, d] of [
    ['new guest', dining.new],
    ['regular guest', dining.regular],
    ['largest profile', dining.largest],
  ] as const) {
    console.log(`\ndining event, ${label}: the commands the store sent`);
    for (const c of d.commands) {
      console.log(
        `  ${c.command}${c.sequential ? '' : ' (in parallel)'}: ${fmt(c.readUnits)} RRU, ${fmt(c.tableWriteUnits)} + ${fmt(c.indexWriteUnits)} index WRU`,
      );
      for (const a of c.actions)
        console.log(`    ${a.kind.padEnd(14)} ${a.key.padEnd(70)} ${String(a.bytes).padStart(6)} B  ${a.tableUnits} + ${a.indexUnits} index`);
    }
  }
}
if (functionErrors) console.log(`\n(${functionErrors} error lines from the local functions during the end-to-end run)`);
console.log(`\nfinished in ${elapsed()}`);
