/**
 * The real ports, built once per container from the checked environment. A function module calls only what it
 * uses, at load time, so a missing variable fails the cold start with its name.
 */
import * as z from 'zod/mini';
import { readEnvironment, nonEmpty } from '../env.ts';
import { systemClock, type Clock, type EventPublisher, type GuestReader, type GuestRecorder } from '../ports.ts';
import { createDynamoGuestStore } from '../store/dynamo-guest-store.ts';
import { environmentNames } from '../wiring.ts';
import { getDocumentClient, getEventBridgeClient } from './clients.ts';
import { createEventBridgePublisher } from './eventbridge-publisher.ts';

export function guestStoreFromEnvironment(): GuestReader & GuestRecorder {
  const env = readEnvironment(z.object({ [environmentNames.tableName]: nonEmpty }));
  return createDynamoGuestStore({ documentClient: getDocumentClient(), tableName: env[environmentNames.tableName]! });
}

export function publisherFromEnvironment(): EventPublisher {
  const env = readEnvironment(z.object({ [environmentNames.eventBusName]: nonEmpty }));
  return createEventBridgePublisher(getEventBridgeClient(), env[environmentNames.eventBusName]!);
}

export const clock: Clock = systemClock;
