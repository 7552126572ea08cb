/**
 * The real ports, built once per container from the checked environment. A function module calls only what it
 * uses, at load time, so a missing variable fails the cold start with its name.
 */
import * as z from 'zod/mini';
import { readEnvironment, nonEmpty } from '../env.ts';
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
import { createDynamoGuestStore } from '../store/dynamo-guest-store.ts';
import type { GuestRights } from '../use-cases/guest-rights.ts';
import type { CampaignDependencies } from '../use-cases/run-campaign.ts';
import { environmentNames } from '../wiring.ts';
import { getDocumentClient, getEventBridgeClient, getSesClient } from './clients.ts';
import { createSesMailer } from './ses-mailer.ts';
import { createEventBridgePublisher } from './eventbridge-publisher.ts';

/** The table every store works on: its name from the environment, with the shared document client. */
function tableFromEnvironment(): { documentClient: DynamoDBDocumentClient; tableName: string } {
  const env = readEnvironment(z.object({ [environmentNames.tableName]: nonEmpty }));
  return { documentClient: getDocumentClient(), tableName: env[environmentNames.tableName]! };
}

export function guestStoreFromEnvironment(): GuestReader & GuestRecorder {
  return createDynamoGuestStore(tableFromEnvironment());
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
  return createDynamoGuestStore({ ...tableFromEnvironment(), erasedIdentityHashKey: erasedIdentityHashKeyFromEnvironment() });
}

export function liveConnectionsFromEnvironment(): LiveConnections {
  return createDynamoLiveConnections(tableFromEnvironment());
}

export function livePusherFromEnvironment(): LivePusher {
  const env = readEnvironment(z.object({ [environmentNames.liveCallbackUrl]: z.url() }));
  return createApiGatewayPusher(new ApiGatewayManagementApiClient({ endpoint: env[environmentNames.liveCallbackUrl]! }));
}

export function tokenVerifierFromEnvironment(): TokenVerifier {
  const env = readEnvironment(
    z.object({ [environmentNames.jwtIssuer]: nonEmpty, [environmentNames.jwtJwksUrl]: z.url(), [environmentNames.jwtAudiences]: nonEmpty }),
  );
  return createJwksTokenVerifier({
    issuer: env[environmentNames.jwtIssuer]!,
    jwksUrl: env[environmentNames.jwtJwksUrl]!,
    audiences: env[environmentNames.jwtAudiences]!.split(',').map((a) => a.trim()).filter(Boolean),
  });
}

/** Who looked at which guest; records are kept ACCESS_LOG_RETENTION_DAYS days (a year unless set). */
export function accessLogFromEnvironment(): AccessLogStore {
  const env = readEnvironment(
    z.object({
      [environmentNames.accessLogRetentionDays]: z.optional(
        z.pipe(z.string().check(z.regex(/^\d{1,5}$/, { message: 'must be a whole number of days' })), z.transform(Number)).check(
          z.refine((days) => days >= 1, { message: 'must be at least 1 day' }),
        ),
      ),
    }),
  );
  const retentionDays = (env[environmentNames.accessLogRetentionDays] as number | undefined) ?? defaultAccessLogRetentionDays;
  return createDynamoAccessLog({ ...tableFromEnvironment(), retentionDays });
}

export function guestRightsFromEnvironment(): GuestRights {
  return createDynamoGuestRights({ ...tableFromEnvironment(), erasedIdentityHashKey: erasedIdentityHashKeyFromEnvironment() });
}

function erasedIdentityHashKeyFromEnvironment(): string {
  const env = readEnvironment(z.object({ [environmentNames.erasedIdentityHashKey]: z.string().check(z.minLength(32)) }));
  return env[environmentNames.erasedIdentityHashKey]!;
}

export function publisherFromEnvironment(): EventPublisher {
  const env = readEnvironment(z.object({ [environmentNames.eventBusName]: nonEmpty }));
  return createEventBridgePublisher(getEventBridgeClient(), env[environmentNames.eventBusName]!);
}

/** The key that signs (campaigns) and checks (unsubscribe route) unsubscribe links. */
export function unsubscribeSigningKeyFromEnvironment(): string {
  const env = readEnvironment(z.object({ [environmentNames.unsubscribeSigningKey]: z.string().check(z.minLength(32)) }));
  return env[environmentNames.unsubscribeSigningKey]!;
}

export function campaignDependenciesFromEnvironment(): Omit<CampaignDependencies, 'remainingMs'> {
  const env = readEnvironment(
    z.object({
      [environmentNames.publicApiUrl]: z.url(),
      [environmentNames.sesMaxSendRate]: z._default(z.pipe(nonEmpty, z.transform(Number)).check(z.refine((rate) => rate > 0, { message: 'must be a positive number' })), 14),
      [environmentNames.sesConfigurationSet]: z.optional(nonEmpty),
    }),
  );
  return {
    store: campaignStoreFromEnvironment(),
    mailer: createSesMailer(getSesClient(), env[environmentNames.sesConfigurationSet] as string | undefined),
    unsubscribeSigningKey: unsubscribeSigningKeyFromEnvironment(),
    publicApiUrl: env[environmentNames.publicApiUrl] as string,
    maxSendRate: env[environmentNames.sesMaxSendRate] as number,
  };
}

export const clock: Clock = systemClock;
