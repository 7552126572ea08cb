/**
 * `npm run --silent bench:campaign [-- --guests 5000 --rate 0]`: how long a day of birthday emails takes.
 * Seeds N guests whose birthday is the run's day into a fresh in-memory DynamoDB Local, then runs the birthday job
 * against it and the SES stand-in, and prints the figures. `--rate` paces sends like the SES quota does (0: as fast
 * as the local services go, which shows the job's own cost per email).
 */
import { parseArgs } from 'node:util';
import { SESClient } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createSesMailer } from '#shared/aws/ses-mailer';
import { createDynamoCampaignStore } from '#shared/store/dynamo-campaign-store';
import { createDynamoGuestStore } from '#shared/store/dynamo-guest-store';
import { runCampaign } from '#shared/use-cases/run-campaign';
import { createLocalDynamoDbClient, ensureTable, localCredentials, localRegion, startDynamoDbLocal } from './dynamodb.ts';
import { startSesLocal } from './ses.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { values } = parseArgs({ options: { guests: { type: 'string', default: '5000' }, rate: { type: 'string', default: '0' } } });
const guests = Number(values.guests);
const rate = Number(values.rate) || Number.POSITIVE_INFINITY;

const dynamoDb = await startDynamoDbLocal();
const ses = await startSesLocal(0);
const client = createLocalDynamoDbClient(dynamoDb.endpoint);
await ensureTable(client, 'bench');
const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const guestStore = createDynamoGuestStore({ documentClient, tableName: 'bench' });

const seconds = (since: number) => (performance.now() - since) / 1000;
let started = performance.now();
const concurrency = 16;
for (let next = 0; next < guests; next += concurrency) {
  await Promise.all(
    Array.from({ length: Math.min(concurrency, guests - next) }, async (_, i) => {
      const n = next + i;
      const guest = { lastName: `Guest${n}`, email: `guest${n}@example.com`, birthDate: '1970-06-20', marketingConsent: true };
      await guestStore.recordCheckIn({ eventId: `bench-in-${n}`, propertyId: 'bangkok', at: '2026-06-07T14:00:00+07:00', room: `R${n}`, guest });
    }),
  );
}
console.log(`seeded ${guests} guests with a birthday on 20 June in ${seconds(started).toFixed(1)} s`);

let sesCalls = 0;
const mailer = createSesMailer(new SESClient({ endpoint: ses.endpoint, region: localRegion, credentials: localCredentials }), undefined);
const countingMailer = { sendRaw: (message: Parameters<typeof mailer.sendRaw>[0]) => (sesCalls++, mailer.sendRaw(message)) };
let dynamoDbCalls = 0;
documentClient.middlewareStack.add((next) => (args) => (dynamoDbCalls++, next(args)), { step: 'initialize' });

started = performance.now();
const report = await runCampaign(
  {
    store: createDynamoCampaignStore({ documentClient, tableName: 'bench' }),
    mailer: countingMailer,
    unsubscribeSigningKey: 'bench-signing-key-bench-signing-key-0123456789',
    publicApiUrl: 'https://api.example.com',
    maxSendRate: rate,
  },
  'birthday-greetings',
  new Date('2029-06-20T02:00:00Z'),
);
const elapsed = seconds(started);
console.log(`birthday-greetings: ${report.sent.length} sent, ${report.skipped.length} skipped in ${elapsed.toFixed(1)} s (${(report.sent.length / elapsed).toFixed(0)} emails/s, pacing ${Number.isFinite(rate) ? `${rate}/s` : 'off'})`);
console.log(`per email: ${(dynamoDbCalls / report.sent.length).toFixed(2)} DynamoDB calls, ${(sesCalls / report.sent.length).toFixed(2)} SES calls, ${((elapsed * 1000) / report.sent.length).toFixed(1)} ms`);
for (const quota of [14, 50]) {
  // Paced sending dominates: the job's own work per email (above) fits in the gaps between sends.
  console.log(`at an SES quota of ${quota}/s: about ${Math.ceil(Math.max(guests / quota, elapsed))} s for ${guests} emails (Lambda allows 900 s)`);
}
client.destroy();
await ses.stop();
await dynamoDb.stop();
