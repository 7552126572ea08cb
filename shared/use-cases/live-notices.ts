/**
 * Live notices (the Oriental's floor phoning down to the restaurant): a restaurant terminal opens a live connection
 * for its outlet; when the floor sees a guest head down, every terminal listening to that outlet is told at once.
 * The notice names the guest and the room; each terminal then reads the card with its own token, so what it shows
 * follows its role's allow-list like any other read.
 */
import * as z from 'zod/mini';
import { UnauthorizedError } from '../errors.ts';
import { propertyIdSchema, diningFields, outletAndMealPeriodCheck, type GuestComingDown } from '../events/guest-events.ts';
import { assertPropertyAccess, assertRole, callerFromClaims, type Role } from '../http/caller.ts';
import type { Clock, LiveConnections, LivePusher, TokenVerifier } from '../ports.ts';
import { parseOrThrow } from '../validation.ts';

/** API Gateway closes a WebSocket connection after two hours; the record of it goes then too. */
export const liveConnectionLifetimeMs = 2 * 60 * 60 * 1000;

/** Browsers cannot set headers on a WebSocket, so the token travels in the query of the connection request. */
const connectQuerySchema = z
  .strictObject({
    token: z.string().check(z.minLength(1), z.maxLength(8192)),
    propertyId: propertyIdSchema,
    outlet: diningFields.outlet,
  })
  .check(outletAndMealPeriodCheck);

export interface LiveDependencies {
  readonly connections: LiveConnections;
  readonly verifier: TokenVerifier;
  readonly clock: Clock;
}

/** A terminal asks to listen to an outlet: the token must be valid, its role allowed, its property the outlet's. */
export async function connectTerminal(deps: LiveDependencies, connectionId: string, rawQuery: unknown, roles: readonly Role[]): Promise<void> {
  const query = parseOrThrow(connectQuerySchema, rawQuery, 'query', 'query');
  const claims = await deps.verifier.verify(query.token).catch((error: unknown) => {
    throw new UnauthorizedError('The token is not valid', { cause: error });
  });
  const caller = callerFromClaims(claims);
  assertRole(caller, roles);
  assertPropertyAccess(caller, query.propertyId);
  const expiresAt = new Date(deps.clock.now().getTime() + liveConnectionLifetimeMs);
  await deps.connections.add({ connectionId, propertyId: query.propertyId, outlet: query.outlet, role: caller.role }, expiresAt);
}

export async function disconnectTerminal({ connections }: Pick<LiveDependencies, 'connections'>, connectionId: string): Promise<void> {
  await connections.remove(connectionId);
}

export interface ComingDownNotice {
  readonly type: 'guest-coming-down';
  readonly notice: Pick<GuestComingDown, 'propertyId' | 'outlet' | 'room' | 'guestId' | 'salutation' | 'at'> & { readonly noticeId: string };
}

/**
 * Tells every terminal listening to the outlet. Safe to run twice: a terminal shows a notice once, by its id. A
 * terminal that has gone is forgotten; one that fails otherwise makes the delivery fail, so the bus retries it.
 */
export async function passOnComingDown(
  { connections, pusher }: { connections: LiveConnections; pusher: LivePusher },
  detail: GuestComingDown,
): Promise<string> {
  const message: ComingDownNotice = {
    type: 'guest-coming-down',
    notice: {
      noticeId: detail.eventId,
      at: detail.at,
      propertyId: detail.propertyId,
      outlet: detail.outlet,
      room: detail.room,
      guestId: detail.guestId,
      salutation: detail.salutation,
    },
  };
  const listeners = await connections.listForOutlet(detail.propertyId, detail.outlet);
  const outcomes = await Promise.all(
    listeners.map(async ({ connectionId }) => {
      const outcome = await pusher.push(connectionId, message);
      if (outcome === 'gone') await connections.remove(connectionId);
      return outcome;
    }),
  );
  return `passed on to ${outcomes.filter((o) => o === 'sent').length} of ${listeners.length} terminals`;
}
