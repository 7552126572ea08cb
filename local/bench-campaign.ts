/**
 * `npm run --silent bench:campaign [-- --guests 5000 --rate 0]`: how long a day of birthday emails takes.
 * Seeds N guests whose birthday is the run's day into a fresh in-memory DynamoDB Local, then runs the birthday job
 * against it and the SES stand-in, and prints the figures. `--rate` paces sends like the SES quota does (0: as fast
 * as the local services go, which shows the job's own cost per email). `npm run bench` runs the same parts.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createSesMailer } from '#shared/aws/ses-mailer';
import { createDynamoCampaignStore } from '#shared/store/dynamo-campaign-store';
import { createDynamoGuestStore } from '#shared/store/dynamo-guest-store';
import type { GuestRecorder } from '#shared/ports';
import { runCampaign } from '#shared/use-cases/run-campaign';
import { createLocalDynamoDbClient, ensureTable, localCredentials, localRegion, startDynamoDbLocal } from './dynamodb.ts';
import { startSesLocal } from './ses.ts';

/** The erased-identity hash key of the benchmark's own tables (check-ins need one). */
export const benchErasedIdentityHashKey = 'bench-erased-identity-hash-key-0123456789';

const seconds = (since: number) => (performance.now() - since) / 1000;

/** N guests checked in at one property, each with a birthday on 20 June and marketing consent. */
export async function seedBirthdayGuests(guestStore: GuestRecorder, guests: number, prefix = 'bench'): Promise<void> {
  const concurrency = 16;
  for (let next = 0; next < guests; next += concurrency) {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, guests - next) }, async (_, i) => {
        const n = next + i;
        const guest = { lastName: `Guest${n}`, email: `${prefix}${n}@example.com`, birthDate: '1970-06-20', marketingConsent: true };
        await guestStore.recordCheckIn({ eventId: `${prefix}-in-${n}`, propertyId: 'bangkok', at: '2026-06-07T14:00:00+07:00', room: `R${n}`, guest });
      }),
    );
  }
}

export interface CampaignRun {
  readonly sent: number;
  readonly skipped: number;
  readonly seconds: number;
  readonly dynamoDbCalls: number;
  readonly sesCalls: number;
  /** The most SES sends in flight at once: 1 means the job sends one email at a time. */
  readonly maxConcurrentSends: number;
}

/** Runs the birthday job for 20 June over the table and the SES stand-in, and counts its calls. */
export async function runBirthdayCampaign(options: {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  sesEndpoint: string;
  rate: number;
}): Promise<CampaignRun> {
  const { documentClient, tableName } = options;
  let sesCalls = 0;
  let inFlight = 0;
  let maxConcurrentSends = 0;
  const mailer = createSesMailer(new SESv2Client({ endpoint: options.sesEndpoint, region: localRegion, credentials: localCredentials }), undefined);
  const countingMailer = {
    async send(email: Parameters<typeof mailer.send>[0]) {
      sesCalls++;
      maxConcurrentSends = Math.max(maxConcurrentSends, ++inFlight);
      try {
        return await mailer.send(email);
      } finally {
        inFlight--;
      }
    },
  };
  let dynamoDbCalls = 0;
  let counting = true;
  documentClient.middlewareStack.add(
    (next) => (args) => {
      if (counting) dynamoDbCalls++;
      return next(args);
    },
    { step: 'initialize' },
  );

  const started = performance.now();
  const report = await runCampaign(
    {
      store: createDynamoCampaignStore({ documentClient, tableName }),
      mailer: countingMailer,
      unsubscribeSigningKey: 'bench-signing-key-bench-signing-key-0123456789',
      publicApiUrl: 'https://api.example.com',
      maxSendRate: options.rate,
    },
    'birthday-greetings',
    new Date('2029-06-20T02:00:00Z'),
  );
  const elapsed = seconds(started);
  counting = false;
  return { sent: report.sent.length, skipped: report.skipped.length, seconds: elapsed, dynamoDbCalls, sesCalls, maxConcurrentSends };
}

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const { values } = parseArgs({ options: { guests: { type: 'string', default: '5000' }, rate: { type: 'string', default: '0' } } });
  const guests = Number(values.guests);
  const rate = Number(values.rate) || Number.POSITIVE_INFINITY;

  const dynamoDb = await startDynamoDbLocal();
  const ses = await startSesLocal(0);
  const client = createLocalDynamoDbClient(dynamoDb.endpoint);
  await ensureTable(client, 'bench');
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const guestStore = createDynamoGuestStore({ documentClient, tableName: 'bench', erasedIdentityHashKey: benchErasedIdentityHashKey });

  const started = performance.now();
  await seedBirthdayGuests(guestStore, guests);
  console.log(`seeded ${guests} guests with a birthday on 20 June in ${seconds(started).toFixed(1)} s`);

  const run = await runBirthdayCampaign({ documentClient, tableName: 'bench', sesEndpoint: ses.endpoint, rate });
  console.log(
    `birthday-greetings: ${run.sent} sent, ${run.skipped} skipped in ${run.seconds.toFixed(1)} s (${(run.sent / run.seconds).toFixed(0)} emails/s, pacing ${Number.isFinite(rate) ? `${rate}/s` : 'off'})`,
  );
  console.log(
    `per email: ${(run.dynamoDbCalls / run.sent).toFixed(2)} DynamoDB calls, ${(run.sesCalls / run.sent).toFixed(2)} SES calls, ${((run.seconds * 1000) / run.sent).toFixed(1)} ms`,
  );
  for (const quota of [14, 50]) {
    // Paced sending dominates: the job's own work per email (above) fits in the gaps between sends.
    console.log(`at an SES quota of ${quota}/s: about ${Math.ceil(Math.max(guests / quota, run.seconds))} s for ${guests} emails (Lambda allows 900 s)`);
  }
  client.destroy();
  await ses.stop();
  await dynamoDb.stop();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
