/**
 * The real ports, built once per container from the checked environment. A function module calls only what it
 * uses, at load time, so a missing variable fails the cold start with its name.
 */
import * as z from 'zod/mini';
import { readEnvironment, nonEmpty } from '../env.ts';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  systemClock,
  type CampaignStore,
  type Clock,
  type EventPublisher,
  type GuestReader,
  type GuestRecorder,
  type LiveConnections,
  type LivePusher,
  type TokenVerifier,
} from '../ports.ts';
import { createDynamoVisitHistory } from '../store/dynamo-visit-history.ts';
import type { VisitHistory } from '../use-cases/guest-history.ts';
import { createDynamoLiveConnections } from '../store/dynamo-live-connections.ts';
import { createApiGatewayPusher } from './live-pusher.ts';
import { createJwksTokenVerifier } from './token-verifier.ts';
import { createDynamoCampaignStore } from '../store/dynamo-campaign-store.ts';
import { createDynamoGuestRights } from '../store/dynamo-guest-rights.ts';
import { createDynamoAccessLog, type AccessLogStore } from '../store/dynamo-access-log.ts';
import { defaultAccessLogRetentionDays } from '../use-cases/access-log.ts';
import { createDynamoGuestReader } from '../store/dynamo-guest-reader.ts';
import { createDynamoGuestStore } from '../store/dynamo-guest-store.ts';
import { createDynamoReservations, type ReservationStore } from '../store/dynamo-reservations.ts';
import type { GuestRights } from '../use-cases/guest-rights.ts';
import type { CampaignDependencies } from '../use-cases/run-campaign.ts';
import { countMetric, metricNames } from '../metrics.ts';
import { environmentNames } from '../wiring.ts';
import { getDocumentClient, getEventBridgeClient, getSecretsManagerClient, getSesClient, traced } from './clients.ts';
import { createSesMailer } from './ses-mailer.ts';
import { createEventBridgePublisher } from './eventbridge-publisher.ts';
import { createDynamoLapsedReasons } from '../store/dynamo-lapsed-reasons.ts';
import type { AbsenceAnswerRecorder, LapsedReasonsReader } from '../ports.ts';
import { createDynamoTopGuests } from '../store/dynamo-top-guests.ts';
import type { TopGuestsStore, ValueSegmentsDependencies } from '../use-cases/value-segments.ts';

/** The table every store works on: its name from the environment, with the shared document client. */
function tableFromEnvironment(): { documentClient: DynamoDBDocumentClient; tableName: string } {
  const env = readEnvironment(z.object({ [environmentNames.tableName]: nonEmpty }));
  return { documentClient: getDocumentClient(), tableName: env[environmentNames.tableName]! };
}

export function guestStoreFromEnvironment(): GuestReader & GuestRecorder {
  return createDynamoGuestStore(tableFromEnvironment());
}

/** The guest reads alone, for functions that read and publish: none of the recorders' code in their bundles. */
export function guestReaderFromEnvironment(): GuestReader {
  return createDynamoGuestReader(tableFromEnvironment());
}

export function visitHistoryFromEnvironment(): VisitHistory {
  return createDynamoVisitHistory(tableFromEnvironment());
}

/** The campaigns' view of the table; the email feedback recorder uses its suppression list. */
export function campaignStoreFromEnvironment(): CampaignStore {
  return createDynamoCampaignStore(tableFromEnvironment());
}

/**
 * The store as the recorders of events that name a guest by identity need it (check-ins, walk-ins' meals): it also
 * recognises the identity keys of erased guests.
 */
export function identifyingRecorderFromEnvironment(): GuestRecorder {
  const table = tableFromEnvironment();
  // Each possible duplicate a recorded check-in or walk-in's meal found is counted (PossibleDuplicatesFound).
  const onPossibleDuplicates = (count: number) => countMetric(metricNames.possibleDuplicatesFound, count);
  const store = keyed(secretFromEnvironment(environmentNames.erasedIdentityHashKey), (erasedIdentityHashKey) =>
    createDynamoGuestStore({ ...table, erasedIdentityHashKey, onPossibleDuplicates }),
  );
  return {
    recordCheckIn: async (event) => (await store()).recordCheckIn(event),
    recordDining: async (event) => (await store()).recordDining(event),
    recordDeparture: async (event) => (await store()).recordDeparture(event),
    recordNote: async (event) => (await store()).recordNote(event),
    recordConsentWithdrawn: async (event) => (await store()).recordConsentWithdrawn(event),
    recordDietaryNeeds: async (event) => (await store()).recordDietaryNeeds(event),
    recordProfileCorrection: async (event) => (await store()).recordProfileCorrection(event),
    recordTagChange: async (event) => (await store()).recordTagChange(event),
    recordNoteChange: async (event) => (await store()).recordNoteChange(event),
    recordMerge: async (event) => (await store()).recordMerge(event),
    recordUnmerge: async (event) => (await store()).recordUnmerge(event),
  };
}

/**
 * Reservations and the arrivals lists. With `erasedIdentities`, as the confirmation recorder needs them: a
 * confirmation from before an erasure that names an erased guest's key is discarded.
 */
export function reservationsFromEnvironment(options: { erasedIdentities: boolean } = { erasedIdentities: false }): ReservationStore {
  const table = tableFromEnvironment();
  const reader = createDynamoGuestReader(table);
  if (!options.erasedIdentities) return createDynamoReservations({ ...table, reader });
  const store = keyed(secretFromEnvironment(environmentNames.erasedIdentityHashKey), (erasedIdentityHashKey) =>
    createDynamoReservations({ ...table, reader, erasedIdentityHashKey }),
  );
  return {
    recordConfirmed: async (event) => (await store()).recordConfirmed(event),
    recordCancelled: async (event) => (await store()).recordCancelled(event),
    closeByCheckIn: async (event) => (await store()).closeByCheckIn(event),
    listArrivals: async (propertyId, date) => (await store()).listArrivals(propertyId, date),
    getReservation: async (propertyId, reservationId) => (await store()).getReservation(propertyId, reservationId),
  };
}

export function liveConnectionsFromEnvironment(): LiveConnections {
  return createDynamoLiveConnections(tableFromEnvironment());
}

export function livePusherFromEnvironment(): LivePusher {
  const env = readEnvironment(z.object({ [environmentNames.liveCallbackUrl]: z.url() }));
  return createApiGatewayPusher(traced(new ApiGatewayManagementApiClient({ endpoint: env[environmentNames.liveCallbackUrl]! })));
}

export function tokenVerifierFromEnvironment(): TokenVerifier {
  const env = readEnvironment(
    z.object({ [environmentNames.jwtIssuer]: nonEmpty, [environmentNames.jwtJwksUrl]: z.url(), [environmentNames.jwtAudiences]: nonEmpty }),
  );
  return createJwksTokenVerifier({
    issuer: env[environmentNames.jwtIssuer]!,
    jwksUrl: env[environmentNames.jwtJwksUrl]!,
    audiences: env[environmentNames.jwtAudiences]!.split(',')
      .map((a) => a.trim())
      .filter(Boolean),
  });
}

/** Who looked at which guest; records are kept ACCESS_LOG_RETENTION_DAYS days (a year unless set). */
export function accessLogFromEnvironment(): AccessLogStore {
  const env = readEnvironment(
    z.object({
      [environmentNames.accessLogRetentionDays]: z.optional(
        z
          .pipe(z.string().check(z.regex(/^\d{1,5}$/, { message: 'must be a whole number of days' })), z.transform(Number))
          .check(z.refine((days) => days >= 1, { message: 'must be at least 1 day' })),
      ),
    }),
  );
  const retentionDays = (env[environmentNames.accessLogRetentionDays] as number | undefined) ?? defaultAccessLogRetentionDays;
  return createDynamoAccessLog({ ...tableFromEnvironment(), retentionDays });
}

/**
 * Export alone, as the export function needs it: it is not given the erased-identity hash key, so it carries neither
 * the Secrets Manager client nor Powertools Parameters (about 18 KB of its bundle). Erasing through it fails.
 */
export function guestExportFromEnvironment(): GuestRights {
  return createDynamoGuestRights(tableFromEnvironment());
}

/**
 * Export and erasure. Only erasure hashes identity keys, so only it needs the erased-identity hash key: the secret
 * is looked up on the first erasure, and the export function, which is not given the key, runs without it.
 */
export function guestRightsFromEnvironment(): GuestRights {
  const table = tableFromEnvironment();
  let rights: (() => Promise<GuestRights>) | undefined;
  const withKey = () => {
    rights ??= keyed(secretFromEnvironment(environmentNames.erasedIdentityHashKey), (erasedIdentityHashKey) =>
      createDynamoGuestRights({ ...table, erasedIdentityHashKey }),
    );
    return rights();
  };
  const withoutKey = createDynamoGuestRights(table);
  return {
    exportGuest: (guestId) => withoutKey.exportGuest(guestId),
    eraseGuest: async (guestId, at) => (await withKey()).eraseGuest(guestId, at),
  };
}

/** How long a key read from Secrets Manager is used before it is read again (a changed key is picked up by then). */
export const secretMaxAgeSeconds = 300;

let secretsProvider: SecretsProvider | undefined;

/**
 * A key held in Secrets Manager, read at run time through Powertools Parameters and cached for
 * `secretMaxAgeSeconds`: the function's environment names the secret (its ARN on AWS), never holds the key.
 * Locally the same call reaches the local runtime's Secrets Manager endpoint (AWS_ENDPOINT_URL_SECRETS_MANAGER,
 * local/secrets-manager.ts). The variable is checked at once, so a function deployed without it fails its cold start.
 */
export function secretFromEnvironment(variable: string): () => Promise<string> {
  const secretId = readEnvironment(z.object({ [variable]: nonEmpty }))[variable] as string;
  return async () => {
    secretsProvider ??= new SecretsProvider({ awsSdkV3Client: getSecretsManagerClient() });
    const key = await secretsProvider.get(secretId, { maxAge: secretMaxAgeSeconds });
    // The message names the variable, never the value.
    if (typeof key !== 'string' || key.length < 32) throw new Error(`The secret named in ${variable} must hold a key of at least 32 characters`);
    return key;
  };
}

/** What `build` makes from the current key, made again only when the key changed. */
function keyed<T>(readKey: () => Promise<string>, build: (key: string) => T): () => Promise<T> {
  let built: { key: string; value: T } | undefined;
  return async () => {
    const key = await readKey();
    if (built?.key !== key) built = { key, value: build(key) };
    return built.value;
  };
}

export function publisherFromEnvironment(): EventPublisher {
  const env = readEnvironment(z.object({ [environmentNames.eventBusName]: nonEmpty }));
  return createEventBridgePublisher(getEventBridgeClient(), env[environmentNames.eventBusName]!);
}

/** Reads the key that signs (campaigns) and checks (unsubscribe route) unsubscribe links. */
export function unsubscribeSigningKeyFromEnvironment(): () => Promise<string> {
  return secretFromEnvironment(environmentNames.unsubscribeSigningKey);
}

/** A campaign's dependencies; the signing key is read for each run (`readUnsubscribeSigningKey`). */
export function campaignDependenciesFromEnvironment(): Omit<CampaignDependencies, 'remainingMs' | 'unsubscribeSigningKey'> & {
  readonly readUnsubscribeSigningKey: () => Promise<string>;
} {
  const env = readEnvironment(
    z.object({
      [environmentNames.publicApiUrl]: z.url(),
      [environmentNames.sesMaxSendRate]: z._default(
        z.pipe(nonEmpty, z.transform(Number)).check(z.refine((rate) => rate > 0, { message: 'must be a positive number' })),
        14,
      ),
      [environmentNames.sesConfigurationSet]: z.optional(nonEmpty),
    }),
  );
  return {
    store: campaignStoreFromEnvironment(),
    mailer: createSesMailer(getSesClient(), env[environmentNames.sesConfigurationSet] as string | undefined),
    readUnsubscribeSigningKey: unsubscribeSigningKeyFromEnvironment(),
    publicApiUrl: env[environmentNames.publicApiUrl] as string,
    maxSendRate: env[environmentNames.sesMaxSendRate] as number,
  };
}

export const clock: Clock = systemClock;

/** The survey link's store: reads the guest, records an answer once per email (history, card, monthly counts). */
export function absenceSurveyStoreFromEnvironment(): GuestReader & AbsenceAnswerRecorder {
  return createDynamoGuestStore(tableFromEnvironment());
}

/** Why lapsed guests left, counted per property and month. */
export function lapsedReasonsFromEnvironment(): LapsedReasonsReader {
  return createDynamoLapsedReasons(tableFromEnvironment());
}

/** The daily value segmentation: the property's value items and runs, and the guest store to record memberships. */
export function valueSegmentsFromEnvironment(): ValueSegmentsDependencies {
  const table = tableFromEnvironment();
  return { store: createDynamoTopGuests(table), recorder: createDynamoGuestStore(table) };
}

/** The admins' list of a property's top guests. */
export function topGuestsFromEnvironment(): TopGuestsStore {
  return createDynamoTopGuests(tableFromEnvironment());
}
