/**
 * A guest's visit history (stays, departures, meals, notes), newest first, paged: one Query of the guest's
 * partition per page. Staff of one property see only what happened there.
 */
import * as z from 'zod/mini';
import { guestIdSchema } from '../events/guest-events.ts';
import { allProperties, type Caller } from '../http/caller.ts';
import type { GuestReader } from '../ports.ts';
import { parseOrThrow } from '../validation.ts';
import { requireVisibleGuest } from './guest-visibility.ts';

const querySchema = z.strictObject({
  limit: z._default(z.pipe(z.string().check(z.regex(/^\d{1,3}$/, { message: 'must be a whole number from 1 to 100' })), z.transform(Number)).check(z.refine((n) => n >= 1 && n <= 100, { message: 'must be a whole number from 1 to 100' })), 20),
  cursor: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,700}$/, { message: 'must be the cursor of a previous page' }))),
});

/** Fields shown per kind of visit: an explicit allow-list, as for the card. */
const fieldsByKind: Record<string, readonly string[]> = {
  stay: ['kind', 'at', 'propertyId', 'room'],
  departure: ['kind', 'at', 'propertyId', 'room'],
  dining: ['kind', 'at', 'propertyId', 'outlet', 'mealPeriod', 'table', 'items', 'partySize'],
  note: ['kind', 'at', 'propertyId', 'category'],
};

export async function listGuestVisits(reader: GuestReader, caller: Caller, guestIdParameter: unknown, rawQuery: unknown) {
  const guestId = parseOrThrow(guestIdSchema, guestIdParameter, 'guest id', 'guestId');
  const query = parseOrThrow(querySchema, rawQuery, 'query', 'query');
  requireVisibleGuest(caller, guestId, await reader.getProfile(guestId));
  const page = await reader.listVisits(guestId, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
  const visits = page.visits
    .filter((visit) => caller.propertyId === allProperties || visit.propertyId === caller.propertyId)
    .map((visit) => Object.fromEntries((fieldsByKind[visit.kind as string] ?? ['kind', 'at']).filter((f) => f in visit).map((f) => [f, visit[f]])));
  return { guestId, visits, cursor: page.cursor ?? null };
}
